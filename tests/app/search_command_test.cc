// `helmarr search`: the API's JSON exactly with --json, a table otherwise,
// bad parameters named with exit code 2, against the real library.
#include "app/search_command.h"

#include <gtest/gtest.h>

#include <sstream>

#include "support/library_fixture.h"
#include "support/route_call.h"

#include "api/dashboard/torrents_controller.h"
#include "library/demo_seed.h"

namespace helmarr::app {
namespace {

class SearchCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(library::seed_demo(*lib_.library));
    controller_.register_routes(router_);
  }
  int search(const SearchOptions& o, TableStyle style = {}) {
    out_.str("");
    err_.str("");
    return run_search(*lib_.library, o, style, out_, err_);
  }
  testing::LibraryFixture lib_;
  api::dashboard::TorrentsController controller_{*lib_.library};
  http::Router router_;
  std::ostringstream out_, err_;
};

TEST_F(SearchCommandTest, JsonIsWhatTheApiAnswers) {
  struct Case {
    SearchOptions options;
    std::string target;
  };
  const std::vector<Case> cases = {
      {{.text = "", .json = true}, "/api/torrents"},
      {{.text = "dune", .json = true}, "/api/torrents?q=dune"},
      {{.text = "", .json = true, .limit = "3", .offset = "2", .content_type = "music"},
       "/api/torrents?limit=3&offset=2&content_type=music"},
  };
  for (const auto& c : cases) {
    ASSERT_EQ(search(c.options), 0) << err_.str();
    auto api = testing::call_route(router_, http::Method::get, c.target);
    ASSERT_EQ(api.status, 200);
    EXPECT_EQ(nlohmann::json::parse(out_.str()), api.body) << c.target;
  }
}

TEST_F(SearchCommandTest, TableShowsNameSizeTypeSeedersDateAndTheTotal) {
  ASSERT_EQ(search({.text = "oppenheimer"}), 0) << err_.str();
  const auto text = out_.str();
  EXPECT_NE(text.find("NAME"), std::string::npos) << text;
  EXPECT_NE(text.find("SEEDERS"), std::string::npos) << text;
  EXPECT_NE(text.find("Oppenheimer.2023.1080p.BluRay.x264-SPARKS"), std::string::npos) << text;
  EXPECT_NE(text.find("14.3 GiB"), std::string::npos) << text;  // the three files of the demo torrent
  EXPECT_NE(text.find("movie"), std::string::npos) << text;
  EXPECT_NE(text.find("1893"), std::string::npos) << text;
  EXPECT_NE(text.find("Showing 1-1 of 1 torrent\n"), std::string::npos) << text;

  ASSERT_EQ(search({.text = "nosuchwordanywhere"}), 0);
  EXPECT_EQ(out_.str(), "No torrents found\n");
}

TEST_F(SearchCommandTest, NarrowTerminalCutsLongNames) {
  ASSERT_EQ(search({.text = "dune", .limit = "1"}, {.width = 80}), 0);
  std::istringstream lines(out_.str());
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 80u) << line;
  EXPECT_NE(out_.str().find("..."), std::string::npos) << out_.str();
}

TEST_F(SearchCommandTest, BadParametersAreNamedWithExitCode2) {
  EXPECT_EQ(search({.limit = "0"}), 2);
  EXPECT_NE(err_.str().find("limit"), std::string::npos) << err_.str();
  EXPECT_EQ(search({.limit = "501"}), 2);
  EXPECT_EQ(search({.offset = "-3"}), 2);
  EXPECT_NE(err_.str().find("offset"), std::string::npos) << err_.str();
  EXPECT_EQ(search({.content_type = "films"}), 2);
  EXPECT_NE(err_.str().find("content_type"), std::string::npos) << err_.str();
  EXPECT_TRUE(out_.str().empty());
}

// A library whose total is an estimate (large match sets): the table says "about".
class EstimatingLibrary final : public library::Library {
 public:
  Result<library::SearchPage> search(const library::SearchQuery&) override {
    library::SearchPage page;
    page.total = 1200000;
    page.total_estimated = true;
    library::TorrentRecord t;
    t.info_hash = *torrent::parse_info_hash_hex(std::string(40, 'a'));
    t.name = "Some.Show.S01E01.1080p.WEB.h264-GRP";
    t.size = 1536 * 1024 * 1024ull;
    t.content_type = media::ContentType::tv_show;
    t.first_seen = 1767225600;
    page.items.push_back(t);
    return page;
  }
  Result<std::optional<library::TorrentDetail>> find(const torrent::InfoHash&) override { return std::nullopt; }
  Result<library::LibraryCounts> counts() override { return library::LibraryCounts{}; }
  std::vector<library::TorrentRecord> prepare(std::span<const library::ImportRecord>) const override { return {}; }
  Result<library::UpsertCounts> write(std::span<const library::ImportRecord>,
                                      std::vector<library::TorrentRecord>) override {
    return library::UpsertCounts{};
  }
};

TEST(SearchCommand, EstimatedTotalsSayAbout) {
  EstimatingLibrary lib;
  std::ostringstream out, err;
  ASSERT_EQ(run_search(lib, {}, {}, out, err), 0);
  EXPECT_NE(out.str().find("Showing 1-1 of about 1200000 torrents"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("1.50 GiB"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(" - "), std::string::npos) << "unknown seeders: " << out.str();
  EXPECT_NE(out.str().find("2026-01-01"), std::string::npos) << out.str();
  out.str("");
  ASSERT_EQ(run_search(lib, {.json = true}, {}, out, err), 0);
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["totalCount"], 1200000);
  EXPECT_EQ(j["totalCountIsEstimate"], true);
}

TEST(HumanSize, BinaryUnitsThreeDigits) {
  EXPECT_EQ(human_size(0), "0 B");
  EXPECT_EQ(human_size(1023), "1023 B");
  EXPECT_EQ(human_size(1024), "1.00 KiB");
  EXPECT_EQ(human_size(1536), "1.50 KiB");
  EXPECT_EQ(human_size(812ull * 1024 * 1024), "812 MiB");
  EXPECT_EQ(human_size(15'000'005'000ull), "14.0 GiB");
  EXPECT_EQ(human_size(UINT64_MAX), "16.0 EiB");
}

}  // namespace
}  // namespace helmarr::app
