#pragma once
// Tokenizer for release names: alphanumeric runs as string_views over the
// input, with enough context (gap before, bracket depth) for the parser to
// recognise separators such as " - ", "-GROUP" and "[...]" without copying.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
  std::size_t first_bracket = 0;  // offset of the first ( [ { ) ] }, or input.size()

  const Token& operator[](std::size_t i) const { return items[i]; }
  // Separator characters between token i-1 (or the start) and token i.
  std::string_view gap_before(std::size_t i) const {
    std::size_t from = i == 0 ? 0 : items[i - 1].end;
    return std::string_view(input.data() + from, items[i].begin - from);
  }
  // Separator characters between token i and token i+1 (or the end).
  std::string_view gap_after(std::size_t i) const {
    std::size_t to = i + 1 < size ? items[i + 1].begin : input.size();
    return std::string_view(input.data() + items[i].end, to - items[i].end);
  }
};

void tokenize(std::string_view input, TokenList& out);

// ASCII helpers shared by the parser modules.
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Lower-case ASCII packed into an integer so keyword checks are one compare.
// Tokens longer than 8 bytes get kLongKey, which no short literal equals.
inline constexpr std::uint64_t kLongKey = ~std::uint64_t{0};
namespace detail {
inline std::uint32_t load_u32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
}  // namespace detail
constexpr std::uint64_t key8(std::string_view s) {
  if (s.size() > 8) return kLongKey;
  if (std::is_constant_evaluated()) {
    std::uint64_t k = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      k |= std::uint64_t(static_cast<unsigned char>(lower(s[i]))) << (8 * i);
    return k;
  }
  // Runtime: gather the bytes with (possibly overlapping) loads inside the
  // token, then lower-case A-Z in all lanes at once.
  const std::size_t n = s.size();
  const char* p = s.data();
  std::uint64_t x;
  if (n >= 4) {
    x = std::uint64_t(detail::load_u32(p)) | (std::uint64_t(detail::load_u32(p + n - 4)) << (8 * (n - 4)));
  } else if (n > 0) {
    x = std::uint64_t(static_cast<unsigned char>(p[0])) |
        (std::uint64_t(static_cast<unsigned char>(p[n / 2])) << (8 * (n / 2))) |
        (std::uint64_t(static_cast<unsigned char>(p[n - 1])) << (8 * (n - 1)));
  } else {
    return 0;
  }
  constexpr std::uint64_t k7f = 0x7f7f7f7f7f7f7f7full, k80 = 0x8080808080808080ull;
  std::uint64_t h = x & k7f;
  std::uint64_t ge_a = h + 0x3f3f3f3f3f3f3f3full;  // high bit: byte >= 'A'
  std::uint64_t gt_z = h + 0x2525252525252525ull;  // high bit: byte > 'Z'
  std::uint64_t upper = ge_a & ~gt_z & ~x & k80;
  return x | (upper >> 2);
}
consteval std::uint64_t kw(std::string_view s) { return key8(s); }

// Which bytes of a token are ASCII digits: some, and all.
struct DigitFlags {
  bool any;
  bool all;
};
inline DigitFlags digit_flags(std::string_view t) {
  bool any = false, all = !t.empty();
  for (char c : t) {
    any = any || is_digit(c);
    all = all && is_digit(c);
  }
  return {any, all};
}

// key8(t) and digit_flags(t) of a token from one gather of its bytes.
struct TokenKey {
  std::uint64_t key;
  DigitFlags digits;
};
inline TokenKey token_key(std::string_view t) {
  const std::size_t n = t.size();
  if (n == 0 || n > 8) return {key8(t), digit_flags(t)};
  const char* p = t.data();
  std::uint64_t x;
  if (n >= 4) {
    x = std::uint64_t(detail::load_u32(p)) | (std::uint64_t(detail::load_u32(p + n - 4)) << (8 * (n - 4)));
  } else {
    x = std::uint64_t(static_cast<unsigned char>(p[0])) |
        (std::uint64_t(static_cast<unsigned char>(p[n / 2])) << (8 * (n / 2))) |
        (std::uint64_t(static_cast<unsigned char>(p[n - 1])) << (8 * (n - 1)));
  }
  constexpr std::uint64_t k7f = 0x7f7f7f7f7f7f7f7full;
  static constexpr std::uint64_t kUsed[9] = {0, 0x80, 0x8080, 0x808080, 0x80808080, 0x8080808080,
                                             0x808080808080, 0x80808080808080, 0x8080808080808080};
  const std::uint64_t used = kUsed[n];  // high bit of the token's bytes
  const std::uint64_t ascii = ~x & used;
  // Below 0x80 a token holds only letters and digits: setting 0x20 lower-cases
  // the letters and keeps the digits, as key8() does.
  const std::uint64_t key = x | (ascii >> 2);
  const std::uint64_t h = x & k7f;
  const std::uint64_t digit = (h + 0x5050505050505050ull) & ~(h + 0x4646464646464646ull) & ascii;
  return {key, {digit != 0, digit == used}};
}
constexpr bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}
constexpr bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}
// Byte search without a libc call: gaps and tokens are a few bytes long.
constexpr bool contains(std::string_view s, char c) {
  for (char x : s)
    if (x == c) return true;
  return false;
}
// A set of ASCII characters as a 128-bit mask: membership is a shift and a
// test instead of a scan of the set's string.
struct CharSet {
  std::uint64_t bits[2] = {0, 0};
  consteval explicit CharSet(std::string_view chars) {
    for (char c : chars) bits[static_cast<unsigned char>(c) >> 6] |= std::uint64_t{1} << (c & 63);
  }
  constexpr bool has(char c) const {
    auto u = static_cast<unsigned char>(c);
    return u < 128 && ((bits[u >> 6] >> (u & 63)) & 1);
  }
};
// Parses an all-digit string (up to 9 digits); -1 otherwise.
constexpr int to_int(std::string_view s) {
  if (s.empty() || s.size() > 9) return -1;
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace helmarr::media
