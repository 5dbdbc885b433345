#pragma once
// The search box's language, the same for every front: words (all must
// match), "a phrase", -excluded (a word or a phrase), prefix*. Pure.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace helmarr::library {

struct QueryTerm {
  std::string text;  // a word, or the words of a phrase separated by spaces
  bool phrase = false;
  bool prefix = false;    // word*: matches words that start with it
  bool excluded = false;  // -word: rows holding it are left out
};

inline constexpr std::size_t kMaxQueryBytes = 1024;
inline constexpr std::size_t kMaxQueryTerms = 32;

// Words without a letter or digit ("&", "-") are dropped: they match nothing
// in the index. An unbalanced quote runs to the end. Errors (invalid_request):
// longer than kMaxQueryBytes, more than kMaxQueryTerms terms.
Result<std::vector<QueryTerm>> parse_query(std::string_view text);

// Lower-case words of a text, split the way the index splits names (letters
// and digits of any script; accents on Latin letters folded), for relevance.
std::vector<std::string> index_words(std::string_view text);

}  // namespace helmarr::library
