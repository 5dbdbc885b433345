#pragma once
// The classifier's rules as data: the TOML format documented at the top of
// classifier_rules.toml (the built-in file, compiled in) and read the same way
// from an operator's file. Pure: the caller reads files; this parses text.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "media/content_type.h"
#include "media/release.h"

namespace helmarr::media {

// A keyword or tag: lower-case words that must follow each other in the name.
using Phrase = std::vector<std::string>;

struct ClassifierRule {
  std::string id;
  ContentType content_type = ContentType::unknown;
  bool video = false;  // content_type "video": tv_show or movie, as the parser decides
  int priority = 0;
  double weight = 1;
  std::vector<Phrase> keywords;
  std::vector<Phrase> tags;               // only outside the parsed title
  std::vector<std::string> groups;        // lower-case
  std::vector<std::string> extensions;    // lower-case, no dot
  std::optional<std::uint64_t> min_size;  // bytes
  std::optional<std::uint64_t> max_size;
  std::optional<ReleaseKind> release_kind;
  std::optional<bool> video_quality;
  std::optional<bool> anime;
  std::vector<int> categories;
};

// Newznab categories of a content type; the resolution subcategories apply to
// movie and tv_show.
struct TypeCategories {
  std::vector<int> categories;
  std::optional<int> sd, hd, uhd, bluray, dvd;
};

struct ClassifierRules {
  double confident_score = 4.0;
  std::array<TypeCategories, kContentTypeNames.size()> types;
  std::vector<ClassifierRule> rules;  // in the order read: built-in first
};

// Limits on what a rules file may ask for, so a typo cannot make every
// classification slow or the start-up unbounded.
inline constexpr std::size_t kMaxRules = 10000;
inline constexpr std::size_t kMaxRulesFileBytes = 4 * 1024 * 1024;

// Applies one rules file to `rules`: a rule whose id exists replaces it (or,
// with `enabled = false`, removes it), a new id is appended, [types.X] tables
// replace that type's categories. Errors name the origin, line and field:
// "rules.toml line 12: rule 'x': unknown content_type 'films'".
Result<void> apply_classifier_rules(ClassifierRules& rules, std::string_view toml_text, std::string_view origin);

// The compiled-in file's text, and the rules it gives.
std::string_view builtin_classifier_rules_text();
ClassifierRules builtin_classifier_rules();

// Splits text into lower-case words the way names are matched: ASCII letters
// and digits and every non-ASCII byte (UTF-8) form words; the rest separates.
std::vector<std::string> split_words(std::string_view text);

// "700 MB", "4 GiB", "1.5GB", "123" (bytes). Decimal units are powers of 1000.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

}  // namespace helmarr::media
