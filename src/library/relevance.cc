#include "library/relevance.h"

#include <algorithm>
#include <cmath>

#include "library/query_language.h"

namespace helmarr::library {

double relevance(const RankWords& query, std::string_view title, std::optional<std::int64_t> seeders) {
  const auto title_words = index_words(title);
  std::size_t covered = 0;  // title words the query asked for
  for (const auto& w : title_words) {
    const bool asked = std::find(query.words.begin(), query.words.end(), w) != query.words.end() ||
                       std::any_of(query.prefixes.begin(), query.prefixes.end(),
                                   [&](const std::string& p) { return w.starts_with(p); });
    if (asked) ++covered;
  }
  std::size_t found = 0;  // query words the title holds
  for (const auto& w : query.words) {
    if (std::find(title_words.begin(), title_words.end(), w) != title_words.end()) ++found;
  }
  const std::size_t asked = query.words.size() + query.prefixes.size();
  double score = 0;
  if (!title_words.empty()) score += 4.0 * static_cast<double>(covered) / static_cast<double>(title_words.size());
  if (asked > 0) score += 4.0 * static_cast<double>(found) / static_cast<double>(asked);
  if (!title_words.empty() && covered == title_words.size() && found == query.words.size()) score += 2.0;
  // Seeders break ties between equally good titles: log-scaled, so a
  // thousand seeders never outweighs a title that is the query.
  if (seeders && *seeders > 0) score += std::min(1.5, std::log10(1.0 + static_cast<double>(*seeders)) / 2.0);
  return score;
}

}  // namespace helmarr::library
