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

constexpr bool word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || is_digit(c) || is_alpha(c);
}

// Word bytes that can never start General Punctuation (everything but 0xE2).
constexpr auto kPlainWord = [] {
  std::array<bool, 256> a{};
  for (int c = 0; c < 256; ++c) a[c] = word_byte(char(c)) && c != 0xE2;
  return a;
}();

// Returns the end of the run of plain word bytes starting at i. Four bytes
// a step while four remain, so the loop tests the end once per step.
std::size_t plain_run(const char* data, std::size_t i, std::size_t size) {
  const unsigned char* u = reinterpret_cast<const unsigned char*>(data);
  for (; i + 4 <= size; i += 4) {
    if (!kPlainWord[u[i]]) return i;
    if (!kPlainWord[u[i + 1]]) return i + 1;
    if (!kPlainWord[u[i + 2]]) return i + 2;
    if (!kPlainWord[u[i + 3]]) return i + 3;
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(data) + i;
  const unsigned char* const end = reinterpret_cast<const unsigned char*>(data) + size;
  while (p != end && kPlainWord[*p]) ++p;
  return std::size_t(p - reinterpret_cast<const unsigned char*>(data));
}

}  // namespace

// Byte classes for the tokenizer's outer loop.
enum : std::uint8_t { kSep = 0, kWord = 1, kE2 = 2, kOpen = 3, kClose = 4 };
constexpr auto kClass = [] {
  std::array<std::uint8_t, 256> a{};
  for (int c = 0; c < 256; ++c) {
    char ch = char(c);
    if (c == 0xE2) a[c] = kE2;
    else if (word_byte(ch)) a[c] = kWord;
    else if (ch == '(' || ch == '[' || ch == '{') a[c] = kOpen;
    else if (ch == ')' || ch == ']' || ch == '}') a[c] = kClose;
    else a[c] = kSep;
  }
  return a;
}();

void tokenize(std::string_view s, TokenList& out) {
  out.size = 0;
  out.input = s;
  std::size_t first_bracket = s.size();
  std::uint8_t depth = 0;
  std::array<char, 8> stack{};
  char open = 0;  // innermost open bracket, updated when depth changes
  std::size_t i = 0;
  const std::size_t size = s.size();
  const char* const data = s.data();
  std::size_t count = 0;  // local: Token stores chars, which may alias out.size
  Token* const items = out.items.items;
  while (i < size && count < kMaxTokens) {
    std::uint8_t k = kClass[static_cast<unsigned char>(data[i])];
    if (k == kSep) {  // the common case: one '.', ' ', '-' or '_' between words
      ++i;
      continue;
    }
    if (k != kWord) {
      if (k == kE2) {
        if (std::size_t p = punctuation_len(s, i)) {
          i += p;
          continue;
        }
        // a lone 0xE2 is a word byte: fall through to the token
      } else {
        if (i < first_bracket) first_bracket = i;
        if (k == kOpen) {
          if (depth < stack.size()) stack[depth] = data[i];
          ++depth;
        } else if (depth > 0) {
          --depth;
        }
        open = depth == 0 ? char(0) : stack[std::min<std::size_t>(depth, stack.size()) - 1];
        ++i;
        continue;
      }
    }
    std::size_t b = i;
    while (true) {
      i = plain_run(data, i, size);
      // a 0xE2 that starts no punctuation is part of the word
      if (i < size && static_cast<unsigned char>(data[i]) == 0xE2 && !punctuation_len(s, i)) {
        ++i;
        continue;
      }
      break;
    }
    items[count++] =
        Token{std::string_view(data + b, i - b), static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(i), depth, open};
  }
  out.size = count;
  // Stopped at the token cap: the unscanned rest may hold brackets.
  out.first_bracket = std::min(first_bracket, i);
}

}  // namespace helmarr::media
