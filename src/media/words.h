#pragma once
// Words of a name as the classifier matches them: runs of ASCII letters and
// digits and of non-ASCII bytes (UTF-8), lower-cased; everything else
// separates. One definition for the rules (keywords, tags) and the names they
// are matched against, so both sides always split alike.
#include <string>
#include <string_view>

#include "media/tokens.h"

namespace helmarr::media {

constexpr bool is_word_byte(char c) {
  return is_digit(c) || is_alpha(c) || static_cast<unsigned char>(c) >= 0x80;
}

// Calls fn(word) for each word, in order, until fn returns false.
template <class Fn>
void for_each_word(std::string_view text, Fn&& fn) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_word_byte(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && is_word_byte(text[i])) ++i;
    if (i > start && !fn(text.substr(start, i - start))) return;
  }
}

inline std::string lower_copy(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = lower(c);
  return out;
}

}  // namespace helmarr::media
