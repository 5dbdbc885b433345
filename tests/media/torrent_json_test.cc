// The classifier's NDJSON input line: fields checked, errors name the field,
// nesting bounded before parsing.
#include "media/torrent_json.h"

#include <gtest/gtest.h>

namespace helmarr::media {
namespace {

TEST(TorrentJson, ReadsNameSizeAndFiles) {
  auto t = TorrentJson::parse(R"({"name":"Show.S01E01.720p","size":10,"files":[{"path":"a.mkv","size":7},{"path":"b"}]})");
  ASSERT_TRUE(t) << t.error().message;
  TorrentJson moved = std::move(*t);  // the views stay valid
  const auto d = moved.description();
  EXPECT_EQ(d.name, "Show.S01E01.720p");
  EXPECT_EQ(d.size, 10u);
  ASSERT_EQ(d.files.size(), 2u);
  EXPECT_EQ(d.files[0].path, "a.mkv");
  EXPECT_EQ(d.files[0].size, 7u);
  EXPECT_EQ(d.files[1].size, std::nullopt);
}

TEST(TorrentJson, ErrorsNameTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {"{", "not valid JSON"},
      {"[1]", "must be a JSON object"},
      {R"({"size":1})", "\"name\" must be a string"},
      {R"({"name":"x","size":-1})", "\"size\" must be a non-negative integer (bytes)"},
      {R"({"name":"x","files":{}})", "\"files\" must be an array of {\"path\", \"size\"}"},
      {R"({"name":"x","files":[{"path":"a"},{"size":1}]})", "files[1].path must be a string"},
      {R"({"name":"x","files":[{"path":"a","size":1.5}]})", "files[0].size must be a non-negative integer (bytes)"},
  };
  for (const auto& [line, message] : cases) {
    auto t = TorrentJson::parse(line);
    ASSERT_FALSE(t) << line;
    EXPECT_EQ(t.error().message, message) << line;
  }
}

TEST(TorrentJson, RefusesDeepNestingBeforeParsing) {
  std::string line = R"({"name":"x","files":)";
  line.append(100000, '[');
  line.append(100000, ']');
  line += "}";
  auto t = TorrentJson::parse(line);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message, "JSON nesting deeper than 64 levels");
}

}  // namespace
}  // namespace helmarr::media
