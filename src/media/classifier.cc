#include "media/classifier.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "media/words.h"

namespace helmarr::media {

namespace {

constexpr std::size_t kMaxWords = 256;  // past this a name adds no evidence

// The name's words, lower-cased into one buffer (no allocation per word).
struct Words {
  std::string text;
  std::vector<std::string_view> items;

  explicit Words(std::string_view name) {
    text.reserve(name.size());  // never reallocates below: the views stay valid
    for_each_word(name, [&](std::string_view w) {
      const std::size_t at = text.size();
      for (char c : w) text.push_back(lower(c));
      items.emplace_back(text.data() + at, w.size());
      return items.size() < kMaxWords;
    });
  }
};

// Where the parsed title's words sit among the name's words: [begin, end),
// empty when the title does not appear as a run of whole words.
std::pair<std::size_t, std::size_t> title_span(const Words& name, std::string_view title) {
  const Words t(title);
  if (t.items.empty() || t.items.size() > name.items.size()) return {0, 0};
  for (std::size_t i = 0; i + t.items.size() <= name.items.size(); ++i) {
    if (std::equal(t.items.begin(), t.items.end(), name.items.begin() + static_cast<std::ptrdiff_t>(i)))
      return {i, i + t.items.size()};
  }
  return {0, 0};
}

std::string_view extension_of(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || path.size() - dot - 1 > 16) return {};
  return path.substr(dot + 1);
}

// Video evidence: a resolution, a video codec, or a source only video has.
// A bare "WEB" source is not enough: music is released as "WEB FLAC" too.
bool has_video_quality(const ParsedRelease& r) {
  return !r.resolution.empty() || !r.codec.empty() || (!r.source.empty() && r.source != "webdl");
}

bool is_anime(const ParsedRelease& r) { return !r.hash.empty() || !r.absolute_episodes.empty(); }

bool sd_quality(const ParsedRelease& r) {
  if (r.resolution == "480p" || r.resolution == "576p") return true;
  if (!r.resolution.empty()) return false;
  static constexpr std::string_view kSd[] = {"SDTV", "DVD", "CAM", "TELESYNC", "TELECINE", "WORKPRINT", "DVDSCR", "REGIONAL"};
  return std::find(std::begin(kSd), std::end(kSd), r.quality) != std::end(kSd);
}

void add_resolution_categories(const TypeCategories& t, const ParsedRelease& r, std::vector<int>& out) {
  auto add = [&](const std::optional<int>& id) {
    if (id) out.push_back(*id);
  };
  if (r.quality == "BR-DISK") add(t.bluray);
  if (r.quality == "DVD-R") add(t.dvd);
  if (r.resolution == "2160p") add(t.uhd);
  else if (r.resolution == "1080p" || r.resolution == "720p" || r.quality == "Raw-HD") add(t.hd);
  else if (sd_quality(r) || r.quality == "DVD-R") add(t.sd);
}

}  // namespace

Classifier::Classifier(ClassifierRules rules) : rules_(std::move(rules)) {
  for (std::uint32_t r = 0; r < rules_.rules.size(); ++r) {
    const auto& rule = rules_.rules[r];
    for (std::uint32_t p = 0; p < rule.keywords.size(); ++p)
      phrases_by_first_word_[rule.keywords[p].front()].push_back({r, p, false});
    for (std::uint32_t p = 0; p < rule.tags.size(); ++p) phrases_by_first_word_[rule.tags[p].front()].push_back({r, p, true});
    for (const auto& ext : rule.extensions) rules_by_extension_[ext].push_back(r);
  }
}

