#pragma once
// Content classification: what a torrent holds (movie, tv_show, music, ...)
// and its Newznab categories, from its name, file list and size, by the rules
// in classifier_rules.h. Pure and thread-safe: a Classifier is immutable once
// built, and classify() keeps its state on the stack.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "media/classifier_rules.h"
#include "media/content_type.h"
#include "media/release.h"

namespace helmarr::media {

struct TorrentFileEntry {
  std::string_view path;
  std::optional<std::uint64_t> size;
};

struct TorrentDescription {
  std::string_view name;
  std::optional<std::uint64_t> size;  // total; the sum of the files' when absent
  std::span<const TorrentFileEntry> files;
};

struct Classification {
  ContentType content_type = ContentType::unknown;
  std::vector<int> categories;  // ascending, no duplicates
  double confidence = 0;        // 0..1, two decimals
  ParsedRelease parsed;
  std::vector<std::string_view> rules;  // ids of the rules that decided, views into the Classifier
};

class Classifier {
 public:
  explicit Classifier(ClassifierRules rules);

  Classification classify(const TorrentDescription& torrent) const;
  const ClassifierRules& rules() const { return rules_; }

 private:
  struct PhraseRef {
    std::uint32_t rule;
    std::uint32_t phrase;
    bool tag;  // from `tags`: counts only outside the title
  };
  // Lookups by string_view without building a std::string.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <class T>
  using ByWord = std::unordered_map<std::string, T, Hash, std::equal_to<>>;

  ClassifierRules rules_;
  ByWord<std::vector<PhraseRef>> phrases_by_first_word_;
  ByWord<std::vector<std::uint32_t>> rules_by_extension_;
};

// {"content_type","categories","confidence","parsed"}, plus "rules" when
// `explain` is set.
nlohmann::json to_json(const Classification& c, bool explain = false);
void append_json(const Classification& c, bool explain, std::string& out);

// Names longer than this are classified by their first kMaxNameBytes bytes.
inline constexpr std::size_t kMaxNameBytes = 4096;

}  // namespace helmarr::media
