#include "media/classifier_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <span>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "media/words.h"

namespace helmarr::media {

namespace {

// Errors carry "<origin> line N: " so an operator finds the spot at once.
struct Where {
  std::string_view origin;
  std::string at(const toml::node& n) const { return fmt::format("{} line {}", origin, n.source().begin.line); }
};

tl::unexpected<Error> invalid(std::string message) { return fail(ErrorCode::invalid_request, std::move(message)); }

const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    default: return "a date/time";
  }
}

using Fields = std::span<const std::string_view>;

Result<void> only_known_keys(const toml::table& t, Fields known, const Where& w, std::string_view what) {
  for (auto&& [key, node] : t) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end())
      return invalid(fmt::format("{}: {}: unknown key '{}'", w.at(node), what, key.str()));
  }
  return {};
}

Result<std::vector<std::string>> string_list(const toml::node& n, const Where& w, std::string_view what) {
  const auto* arr = n.as_array();
  if (arr == nullptr) return invalid(fmt::format("{}: {} must be an array of strings, got {}", w.at(n), what, type_name(n)));
  std::vector<std::string> out;
  for (const auto& item : *arr) {
    const auto* s = item.as_string();
    if (s == nullptr)
      return invalid(fmt::format("{}: {} must hold only strings, found {}", w.at(item), what, type_name(item)));
    out.push_back(s->get());
  }
  return out;
}

Result<std::vector<Phrase>> phrases(const toml::node& n, const Where& w, std::string_view what) {
  auto list = string_list(n, w, what);
  if (!list) return tl::unexpected(list.error());
  std::vector<Phrase> out;
  for (const auto& s : *list) {
    auto words = split_words(s);
    if (words.empty()) return invalid(fmt::format("{}: {} entry \"{}\" has no letters or digits", w.at(n), what, s));
    out.push_back(std::move(words));
  }
  return out;
}

Result<std::int64_t> integer(const toml::node& n, const Where& w, std::string_view what, std::int64_t lo, std::int64_t hi) {
  const auto* v = n.as_integer();
  if (v == nullptr) return invalid(fmt::format("{}: {} must be an integer, got {}", w.at(n), what, type_name(n)));
  if (v->get() < lo || v->get() > hi)
    return invalid(fmt::format("{}: {} must be between {} and {}, got {}", w.at(n), what, lo, hi, v->get()));
  return v->get();
}

Result<double> number(const toml::node& n, const Where& w, std::string_view what, double lo, double hi) {
  double v = 0;
  if (const auto* f = n.as_floating_point()) v = f->get();
  else if (const auto* i = n.as_integer()) v = static_cast<double>(i->get());
  else return invalid(fmt::format("{}: {} must be a number, got {}", w.at(n), what, type_name(n)));
  if (!std::isfinite(v) || v < lo || v > hi)
    return invalid(fmt::format("{}: {} must be between {} and {}, got {}", w.at(n), what, lo, hi, v));
  return v;
}

Result<bool> boolean(const toml::node& n, const Where& w, std::string_view what) {
  const auto* b = n.as_boolean();
  if (b == nullptr) return invalid(fmt::format("{}: {} must be true or false, got {}", w.at(n), what, type_name(n)));
  return b->get();
}

Result<std::uint64_t> byte_size(const toml::node& n, const Where& w, std::string_view what) {
  if (const auto* i = n.as_integer()) {
    if (i->get() < 0) return invalid(fmt::format("{}: {} must not be negative", w.at(n), what));
    return static_cast<std::uint64_t>(i->get());
  }
  if (const auto* s = n.as_string()) {
    if (auto v = parse_byte_size(s->get())) return *v;
    return invalid(fmt::format("{}: {} \"{}\" is not a size (bytes, or e.g. \"700 MB\", \"4 GiB\")", w.at(n), what,
                               s->get()));
  }
  return invalid(fmt::format("{}: {} must be bytes or a string such as \"700 MB\", got {}", w.at(n), what, type_name(n)));
}