Classification Classifier::classify(const TorrentDescription& torrent) const {
  Classification out;
  std::string_view name = torrent.name.substr(0, std::min(torrent.name.size(), kMaxNameBytes));
  out.parsed = parse_release(name);
  const ParsedRelease& parsed = out.parsed;
  const std::size_t n_rules = rules_.rules.size();

  // Keywords and tags: one pass over the name's words, looking up only the
  // phrases that start with each word.
  const bool video_quality = has_video_quality(parsed);
  // The parser's title ends where it found a marker (year, episode, quality).
  // In a name with none, its "title" is the whole name: tags count anywhere.
  const bool title_known = parsed.year || parsed.kind != ReleaseKind::unknown || video_quality;
  const Words words(name);
  const auto [title_begin, title_end] = title_known ? title_span(words, parsed.title) : std::pair<std::size_t, std::size_t>{0, 0};
  struct RuleState {
    bool keyword_hit = false;
    bool tag_hit = false;
    double ext_bytes = 0;
    double ext_count = 0;
  };
  std::vector<RuleState> state(n_rules);
  for (std::size_t i = 0; i < words.items.size(); ++i) {
    auto it = phrases_by_first_word_.find(words.items[i]);
    if (it == phrases_by_first_word_.end()) continue;
    for (const PhraseRef& ref : it->second) {
      const auto& rule = rules_.rules[ref.rule];
      const Phrase& phrase = ref.tag ? rule.tags[ref.phrase] : rule.keywords[ref.phrase];
      if (i + phrase.size() > words.items.size()) continue;
      bool same = true;
      for (std::size_t k = 1; k < phrase.size() && same; ++k) same = words.items[i + k] == phrase[k];
      if (!same) continue;
      if (!ref.tag) {
        state[ref.rule].keyword_hit = true;
      } else if (i + phrase.size() <= title_begin || i >= title_end) {
        state[ref.rule].tag_hit = true;  // wholly outside the title
      }
    }
  }

  // Extensions: each rule's share of the bytes (or of the files, when no
  // sizes are known). A torrent without a file list is its name's one file.
  double total_bytes = 0, total_count = 0;
  std::uint64_t summed_size = 0;
  // `only_video`: the name stands in for its one file, and in a name with
  // video quality a trailing ".FLAC" or ".AAC" is an audio tag, not a file type.
  auto count_file = [&](std::string_view path, std::uint64_t size, bool only_video) {
    total_bytes += static_cast<double>(size);
    total_count += 1;
    summed_size = size > UINT64_MAX - summed_size ? UINT64_MAX : summed_size + size;  // saturate: sizes are untrusted
    const auto ext = extension_of(path);
    if (ext.empty()) return;
    char lower_ext[16];
    for (std::size_t k = 0; k < ext.size(); ++k) lower_ext[k] = lower(ext[k]);
    auto it = rules_by_extension_.find(std::string_view(lower_ext, ext.size()));
    if (it == rules_by_extension_.end()) return;
    for (auto r : it->second) {
      const auto& rule = rules_.rules[r];
      if (only_video && !rule.video && rule.content_type != ContentType::movie && rule.content_type != ContentType::tv_show)
        continue;
      state[r].ext_bytes += static_cast<double>(size), state[r].ext_count += 1;
    }
  };
  if (torrent.files.empty()) {
    count_file(name, torrent.size.value_or(0), video_quality);
  } else {
    for (const auto& f : torrent.files) count_file(f.path, f.size.value_or(0), false);
  }
  std::optional<std::uint64_t> size = torrent.size;
  if (!size && !torrent.files.empty() && summed_size > 0) size = summed_size;

  std::string group = lower_copy(parsed.group);
  const bool anime = is_anime(parsed);
  const bool episodic = parsed.kind == ReleaseKind::tv;

  struct Match {
    std::uint32_t rule;
    ContentType type;
    double points;
  };
  std::vector<Match> matches;
  matches.reserve(16);
  int top_priority = 0;
  for (std::uint32_t r = 0; r < n_rules; ++r) {
    const auto& rule = rules_.rules[r];
    double points = rule.weight;
    if (!rule.keywords.empty() && !state[r].keyword_hit) continue;
    if (!rule.tags.empty() && !state[r].tag_hit) continue;
    if (!rule.groups.empty() && (group.empty() || std::find(rule.groups.begin(), rule.groups.end(), group) == rule.groups.end()))
      continue;
    if (!rule.extensions.empty()) {
      const double share =
          total_bytes > 0 ? state[r].ext_bytes / total_bytes : (total_count > 0 ? state[r].ext_count / total_count : 0);
      if (share <= 0) continue;
      points *= share;
    }
    if (rule.min_size && (!size || *size < *rule.min_size)) continue;
    if (rule.max_size && (!size || *size > *rule.max_size)) continue;
    if (rule.release_kind && parsed.kind != *rule.release_kind) continue;
    if (rule.video_quality && *rule.video_quality != video_quality) continue;
    if (rule.anime && *rule.anime != anime) continue;
    const ContentType type = rule.video ? (episodic ? ContentType::tv_show : ContentType::movie) : rule.content_type;
    if (matches.empty() || rule.priority > top_priority) top_priority = rule.priority;
    matches.push_back({r, type, points});
  }

  // The highest priority decides alone; the first type to reach the top score
  // (in rule order) wins a tie.
  std::array<double, kContentTypeNames.size()> score{};
  std::array<std::size_t, kContentTypeNames.size()> first_seen{};
  first_seen.fill(matches.size());
  double total = 0;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const auto& m = matches[i];
    if (rules_.rules[m.rule].priority != top_priority) continue;
    const auto t = static_cast<std::size_t>(m.type);
    score[t] += m.points;
    first_seen[t] = std::min(first_seen[t], i);
    total += m.points;
  }
  std::size_t best = static_cast<std::size_t>(ContentType::unknown);
  double best_score = 0;
  for (std::size_t t = 0; t < score.size(); ++t) {
    if (score[t] > best_score || (score[t] == best_score && score[t] > 0 && first_seen[t] < first_seen[best])) {
      best = t;
      best_score = score[t];
    }
  }
  out.content_type = static_cast<ContentType>(best);
  if (best_score > 0) {
    const double share = best_score / total;
    const double strength = std::min(1.0, best_score / rules_.confident_score);
    out.confidence = std::round(share * strength * 100.0) / 100.0;
  }

  for (const auto& m : matches) {
    if (static_cast<std::size_t>(m.type) != best || rules_.rules[m.rule].priority != top_priority) continue;
    const auto& rule = rules_.rules[m.rule];
    out.rules.push_back(rule.id);
    out.categories.insert(out.categories.end(), rule.categories.begin(), rule.categories.end());
  }
  const TypeCategories& type_cats = rules_.types[best];
  if (out.categories.empty()) out.categories = type_cats.categories;
  if (out.content_type == ContentType::movie || out.content_type == ContentType::tv_show)
    add_resolution_categories(type_cats, parsed, out.categories);
  std::sort(out.categories.begin(), out.categories.end());
  out.categories.erase(std::unique(out.categories.begin(), out.categories.end()), out.categories.end());
  return out;
}

nlohmann::json to_json(const Classification& c, bool explain) {
  nlohmann::json j = {{"content_type", to_string(c.content_type)},
                      {"categories", c.categories},
                      {"confidence", c.confidence},
                      {"parsed", to_json(c.parsed)}};
  if (explain) {
    auto& rules = j["rules"] = nlohmann::json::array();
    for (auto id : c.rules) rules.push_back(id);
  }
  return j;
}

void append_json(const Classification& c, bool explain, std::string& out) {
  fmt::format_to(std::back_inserter(out), R"({{"content_type":"{}","categories":[{}],"confidence":{},"parsed":)",
                 to_string(c.content_type), fmt::join(c.categories, ","), c.confidence);
  append_json(c.parsed, out);
  if (explain) {
    out += R"(,"rules":[)";
    for (std::size_t i = 0; i < c.rules.size(); ++i) fmt::format_to(std::back_inserter(out), "{}\"{}\"", i ? "," : "", c.rules[i]);
    out += ']';
  }
  out += '}';
}

}  // namespace helmarr::media
