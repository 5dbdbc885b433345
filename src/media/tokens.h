#pragma once
// Tokenizer for release names: alphanumeric runs as string_views over the
// input, with enough context (gap before, bracket depth) for the parser to
// recognise separators such as " - ", "-GROUP" and "[...]" without copying.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace helmarr::media {

// Trivially constructible on purpose: the parser keeps a fixed array of these
// on the stack and only writes the entries it uses.
struct Token {
  std::string_view text;
  std::uint32_t begin;
  std::uint32_t end;
  std::uint8_t depth;  // number of open (, [ or { around the token
  char open;           // innermost open bracket, 0 when none
};

// Fixed storage whose slots are only written when used: a name uses a few
// dozen of the slots, and constructing all of them costs more than parsing.
template <class T, std::size_t N>
struct Slots {
  static_assert(std::is_trivially_destructible_v<T>);
  union {
    T items[N];
  };
  Slots() {}
  T& operator[](std::size_t i) { return items[i]; }
  const T& operator[](std::size_t i) const { return items[i]; }
};

// Names are short; tokens past the cap are ignored (still part of no field).
inline constexpr std::size_t kMaxTokens = 160;

struct TokenList {
  Slots<Token, kMaxTokens> items;
  std::size_t size = 0;
  std::string_view input;

  const Token& operator[](std::size_t i) const { return items[i]; }
  // Separator characters between token i-1 (or the start) and token i.
  std::string_view gap_before(std::size_t i) const;
  // Separator characters between token i and token i+1 (or the end).
  std::string_view gap_after(std::size_t i) const;
};

void tokenize(std::string_view input, TokenList& out);

// ASCII helpers shared by the parser modules.
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool iequals(std::string_view a, std::string_view b);

// Lower-case ASCII packed into an integer so keyword checks are one compare.
// Tokens longer than 8 bytes get kLongKey, which no short literal equals.
inline constexpr std::uint64_t kLongKey = ~std::uint64_t{0};
constexpr std::uint64_t key8(std::string_view s) {
  if (s.size() > 8) return kLongKey;
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    k |= std::uint64_t(static_cast<unsigned char>(lower(s[i]))) << (8 * i);
  return k;
}
consteval std::uint64_t kw(std::string_view s) { return key8(s); }
bool istarts_with(std::string_view s, std::string_view prefix);
bool all_digits(std::string_view s);
// Byte search without a libc call: gaps and tokens are a few bytes long.
constexpr bool contains(std::string_view s, char c) {
  for (char x : s)
    if (x == c) return true;
  return false;
}
// Parses an all-digit string (up to 9 digits); -1 otherwise.
int to_int(std::string_view s);

}  // namespace helmarr::media
