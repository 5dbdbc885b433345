// The classifier: a labelled corpus of torrents of every content type, and
// unit tests of each rule condition, of scoring and of categories.
#include "media/classifier.h"

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace helmarr::media {
namespace {

const Classifier& builtin() {
  static const Classifier c(builtin_classifier_rules());
  return c;
}

Classification classify_name(std::string_view name, std::optional<std::uint64_t> size = std::nullopt) {
  return builtin().classify({.name = name, .size = size});
}

using Cats = std::vector<int>;

// tests/media/data/classification_cases.jsonl: realistic names and file
// lists of every type with the type and categories a user expects.
TEST(ClassifierCorpus, EveryCaseGetsTheExpectedTypeAndCategories) {
  std::ifstream in(std::string(HELMARR_TEST_DIR) + "/media/data/classification_cases.jsonl");
  ASSERT_TRUE(in) << "corpus missing";
  std::string line;
  int cases = 0, right = 0;
  std::set<std::string> types_seen;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    const auto& name = j["name"].get_ref<const std::string&>();
    std::vector<std::string> paths;
    std::vector<TorrentFileEntry> files;
    if (j.contains("files")) {
      for (const auto& f : j["files"]) files.push_back({f["path"].get_ref<const std::string&>(), f["size"].get<std::uint64_t>()});
    }
    TorrentDescription t{.name = name, .files = files};
    if (j.contains("size")) t.size = j["size"].get<std::uint64_t>();
    const auto c = builtin().classify(t);
    ++cases;
    const auto expected = j["expect"].get<std::string>();
    types_seen.insert(expected);
    const bool ok = to_string(c.content_type) == expected && c.categories == j["categories"].get<Cats>();
    right += ok;
    EXPECT_TRUE(ok) << name << "\n  expected " << expected << " " << j["categories"].dump() << ", got "
                    << to_json(c, true).dump();
    EXPECT_GE(c.confidence, 0.0);
    EXPECT_LE(c.confidence, 1.0);
  }
  std::printf("classifier corpus: %d / %d right, %zu content types\n", right, cases, types_seen.size());
  EXPECT_GE(cases, 40);
  EXPECT_EQ(types_seen.size(), kContentTypeNames.size()) << "the corpus covers every content type";
}

TEST(ClassifierExtensions, WeightFollowsTheShareOfBytes) {
  // A film with a big subtitle pack is still a film; a music album with a
  // small music video is still music.
  const std::vector<TorrentFileEntry> film = {{"a/movie.mkv", 4'000'000'000}, {"a/subs.srt", 100'000}};
  const auto a = builtin().classify({.name = "Something", .files = film});
  EXPECT_EQ(a.content_type, ContentType::movie);
  const std::vector<TorrentFileEntry> album = {
      {"x/01.flac", 40'000'000}, {"x/02.flac", 40'000'000}, {"x/video.mkv", 10'000'000}};
  const auto b = builtin().classify({.name = "Something", .files = album});
  EXPECT_EQ(b.content_type, ContentType::music);
  EXPECT_EQ(b.categories, Cats({3000, 3040}));
  // Without sizes the count decides.
  const std::vector<TorrentFileEntry> unsized = {{"1.mp3", {}}, {"2.mp3", {}}, {"3.jpg", {}}};
  EXPECT_EQ(builtin().classify({.name = "x", .files = unsized}).content_type, ContentType::music);
  // Extensions compare without case; a dot in a folder name is no extension.
  const std::vector<TorrentFileEntry> upper = {{"Dir.v2/BOOK.EPUB", 1000}};
  EXPECT_EQ(builtin().classify({.name = "x", .files = upper}).content_type, ContentType::ebook);
  const std::vector<TorrentFileEntry> dotted = {{"some.epub/README", 1000}};
  EXPECT_EQ(builtin().classify({.name = "x", .files = dotted}).content_type, ContentType::unknown);
}

TEST(ClassifierNameOnly, UsesTheNamesOwnExtensionAndWords) {
  EXPECT_EQ(classify_name("Some.Book.epub").content_type, ContentType::ebook);
  EXPECT_EQ(classify_name("Series.S01E01.720p.HDTV.x264-GRP").content_type, ContentType::tv_show);
  EXPECT_EQ(classify_name("Movie.2019.1080p.WEB-DL.DDP5.1.H.264-GRP").content_type, ContentType::movie);
  // A dotted name ending in an audio codec is a film with that audio, not a .flac file.
  EXPECT_EQ(classify_name("Movie.2019.1080p.BluRay.FLAC").content_type, ContentType::movie);
  EXPECT_EQ(classify_name("Artist - Song.flac").content_type, ContentType::music);
  const auto none = classify_name("just some words");
  EXPECT_EQ(none.content_type, ContentType::unknown);
  EXPECT_EQ(none.confidence, 0.0);
  EXPECT_EQ(none.categories, Cats({8000}));
  EXPECT_TRUE(none.rules.empty());
}

TEST(ClassifierTags, CountOnlyOutsideTheParsedTitle) {
  // "xxx" is a tag: the film xXx keeps its title, a tagged release is adult.
  EXPECT_EQ(classify_name("xXx.2002.1080p.BluRay.x264-GRP").content_type, ContentType::movie);
  EXPECT_EQ(classify_name("Some.Site.22.03.04.Name.XXX.1080p.MP4-GRP").content_type, ContentType::xxx);
  // "switch" is a console only outside a film's title.
  EXPECT_EQ(classify_name("The.Switch.2010.720p.BluRay.x264-GRP").content_type, ContentType::movie);
  EXPECT_EQ(classify_name("Some Game NSW-GRP").content_type, ContentType::game);
}

TEST(ClassifierCategories, ResolutionSubcategoriesAndAnime) {
  EXPECT_EQ(classify_name("Movie.2020.2160p.UHD.BluRay.x265-GRP").categories, Cats({2000, 2045}));
  EXPECT_EQ(classify_name("Movie.2020.720p.BluRay.x264-GRP").categories, Cats({2000, 2040}));
  EXPECT_EQ(classify_name("Movie.2020.DVDRip.XviD-GRP").categories, Cats({2000, 2030}));
  EXPECT_EQ(classify_name("Movie.2020.COMPLETE.BLURAY-GRP").categories, Cats({2000, 2050}));
  EXPECT_EQ(classify_name("Movie.2020.mkv").categories, Cats({2000}));  // resolution unknown: parent only
  EXPECT_EQ(classify_name("Show.S01E01.2160p.WEB-DL.x265-GRP").categories, Cats({5000, 5045}));
  EXPECT_EQ(classify_name("Show.S01E01.HDTV.XviD-GRP").categories, Cats({5000, 5030}));
  EXPECT_EQ(classify_name("[Group] Anime - 05 [1080p][ABCD1234]").categories, Cats({5000, 5040, 5070}));
}

TEST(ClassifierConfidence, IsTheWinnersShareScaledByEvidence) {
  const auto strong = classify_name("Show.S01E01.720p.HDTV.x264-GRP");
  EXPECT_EQ(strong.confidence, 1.0);
  // Music tags in a name without files are some evidence, not proof; a year
  // alone is none.
  const auto thin = classify_name("Artist - Album Name (2020) [FLAC]");
  EXPECT_EQ(thin.content_type, ContentType::music);
  EXPECT_GT(thin.confidence, 0.0);
  EXPECT_LT(thin.confidence, 1.0);
  EXPECT_EQ(classify_name("Some Words 1999").content_type, ContentType::unknown);
  // Mixed evidence: a film name with a lossless-audio tag is less certain.
  const auto mixed = classify_name("Movie.2020.1080p.BluRay.FLAC.x264-GRP");
  EXPECT_EQ(mixed.content_type, ContentType::movie);
  EXPECT_LT(mixed.confidence, strong.confidence);
}

ClassifierRules with_operator_file(std::string_view toml) {
  auto rules = builtin_classifier_rules();
  auto r = apply_classifier_rules(rules, toml, "operator.toml");
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return rules;
}

TEST(ClassifierOperatorRules, AddReplaceDisableAndRecategorise) {
  // A new high-priority rule decides alone.
  const Classifier added(with_operator_file(R"(
[[rule]]
id = "my-group-is-documentary"
content_type = "movie"
priority = 5
groups = ["DocGroup"]
categories = [2000, 2020]
)"));
  const auto doc = added.classify({.name = "Show.S01E01.720p.HDTV.x264-DOCGROUP"});
  EXPECT_EQ(doc.content_type, ContentType::movie);
  EXPECT_EQ(doc.categories, Cats({2000, 2020, 2040}));
  EXPECT_EQ(doc.rules, std::vector<std::string_view>({"my-group-is-documentary"}));

  // Disabling the anime rule drops 5070; replacing a type's categories applies.
  const Classifier changed(with_operator_file(R"(
[types.tv_show]
categories = [5000]
hd = 5010

[[rule]]
id = "anime"
enabled = false
)"));
  EXPECT_EQ(changed.classify({.name = "[Group] Anime - 05 [1080p][ABCD1234]"}).categories, Cats({5000, 5010}));

  // Replacing a rule by id keeps one rule with that id.
  const auto replaced = with_operator_file(R"(
[[rule]]
id = "video-files"
content_type = "video"
weight = 1
extensions = ["mkv"]
)");
  EXPECT_EQ(std::count_if(replaced.rules.begin(), replaced.rules.end(), [](const auto& r) { return r.id == "video-files"; }), 1);
  EXPECT_EQ(replaced.rules.size(), builtin_classifier_rules().rules.size());
}

TEST(ClassifierOperatorRules, SizeThresholdsNeedAKnownSize) {
  const Classifier c(with_operator_file(R"(
[[rule]]
id = "huge-is-video"
content_type = "video"
priority = 1
min_size = "20 GB"
extensions = ["bin"]
)"));
  const std::vector<TorrentFileEntry> big = {{"x.bin", 30'000'000'000}};
  EXPECT_EQ(c.classify({.name = "x", .files = big}).content_type, ContentType::movie);
  const std::vector<TorrentFileEntry> small = {{"x.bin", 3'000'000'000}};
  EXPECT_NE(c.classify({.name = "x", .files = small}).content_type, ContentType::movie);
  EXPECT_EQ(c.classify({.name = "x.bin"}).content_type, ContentType::unknown);  // size unknown
  EXPECT_EQ(c.classify({.name = "x.bin", .size = 25'000'000'000}).content_type, ContentType::movie);
}

std::string error_of(std::string_view toml) {
  auto rules = builtin_classifier_rules();
  const auto before = rules.rules.size();
  auto r = apply_classifier_rules(rules, toml, "op.toml");
  EXPECT_EQ(rules.rules.size(), before) << "a file with an error changes nothing";
  return r ? std::string("(no error)") : r.error().message;
}

TEST(ClassifierOperatorRules, ErrorsNameTheFileLineAndField) {
  EXPECT_EQ(error_of("[[rule]]\nid = \"a\"\ncontent_type = \"films\"\nkeywords = [\"x\"]\n"),
            "op.toml line 3: rule 'a': unknown content_type 'films' (one of movie, tv_show, music, audiobook, ebook, "
            "comic, software, game, xxx, unknown, or video)");
  EXPECT_EQ(error_of("[[rule]]\nid = \"a\"\ncontent_type = \"movie\"\nkeyword = [\"x\"]\n"),
            "op.toml line 4: rule 'a': unknown key 'keyword'");
  EXPECT_EQ(error_of("[[rule]]\nid = \"a\"\ncontent_type = \"movie\"\n"),
            "op.toml line 1: rule 'a' has no condition (keywords, tags, groups, extensions, min_size, max_size, "
            "release_kind, video_quality or anime), so it would match everything");
  EXPECT_EQ(error_of("[[rule]]\nid = \"nope\"\nenabled = false\n"),
            "op.toml line 1: rule 'nope' is disabled but no earlier rule has that id");
  EXPECT_EQ(error_of("[[rule]]\nid = \"a\"\ncontent_type = \"movie\"\nmin_size = \"lots\"\n"),
            "op.toml line 4: rule 'a': min_size \"lots\" is not a size (bytes, or e.g. \"700 MB\", \"4 GiB\")");
  EXPECT_EQ(error_of("[[rule]]\nid = \"a\"\ncontent_type = \"movie\"\nweight = -1\nkeywords=[\"x\"]\n"),
            "op.toml line 4: rule 'a': weight must be between 0.001 and 1000, got -1");
  EXPECT_EQ(error_of("[[rule]]\nid = \"a\"\ncontent_type = \"movie\"\nkeywords = [\"--\"]\n"),
            "op.toml line 4: rule 'a': keywords entry \"--\" has no letters or digits");
  EXPECT_EQ(error_of("[[rule]]\nid = \"a\"\ncontent_type = \"movie\"\nkeywords = [\"x\"]\n[[rule]]\nid = \"a\"\n"
                     "content_type = \"movie\"\nkeywords = [\"y\"]\n"),
            "op.toml line 5: rule 'a' appears twice in this file");
  EXPECT_EQ(error_of("[types.films]\ncategories = [2000]\n"),
            "op.toml line 1: unknown content type 'types.films' (one of movie, tv_show, music, audiobook, ebook, "
            "comic, software, game, xxx, unknown)");
  EXPECT_EQ(error_of("version = 2\n"), "op.toml line 1: version must be between 1 and 1, got 2");
  EXPECT_EQ(error_of("[[rule]\n"), "op.toml line 1, column 8: TOML syntax error: Error while parsing table header: "
                                   "expected ']', saw '\\n'");
  EXPECT_EQ(error_of("[[rule]]\nid = \"Bad Id\"\n"),
            "op.toml line 2: rule id \"Bad Id\" must be 1-64 characters of a-z, 0-9, '-', '_' or '.'");
}

TEST(ClassifierRulesText, ParsesByteSizes) {
  EXPECT_EQ(parse_byte_size("123"), 123u);
  EXPECT_EQ(parse_byte_size("700 MB"), 700'000'000u);
  EXPECT_EQ(parse_byte_size("1.5GB"), 1'500'000'000u);
  EXPECT_EQ(parse_byte_size("4 GiB"), 4ull << 30);
  EXPECT_EQ(parse_byte_size("2 tib"), 2ull << 40);
  EXPECT_FALSE(parse_byte_size("-1 MB"));
  EXPECT_FALSE(parse_byte_size("MB"));
  EXPECT_FALSE(parse_byte_size("5 parsecs"));
  EXPECT_FALSE(parse_byte_size("1e30 TB"));
  EXPECT_EQ(split_words("Dir.v2 - Hörbuch_[x264]"), std::vector<std::string>({"dir", "v2", "hörbuch", "x264"}));
}

TEST(ClassifierJson, FastWriterMatchesTheDocument) {
  for (const char* name : {"Show.S01E01.720p.HDTV.x264-GRP", "Movie \"Quoted\" 2020 1080p", "x\xff\xfe", "words"}) {
    for (bool explain : {false, true}) {
      const auto c = classify_name(name);
      std::string fast;
      append_json(c, explain, fast);
      const auto doc = to_json(c, explain).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      EXPECT_EQ(nlohmann::json::parse(fast), nlohmann::json::parse(doc)) << fast;
    }
  }
  const auto j = to_json(classify_name("Show.S01E01.720p.HDTV.x264-GRP"));
  EXPECT_EQ(j["content_type"], "tv_show");
  EXPECT_EQ(j["categories"], nlohmann::json({5000, 5040}));
  EXPECT_EQ(j["parsed"]["season"], 1);
  EXPECT_FALSE(j.contains("rules"));
}

}  // namespace
}  // namespace helmarr::media
