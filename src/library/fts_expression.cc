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

FtsExpression fts_expression(const std::vector<QueryTerm>& terms, const SearchQuery& q) {
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

  auto group = [&](std::vector<std::string> words) {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    words.erase(std::remove(words.begin(), words.end(), std::string()), words.end());
    if (words.empty()) words.push_back("none");  // a filter no torrent has: matches nothing
    parts.push_back(any_of(words));
  };
  if (!q.content_types.empty()) {
    std::vector<std::string> w;
    for (auto t : q.content_types) w.push_back(terms::content_type(t));
    group(std::move(w));
  }
  if (!q.categories.empty()) {
    std::vector<std::string> w;
    for (int c : q.categories) w.push_back(terms::category(c));
    group(std::move(w));
  }
  if (q.year) group({terms::year(*q.year)});
  if (!q.resolutions.empty()) {
    std::vector<std::string> w;
    for (const auto& r : q.resolutions) w.push_back(terms::resolution(r));
    group(std::move(w));
  }
  if (q.quality) group({terms::quality(*q.quality)});
  if (q.season && q.episode) {
    group({terms::episode(*q.season, *q.episode)});
  } else if (q.season) {
    group({terms::season(*q.season)});
  } else if (q.episode) {
    group({});  // an episode without a season matches nothing
  }
  if (!q.air_date.empty()) group({terms::air_date(q.air_date)});
  if (!q.ids.empty()) {
    std::vector<std::string> w;
    if (q.ids.imdb) w.push_back(terms::imdb(*q.ids.imdb));
    if (q.ids.tmdb) w.push_back(terms::tmdb(*q.ids.tmdb));
    if (q.ids.tvdb) w.push_back(terms::tvdb(*q.ids.tvdb));
    // With words, torrents nobody has identified yet may still be the work.
    if (out.has_text) w.emplace_back(terms::kNoIds);
    group(std::move(w));
  }

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

}  // namespace helmarr::library
