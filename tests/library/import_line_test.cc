#include "library/import_line.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace helmarr::library {
namespace {

constexpr std::string_view kHash = "cf40c40b7b6421419f353004010f3a32e6b2e7d2";

std::string line(std::string fields) {
  return std::string(R"({"infoHash":")") + std::string(kHash) + R"(","name":"Show.S01E02.720p",)" + fields + "}";
}

TEST(ImportLine, BitmagnetShape) {
  ImportLineParser p;
  auto r = p.parse(line(R"("size":1234,"publishedAt":"2024-06-01T12:00:00Z","source":"bitmagnet",)"
                        R"("contentType":"tv_show","files":[{"path":"a.mkv","size":1000},{"path":"b.nfo","size":234}],)"
                        R"("seeders":5,"leechers":null,"contentSource":"tmdb")"),
                   "import");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->info_hash.hex(), kHash);
  EXPECT_EQ(r->name, "Show.S01E02.720p");
  EXPECT_EQ(r->size, 1234u);
  EXPECT_EQ(r->published_at, 1717243200);
  EXPECT_EQ(r->source, "bitmagnet");
  EXPECT_EQ(r->content_type, media::ContentType::tv_show);
  ASSERT_TRUE(r->files);
  EXPECT_EQ(r->files->size(), 2u);
  EXPECT_EQ((*r->files)[1].path, "b.nfo");
  EXPECT_EQ(r->seeders, 5);
  EXPECT_FALSE(r->leechers);
}

TEST(ImportLine, DefaultsAndOptionalFields) {
  ImportLineParser p;
  auto r = p.parse(line(R"("size":1)"), "import");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->source, "import");
  EXPECT_FALSE(r->files);
  EXPECT_FALSE(r->published_at);
}

TEST(ImportLine, ErrorsNameTheField) {
  ImportLineParser p;
  auto reason = [&](std::string text) {
    auto r = p.parse(text, "import");
    EXPECT_FALSE(r) << text;
    return r ? std::string() : r.error().message;
  };
  EXPECT_EQ(reason("not json"), "not valid JSON");
  EXPECT_EQ(reason("[1,2]"), "must be a JSON object");
  EXPECT_EQ(reason(R"({"name":"x"})"), "infoHash is required");
  EXPECT_EQ(reason(std::string(R"({"infoHash":")") + std::string(kHash) + R"("})"), "name is required");
  EXPECT_NE(reason(R"({"infoHash":"abc","name":"x"})").find("infoHash: info_hash must be 40 or 64 hex digits"),
            std::string::npos);
  EXPECT_EQ(reason(line(R"("size":-1)")), "size must be a non-negative integer");
  EXPECT_EQ(reason(line(R"("size":"12")")), "size must be a non-negative integer");
  EXPECT_EQ(reason(line(R"("publishedAt":"yesterday")")), "publishedAt must be an RFC 3339 timestamp");
  EXPECT_EQ(reason(line(R"("files":[{"size":1}])")), "files[0].path is required");
  EXPECT_EQ(reason(line(R"("files":[{"path":"a","size":1.5}])")), "files[0].size must be a non-negative integer");
  EXPECT_NE(reason(line(R"("contentType":"films")")).find("contentType 'films' is not one of movie, tv_show"),
            std::string::npos);
  EXPECT_EQ(reason(line(R"("seeders":true)")), "seeders must be a non-negative integer");
  EXPECT_EQ(reason(line(R"("size":1} {"x":1)")), "not valid JSON");
}

RC_GTEST_PROP(ImportLineProperty, AnyLineParsesOrIsRefusedWithAReason, (const std::string& text)) {
  ImportLineParser p;
  auto r = p.parse(text, "import");
  if (r) {
    RC_ASSERT(!r->info_hash.empty());
    RC_ASSERT(!r->name.empty());
  } else {
    RC_ASSERT(r.error().code == ErrorCode::invalid_request);
  }
}

}  // namespace
}  // namespace helmarr::library
