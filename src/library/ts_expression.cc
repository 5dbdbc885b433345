#include "library/ts_expression.h"

#include <map>

#include <fmt/format.h>

#include "library/facet_terms.h"

namespace helmarr::library {
namespace {

// A lexeme as tsvector/tsquery input: quoted, quotes doubled, backslashes escaped.
std::string lexeme(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') out += "''";
    else if (c == '\\') out += "\\\\";
    else out.push_back(c);
  }
  return out + "'";
}

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < s.size();) {
    const auto space = std::min(s.find(' ', at), s.size());
    if (space > at) out.emplace_back(s.substr(at, space - at));
    at = space + 1;
  }
  return out;
}

// A term of the query language: a word, a phrase of adjacent words, the
// last one a prefix when asked; in the name (weight A).
std::string term_query(const QueryTerm& t, bool weighted = true) {
  const auto words = index_words(t.text);
  if (words.empty()) return "";
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += " <-> ";
    const bool prefix = t.prefix && i + 1 == words.size();
    out += lexeme(words[i]) + (weighted ? (prefix ? ":*A" : ":A") : (prefix ? ":*" : ""));
  }
  return words.size() > 1 ? "(" + out + ")" : out;
}

}  // namespace

std::string tsvector_text(std::string_view name, std::string_view terms) {
  // Positions: the name's words from 1, the terms after them (a word in both
  // keeps both, each with its weight).
  std::map<std::string, std::string> positions;
  int at = 0;
  auto add = [&](const std::string& word, char weight) {
    if (word.empty() || word.size() > 2046 || at >= 16383) return;
    auto& p = positions[word];
    p += fmt::format("{}{}{}", p.empty() ? "" : ",", ++at, weight);
  };
  for (const auto& w : index_words(name)) add(w, 'A');
  for (const auto& w : split_spaces(terms)) add(w, 'B');
  std::string out;
  for (const auto& [word, p] : positions) {
    if (!out.empty()) out.push_back(' ');
    out += lexeme(word) + ":" + p;
  }
  return out;
}

namespace {

std::string group_query(const FilterGroup& g, bool weighted = true) {
  std::string any;
  for (const auto& w : g.any_of) any += (any.empty() ? "" : " | ") + lexeme(w) + (weighted ? ":B" : "");
  return "(" + any + ")";
}

std::string conjunction(std::vector<std::string> parts, const std::vector<std::string>& negative,
                        bool weighted = true) {
  if (parts.empty() && negative.empty()) return "";
  if (parts.empty()) parts.push_back(lexeme(terms::kAll) + (weighted ? ":B" : ""));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " & ") + p;
  for (const auto& n : negative) out += " & !" + n;
  return out;
}

}  // namespace

std::string tsquery_text(const std::vector<QueryTerm>& terms, const std::vector<FilterGroup>& groups) {
  return tsquery_parts(terms, groups, [](std::span<const std::string>) { return 0.0; }, {}).full;
}

TsQueryParts tsquery_parts(const std::vector<QueryTerm>& terms, const std::vector<FilterGroup>& groups,
                           const std::function<double(std::span<const std::string>)>& share,
                           std::span<const double> caps) {
  // Each positive part with its share of the library (0 for what must stay
  // in the index: phrases, prefixes).
  struct Part {
    std::string loose;
    double share;
  };
  std::vector<std::string> weighted, negative, loose_negative;
  std::vector<Part> parts;
  for (const auto& t : terms) {
    auto q = term_query(t);
    if (q.empty()) continue;
    auto u = term_query(t, false);
    if (t.excluded) {
      negative.push_back(std::move(q));
      loose_negative.push_back(std::move(u));
      continue;
    }
    const auto words = index_words(t.text);
    const bool single = !t.prefix && !t.phrase && words.size() == 1;
    parts.push_back({std::move(u), single ? share(words) : 0.0});
    weighted.push_back(std::move(q));
  }
  for (const auto& g : groups) {
    parts.push_back({group_query(g, false), share(g.any_of)});
    weighted.push_back(group_query(g));
  }
  TsQueryParts out;
  out.full = conjunction(weighted, negative);
  std::vector<std::string> all;
  for (const auto& p : parts) all.push_back(p.loose);
  const std::string whole = conjunction(all, loose_negative, false);
  for (const double cap : caps) {
    std::vector<std::string> kept;
    bool selective = false;
    for (const auto& p : parts) {
      if (p.share > cap) continue;
      kept.push_back(p.loose);
      selective = true;
    }
    if (!selective || (kept.size() == parts.size() && loose_negative.empty())) continue;
    auto index = conjunction(kept, {}, false);
    if (out.index.empty() || out.index.back() != index) out.index.push_back(std::move(index));
  }
  if (out.index.empty() || out.index.back() != whole) out.index.push_back(whole);
  return out;
}

std::string bucket_window_query(std::int64_t first, std::int64_t last) {
  constexpr std::int64_t per_coarse = std::int64_t{1} << (kCoarseBucketBits - kFineBucketBits);
  std::string out;
  for (std::int64_t b = first; b <= last;) {
    out += out.empty() ? "(" : " | ";
    if (b % per_coarse == 0 && b + per_coarse - 1 <= last) {
      out += fmt::format("'~c{}'", b / per_coarse);
      b += per_coarse;
    } else {
      out += fmt::format("'~b{}'", b);
      ++b;
    }
  }
  return out.empty() ? out : out + ")";
}

}  // namespace helmarr::library
