// Robustness of the classifier and of the rules reader on arbitrary input:
// no crash, valid JSON, confidence within 0..1, categories sorted and never
// empty; a rules file either applies or fails with a message, never throws.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "media/classifier.h"
#include "support/concat_gen.h"

namespace helmarr::media {
namespace {

const Classifier& builtin() {
  static const Classifier c(builtin_classifier_rules());
  return c;
}

rc::Gen<std::string> name_like() {
  static const std::vector<std::string> kPieces = {
      "Movie", "S01E02", "1080p", "x264", "-GRP", ".", " ", "[", "]", "XXX", "FLAC", "mp3", "epub", "cbz", "x64",
      "NSW", "FitGirl", "Repack", "Unabridged", "2019", "/", "\\", ".mkv", ".flac", ".exe", "\xc3\xa9", "\xff", "-"};
  return testing::concatenations_of(kPieces);
}

RC_GTEST_PROP(ClassifierProperty, AnyTorrentClassifiesToValidJson, ()) {
  const auto name = *rc::gen::oneOf(name_like(), rc::gen::arbitrary<std::string>());
  const auto paths = *rc::gen::container<std::vector<std::string>>(rc::gen::oneOf(name_like(), rc::gen::arbitrary<std::string>()));
  const auto sizes = *rc::gen::container<std::vector<std::uint64_t>>(paths.size(), rc::gen::arbitrary<std::uint64_t>());
  const auto total = *rc::gen::maybe(rc::gen::arbitrary<std::uint64_t>());
  std::vector<TorrentFileEntry> files;
  for (std::size_t i = 0; i < paths.size(); ++i) files.push_back({paths[i], sizes[i]});
  const auto c = builtin().classify({.name = name, .size = total ? std::optional(*total) : std::nullopt, .files = files});
  RC_ASSERT(c.confidence >= 0.0);
  RC_ASSERT(c.confidence <= 1.0);
  RC_ASSERT(!c.categories.empty());
  RC_ASSERT(std::is_sorted(c.categories.begin(), c.categories.end()));
  std::string out;
  append_json(c, true, out);
  const auto j = nlohmann::json::parse(out);
  RC_ASSERT(j["content_type"].get<std::string>() == std::string(to_string(c.content_type)));
}

rc::Gen<std::string> rules_like() {
  static const std::vector<std::string> kPieces = {
      "[[rule]]\n", "[types.movie]\n", "id = \"a\"\n", "id = \"b\"\n", "content_type = \"movie\"\n",
      "content_type = \"video\"\n", "content_type = 5\n", "keywords = [\"x\"]\n", "tags = [\"\"]\n",
      "extensions = [\".mkv\"]\n", "min_size = \"1 GB\"\n", "max_size = -1\n", "priority = 99999\n",
      "weight = 0.5\n", "enabled = false\n", "categories = [2000]\n", "categories = []\n", "sd = 2030\n",
      "version = 1\n", "confident_score = 0\n", "= \n", "\"", "[", "]", "\n", "\xff"};
  return testing::concatenations_of(kPieces);
}

RC_GTEST_PROP(ClassifierProperty, AnyRulesFileAppliesOrFailsWithAMessage, ()) {
  const auto text = *rc::gen::oneOf(rules_like(), rc::gen::arbitrary<std::string>());
  auto rules = builtin_classifier_rules();
  const auto before = rules.rules.size();
  const auto r = apply_classifier_rules(rules, text, "fuzz.toml");
  if (!r) {
    RC_ASSERT(r.error().message.starts_with("fuzz.toml"));
    RC_ASSERT(rules.rules.size() == before);
  } else {
    const Classifier c(rules);  // and whatever it applied still classifies
    RC_ASSERT(c.classify({.name = "Movie.2020.1080p.BluRay.x264-GRP"}).confidence <= 1.0);
  }
}

}  // namespace
}  // namespace helmarr::media