Result<std::vector<int>> categories(const toml::node& n, const Where& w, std::string_view what) {
  const auto* arr = n.as_array();
  if (arr == nullptr) return invalid(fmt::format("{}: {} must be an array of integers, got {}", w.at(n), what, type_name(n)));
  std::vector<int> out;
  for (const auto& item : *arr) {
    auto v = integer(item, w, what, 1000, 999999);
    if (!v) return tl::unexpected(v.error());
    out.push_back(static_cast<int>(*v));
  }
  if (out.empty()) return invalid(fmt::format("{}: {} must not be empty", w.at(n), what));
  return out;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

Result<TypeCategories> read_type(const toml::node& n, const Where& w, std::string_view name) {
  const auto* t = n.as_table();
  const std::string what = fmt::format("types.{}", name);
  if (t == nullptr) return invalid(fmt::format("{}: {} must be a table, got {}", w.at(n), what, type_name(n)));
  static constexpr std::string_view kTypeKeys[] = {"categories", "sd", "hd", "uhd", "bluray", "dvd"};
  if (auto r = only_known_keys(*t, kTypeKeys, w, what); !r)
    return tl::unexpected(r.error());
  TypeCategories out;
  const auto* cats = t->get("categories");
  if (cats == nullptr) return invalid(fmt::format("{}: {} needs categories", w.at(n), what));
  auto list = categories(*cats, w, what + ".categories");
  if (!list) return tl::unexpected(list.error());
  out.categories = std::move(*list);
  for (auto [key, slot] : {std::pair{"sd", &out.sd}, {"hd", &out.hd}, {"uhd", &out.uhd}, {"bluray", &out.bluray},
                           {"dvd", &out.dvd}}) {
    if (const auto* v = t->get(key)) {
      auto id = integer(*v, w, what + "." + key, 1000, 999999);
      if (!id) return tl::unexpected(id.error());
      *slot = static_cast<int>(*id);
    }
  }
  return out;
}

constexpr std::string_view kRuleKeys[] = {"id",           "content_type", "priority",   "weight",   "enabled",  "keywords",
                              "tags",         "groups",       "extensions", "min_size", "max_size", "release_kind",
                              "video_quality", "anime",       "categories"};

// One [[rule]] table. `enabled` comes back false for a removal.
Result<std::pair<ClassifierRule, bool>> read_rule(const toml::table& t, const Where& w) {
  ClassifierRule rule;
  const auto* id = t.get("id");
  if (id == nullptr || !id->is_string())
    return invalid(fmt::format("{}: every [[rule]] needs an id (a string)", w.at(t)));
  rule.id = id->as_string()->get();
  if (!valid_id(rule.id))
    return invalid(fmt::format("{}: rule id \"{}\" must be 1-64 characters of a-z, 0-9, '-', '_' or '.'", w.at(*id),
                               rule.id));
  const std::string what = fmt::format("rule '{}'", rule.id);
  if (auto r = only_known_keys(t, kRuleKeys, w, what); !r) return tl::unexpected(r.error());

  bool enabled = true;
  if (const auto* n = t.get("enabled")) {
    auto v = boolean(*n, w, what + ": enabled");
    if (!v) return tl::unexpected(v.error());
    enabled = *v;
  }
  if (!enabled) return std::pair{std::move(rule), false};

  const auto* type = t.get("content_type");
  if (type == nullptr || !type->is_string())
    return invalid(fmt::format("{}: {}: content_type must be a string (one of {}, or video)", w.at(t), what,
                               fmt::join(kContentTypeNames, ", ")));
  const std::string& type_text = type->as_string()->get();
  if (type_text == "video") {
    rule.video = true;
    rule.content_type = ContentType::movie;
  } else if (auto ct = parse_content_type(type_text)) {
    rule.content_type = *ct;
  } else {
    return invalid(fmt::format("{}: {}: unknown content_type '{}' (one of {}, or video)", w.at(*type), what, type_text,
                               fmt::join(kContentTypeNames, ", ")));
  }

  if (const auto* n = t.get("priority")) {
    auto v = integer(*n, w, what + ": priority", -1000, 1000);
    if (!v) return tl::unexpected(v.error());
    rule.priority = static_cast<int>(*v);
  }
  if (const auto* n = t.get("weight")) {
    auto v = number(*n, w, what + ": weight", 0.001, 1000);
    if (!v) return tl::unexpected(v.error());
    rule.weight = *v;
  }
  if (const auto* n = t.get("keywords")) {
    auto v = phrases(*n, w, what + ": keywords");
    if (!v) return tl::unexpected(v.error());
    rule.keywords = std::move(*v);
  }
  if (const auto* n = t.get("tags")) {
    auto v = phrases(*n, w, what + ": tags");
    if (!v) return tl::unexpected(v.error());
    rule.tags = std::move(*v);
  }
  if (const auto* n = t.get("groups")) {
    auto v = string_list(*n, w, what + ": groups");
    if (!v) return tl::unexpected(v.error());
    for (auto& g : *v) rule.groups.push_back(lower_copy(g));
  }
  if (const auto* n = t.get("extensions")) {
    auto v = string_list(*n, w, what + ": extensions");
    if (!v) return tl::unexpected(v.error());
    for (auto& e : *v) {
      std::string ext = lower_copy(e.starts_with('.') ? std::string_view(e).substr(1) : std::string_view(e));
      if (ext.empty() || ext.size() > 16 || ext.find_first_of("/\\ ") != std::string::npos)
        return invalid(fmt::format("{}: {}: extension \"{}\" must be 1-16 characters without '/', '\\' or spaces",
                                   w.at(*n), what, e));
      rule.extensions.push_back(std::move(ext));
    }
  }
  for (auto [key, slot] : {std::pair{"min_size", &rule.min_size}, {"max_size", &rule.max_size}}) {
    if (const auto* n = t.get(key)) {
      auto v = byte_size(*n, w, what + ": " + key);
      if (!v) return tl::unexpected(v.error());
      *slot = *v;
    }
  }
  if (rule.min_size && rule.max_size && *rule.min_size > *rule.max_size)
    return invalid(fmt::format("{}: {}: min_size is larger than max_size", w.at(t), what));
  if (const auto* n = t.get("release_kind")) {
    const auto* s = n->as_string();
    if (s == nullptr || (s->get() != "tv" && s->get() != "movie"))
      return invalid(fmt::format("{}: {}: release_kind must be \"tv\" or \"movie\"", w.at(*n), what));
    rule.release_kind = s->get() == "tv" ? ReleaseKind::tv : ReleaseKind::movie;
  }
  for (auto [key, slot] : {std::pair{"video_quality", &rule.video_quality}, {"anime", &rule.anime}}) {
    if (const auto* n = t.get(key)) {
      auto v = boolean(*n, w, what + ": " + key);
      if (!v) return tl::unexpected(v.error());
      *slot = *v;
    }
  }
  if (const auto* n = t.get("categories")) {
    auto v = categories(*n, w, what + ": categories");
    if (!v) return tl::unexpected(v.error());
    rule.categories = std::move(*v);
  }
  const bool has_condition = !rule.keywords.empty() || !rule.tags.empty() || !rule.groups.empty() ||
                             !rule.extensions.empty() || rule.min_size || rule.max_size || rule.release_kind ||
                             rule.video_quality || rule.anime;
  if (!has_condition)
    return invalid(fmt::format("{}: {} has no condition (keywords, tags, groups, extensions, min_size, max_size, "
                               "release_kind, video_quality or anime), so it would match everything",
                               w.at(t), what));
  return std::pair{std::move(rule), true};
}

}  // namespace

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  for_each_word(text, [&](std::string_view w) {
    out.push_back(lower_copy(w));
    return true;
  });
  return out;
}

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  std::string s(text);
  const char* begin = s.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(v) || v < 0 || s[0] == '-' || s[0] == '+' || s[0] == ' ') return std::nullopt;
  std::string unit = lower_copy(end);
  unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
  static const std::pair<std::string_view, double> kUnits[] = {
      {"", 1},          {"b", 1},          {"kb", 1e3},       {"mb", 1e6},        {"gb", 1e9},
      {"tb", 1e12},     {"kib", 1024.0},   {"mib", 1048576.0}, {"gib", 1073741824.0}, {"tib", 1099511627776.0}};
  for (const auto& [name, factor] : kUnits) {
    if (unit != name) continue;
    const double bytes = v * factor;
    if (bytes > 9.0e18) return std::nullopt;
    return static_cast<std::uint64_t>(std::llround(bytes));
  }
  return std::nullopt;
}

