#include "library/importer.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "support/library_fixture.h"

namespace helmarr::library {
namespace {

std::string ndjson(int n, std::string name) {
  return fmt::format(R"({{"infoHash":"{:040x}","name":"{}","size":1000}})", n, name);
}

TEST(Importer, CountsImportedUpdatedAndRejectedWithLineNumbers) {
  testing::LibraryFixture f;
  Importer importer(*f.library, {.batch_size = 3});
  importer.set_input("dump.ndjson");
  std::vector<std::string> lines = {ndjson(1, "A.Movie.2001.720p.BluRay"), "{broken", "",
                                    ndjson(2, "B.Show.S01E01.720p.HDTV"), ndjson(1, "A.Movie.2001.1080p.BluRay"),
                                    R"({"infoHash":"00","name":"x"})", ndjson(3, "C.Album.2010.FLAC")};
  for (std::size_t i = 0; i < lines.size(); ++i) ASSERT_TRUE(importer.add_line(lines[i], static_cast<int>(i) + 1));
  ASSERT_TRUE(importer.flush());
  const auto s = importer.summary();
  EXPECT_EQ(s.imported, 3);
  EXPECT_EQ(s.updated, 1);
  EXPECT_EQ(s.rejected, 2);
  ASSERT_EQ(s.rejections.size(), 2u);
  EXPECT_EQ(s.rejections[0].line, 2);
  EXPECT_EQ(s.rejections[0].file, "dump.ndjson");
  EXPECT_EQ(s.rejections[0].reason, "not valid JSON");
  EXPECT_EQ(s.rejections[1].line, 6);
  EXPECT_EQ(f.library->counts()->torrents, 3);
  const auto json = to_json(s);
  EXPECT_EQ(json["rejections"][0]["line"], 2);
  EXPECT_FALSE(json["rejections_truncated"]);
}

TEST(Importer, AThousandGeneratedRecordsAreEachFoundByTheirOwnTitle) {
  testing::LibraryFixture f;
  Importer importer(*f.library, {.batch_size = 128});
  std::vector<std::string> titles;
  const char* words[] = {"amber", "birch", "cobalt", "dune", "ember", "fjord", "garnet", "harbor", "iris", "jade"};
  for (int i = 0; i < 1000; ++i) {
    const std::string title = fmt::format("{} {} {}", words[i % 10], words[(i / 10) % 10], words[(i / 100) % 10]);
    titles.push_back(title);
    std::string name = title;
    for (char& c : name) c = c == ' ' ? '.' : c;
    ASSERT_TRUE(importer.add_line(ndjson(i + 1, fmt::format("{}.S{:02}E{:02}.1080p.WEB-DL-GRP", name, i % 9 + 1,
                                                             i % 20 + 1)),
                                  i + 1));
  }
  ASSERT_TRUE(importer.flush());
  EXPECT_EQ(importer.summary().imported, 1000);
  for (int i = 0; i < 1000; ++i) {
    auto page = f.library->search({.text = "\"" + titles[i] + "\"", .season = i % 9 + 1, .episode = i % 20 + 1});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1u) << titles[i];
    EXPECT_EQ(page->items[0].info_hash.hex(), fmt::format("{:040x}", i + 1));
  }
}

}  // namespace
}  // namespace helmarr::library
