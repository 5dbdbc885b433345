#include "media/tokens.h"

#include <algorithm>

namespace helmarr::media {
namespace {

// Bytes >= 0x80 count as word characters so that non-Latin titles stay whole,
// except UTF-8 General Punctuation (U+2000..U+206F: en dash, zero-width
// space, ...) which names use as separators.
std::size_t punctuation_len(std::string_view s, std::size_t i) {
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
      (static_cast<unsigned char>(s[i + 1]) == 0x80 || static_cast<unsigned char>(s[i + 1]) == 0x81))
    return 3;
  return 0;
}

bool word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || is_digit(c) || is_alpha(c);
}

}  // namespace

std::string_view TokenList::gap_before(std::size_t i) const {
  std::size_t from = i == 0 ? 0 : items[i - 1].end;
  return input.substr(from, items[i].begin - from);
}

std::string_view TokenList::gap_after(std::size_t i) const {
  std::size_t to = i + 1 < size ? items[i + 1].begin : input.size();
  return input.substr(items[i].end, to - items[i].end);
}

void tokenize(std::string_view s, TokenList& out) {
  out.size = 0;
  out.input = s;
  std::uint8_t depth = 0;
  std::array<char, 8> stack{};
  std::size_t i = 0;
  while (i < s.size() && out.size < kMaxTokens) {
    char c = s[i];
    std::size_t p = punctuation_len(s, i);
    if (p) {
      i += p;
      continue;
    }
    if (!word_byte(c)) {
      if (c == '(' || c == '[' || c == '{') {
        if (depth < stack.size()) stack[depth] = c;
        ++depth;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        --depth;
      }
      ++i;
      continue;
    }
    std::size_t b = i;
    while (i < s.size() && word_byte(s[i]) && !punctuation_len(s, i)) ++i;
    out.items[out.size++] = Token{s.substr(b, i - b), static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(i),
                                  depth, depth == 0 ? char(0) : stack[std::min<std::size_t>(depth, stack.size()) - 1]};
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

int to_int(std::string_view s) {
  if (s.empty() || s.size() > 9) return -1;
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace helmarr::media