Result<void> apply_classifier_rules(ClassifierRules& rules, std::string_view toml_text, std::string_view origin) {
  if (toml_text.size() > kMaxRulesFileBytes)
    return invalid(fmt::format("{}: larger than {} bytes", origin, kMaxRulesFileBytes));
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return invalid(fmt::format("{} line {}, column {}: TOML syntax error: {}", origin, e.source().begin.line,
                               e.source().begin.column, e.description()));
  }
  const Where w{origin};
  static constexpr std::string_view kFileKeys[] = {"version", "confident_score", "types", "rule"};
  if (auto r = only_known_keys(root, kFileKeys, w, "rules file"); !r)
    return tl::unexpected(r.error());
  if (const auto* n = root.get("version")) {
    auto v = integer(*n, w, "version", 1, 1);
    if (!v) return tl::unexpected(v.error());
  }
  // Everything is read into a copy, so a file with an error changes nothing.
  ClassifierRules next = rules;
  if (const auto* n = root.get("confident_score")) {
    auto v = number(*n, w, "confident_score", 0.001, 1000);
    if (!v) return tl::unexpected(v.error());
    next.confident_score = *v;
  }
  if (const auto* n = root.get("types")) {
    const auto* types = n->as_table();
    if (types == nullptr) return invalid(fmt::format("{}: types must be a table, got {}", w.at(*n), type_name(*n)));
    for (auto&& [key, node] : *types) {
      auto ct = parse_content_type(key.str());
      if (!ct)
        return invalid(fmt::format("{}: unknown content type 'types.{}' (one of {})", w.at(node), key.str(),
                                   fmt::join(kContentTypeNames, ", ")));
      auto t = read_type(node, w, key.str());
      if (!t) return tl::unexpected(t.error());
      next.types[static_cast<std::size_t>(*ct)] = std::move(*t);
    }
  }
  if (const auto* n = root.get("rule")) {
    const auto* arr = n->as_array();
    if (arr == nullptr || !arr->is_array_of_tables())
      return invalid(fmt::format("{}: rules are written as [[rule]] tables", w.at(*n)));
    std::set<std::string> seen;
    for (const auto& item : *arr) {
      auto read = read_rule(*item.as_table(), w);
      if (!read) return tl::unexpected(read.error());
      auto& rule = read->first;  // not a structured binding: clang 14 cannot capture those
      const bool enabled = read->second;
      if (!seen.insert(rule.id).second)
        return invalid(fmt::format("{}: rule '{}' appears twice in this file", w.at(item), rule.id));
      auto it = std::find_if(next.rules.begin(), next.rules.end(), [&](const auto& r) { return r.id == rule.id; });
      if (!enabled) {
        if (it == next.rules.end())
          return invalid(fmt::format("{}: rule '{}' is disabled but no earlier rule has that id", w.at(item), rule.id));
        next.rules.erase(it);
      } else if (it != next.rules.end()) {
        *it = std::move(rule);
      } else {
        if (next.rules.size() >= kMaxRules) return invalid(fmt::format("{}: more than {} rules", w.at(item), kMaxRules));
        next.rules.push_back(std::move(rule));
      }
    }
  }
  rules = std::move(next);
  return {};
}

ClassifierRules builtin_classifier_rules() {
  ClassifierRules rules;
  // The built-in file is part of the program: an error in it is a bug that
  // every test run would show, so it fails loudly.
  if (auto r = apply_classifier_rules(rules, builtin_classifier_rules_text(), "built-in classifier_rules.toml"); !r)
    throw std::logic_error(r.error().message);
  return rules;
}

}  // namespace helmarr::media
