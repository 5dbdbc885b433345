#include "library/query_language.h"

#include <cctype>

#include <fmt/format.h>

namespace helmarr::library {
namespace {

bool has_word_char(std::string_view s) {
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) return true;
  }
  return false;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Folds the accented Latin-1 letters (U+00C0..U+00FF, two UTF-8 bytes) the
// way the index's remove_diacritics does; other non-ASCII is kept as is.
char fold_latin1(unsigned char lead, unsigned char cont) {
  const unsigned cp = ((lead & 0x1fu) << 6) | (cont & 0x3fu);
  static constexpr const char* kMap =
      "aaaaaaaceeeeiiii"  // C0-CF
      "dnooooo*ouuuuyts"  // D0-DF
      "aaaaaaaceeeeiiii"  // E0-EF
      "dnooooo/ouuuuyty";  // F0-FF
  if (cp < 0xC0 || cp > 0xFF) return 0;
  const char c = kMap[cp - 0xC0];
  return (c == '*' || c == '/') ? 0 : c;
}

}  // namespace

Result<std::vector<QueryTerm>> parse_query(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return fail(ErrorCode::invalid_request, fmt::format("query must be at most {} bytes", kMaxQueryBytes));
  }
  std::vector<QueryTerm> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    QueryTerm term;
    if (text[i] == '-' && i + 1 < text.size() && !is_space(text[i + 1])) {
      term.excluded = true;
      ++i;
    }
    if (text[i] == '"') {
      const auto close = text.find('"', i + 1);
      const auto end = close == std::string_view::npos ? text.size() : close;
      std::string_view inner = text.substr(i + 1, end - i - 1);
      // Normalise the phrase's spacing; the index splits it into words anyway.
      std::string words;
      std::size_t j = 0;
      while (j < inner.size()) {
        while (j < inner.size() && is_space(inner[j])) ++j;
        std::size_t k = j;
        while (k < inner.size() && !is_space(inner[k])) ++k;
        if (k > j) {
          if (!words.empty()) words.push_back(' ');
          words.append(inner.substr(j, k - j));
        }
        j = k;
      }
      term.text = std::move(words);
      term.phrase = true;
      i = close == std::string_view::npos ? text.size() : close + 1;
    } else {
      std::size_t k = i;
      while (k < text.size() && !is_space(text[k])) ++k;
      std::string_view word = text.substr(i, k - i);
      i = k;
      if (word.size() > 1 && word.back() == '*') {
        term.prefix = true;
        word.remove_suffix(1);
      }
      term.text = std::string(word);
    }
    if (!has_word_char(term.text)) continue;
    out.push_back(std::move(term));
    if (out.size() > kMaxQueryTerms) {
      return fail(ErrorCode::invalid_request, fmt::format("query must have at most {} terms", kMaxQueryTerms));
    }
  }
  return out;
}

std::vector<std::string> index_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        word.push_back(static_cast<char>(std::tolower(c)));
      } else {
        flush();
      }
      continue;
    }
    if ((c == 0xC3) && i + 1 < text.size()) {
      if (const char folded = fold_latin1(c, static_cast<unsigned char>(text[i + 1]))) {
        word.push_back(folded);
        ++i;
        continue;
      }
    }
    word.push_back(static_cast<char>(c));  // other scripts: kept, part of the word
  }
  flush();
  return out;
}

}  // namespace helmarr::library
