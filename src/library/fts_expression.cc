#include "library/fts_expression.h"

#include <algorithm>
#include <set>

#include "library/facet_terms.h"

namespace helmarr::library {
namespace {

std::string any_of(const std::vector<std::string>& words) {
  std::string out = "terms : (";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += " OR ";
    out += fts_string(words[i]);
  }
  return out + ")";
}

std::string term_expression(const QueryTerm& t) {
  std::string s = fts_string(t.text);
  if (t.prefix) s += " *";
  return s;
}

}  // namespace

std::string fts_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::vector<FilterGroup> filter_groups(const SearchQuery& q, bool has_text) {
  std::vector<FilterGroup> out;
  auto group = [&](FilterKind kind, std::vector<std::string> words) {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    words.erase(std::remove(words.begin(), words.end(), std::string()), words.end());
    if (words.empty()) words.push_back("none");  // a filter no torrent has: matches nothing
    out.push_back({kind, std::move(words)});
  };
  if (!q.content_types.empty()) {
    std::vector<std::string> w;
    for (auto t : q.content_types) w.push_back(terms::content_type(t));
    group(FilterKind::content_type, std::move(w));
  }
  if (!q.categories.empty()) {
    std::vector<std::string> w;
    for (int c : q.categories) w.push_back(terms::category(c));
    group(FilterKind::category, std::move(w));
  }
  if (q.year) group(FilterKind::year, {terms::year(*q.year)});
  if (!q.resolutions.empty()) {
    std::vector<std::string> w;
    for (const auto& r : q.resolutions) w.push_back(terms::resolution(r));
    group(FilterKind::resolution, std::move(w));
  }
  if (q.quality) group(FilterKind::quality, {terms::quality(*q.quality)});
  if (q.season && q.episode) {
    group(FilterKind::episode, {terms::episode(*q.season, *q.episode)});
  } else if (q.season) {
    group(FilterKind::episode, {terms::season(*q.season)});
  } else if (q.episode) {
    group(FilterKind::episode, {});  // an episode without a season matches nothing
  }
  if (!q.air_date.empty()) group(FilterKind::air_date, {terms::air_date(q.air_date)});
  if (!q.ids.empty()) {
    std::vector<std::string> w;
    if (q.ids.imdb) w.push_back(terms::imdb(*q.ids.imdb));
    if (q.ids.tmdb) w.push_back(terms::tmdb(*q.ids.tmdb));
    if (q.ids.tvdb) w.push_back(terms::tvdb(*q.ids.tvdb));
    // With words, torrents nobody has identified yet may still be the work.
    if (has_text) w.emplace_back(terms::kNoIds);
    group(FilterKind::ids, std::move(w));
  }
  return out;
}

FtsExpression fts_expression(const std::vector<QueryTerm>& terms, const std::vector<FilterGroup>& groups) {
  std::vector<std::string> parts;
  std::vector<std::string> positive;
  std::vector<std::string> negative;
  for (const auto& t : terms) (t.excluded ? negative : positive).push_back(term_expression(t));
  FtsExpression out;
  if (!positive.empty()) {
    std::string text = "name : (";
    for (std::size_t i = 0; i < positive.size(); ++i) {
      if (i) text += " AND ";
      text += positive[i];
    }
    parts.push_back(text + ")");
    out.has_text = true;
  }
  for (const auto& g : groups) parts.push_back(any_of(g.any_of));

  if (parts.empty() && negative.empty()) return out;
  if (parts.empty()) parts.push_back("terms : " + fts_string(terms::kAll));
  std::string match;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) match += " AND ";
    match += parts[i];
  }
  for (const auto& n : negative) match += " NOT name : " + n;
  out.match = std::move(match);
  return out;
}

FtsExpression fts_expression(const std::vector<QueryTerm>& terms, const SearchQuery& q) {
  const bool has_text = std::any_of(terms.begin(), terms.end(), [](const QueryTerm& t) { return !t.excluded; });
  return fts_expression(terms, filter_groups(q, has_text));
}

}  // namespace helmarr::library
