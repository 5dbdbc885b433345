// Lines out of chunked input: the same lines wherever the chunks break.
#include "core/line_splitter.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace helmarr {
namespace {

struct Got {
  std::string text;
  std::uint64_t number;
  bool too_long;
  bool operator==(const Got&) const = default;
};

void drain(LineSplitter& s, std::vector<Got>& out) {
  LineSplitter::Line l;
  while (s.next(l)) out.push_back({std::string(l.text), l.number, l.too_long});
}

// Feeds input in pieces of the given sizes (the last one takes the rest).
std::vector<Got> split(const std::string& input, std::size_t max, std::vector<std::size_t> sizes = {}) {
  LineSplitter s(max);
  std::vector<Got> out;
  std::size_t at = 0;
  for (std::size_t n : sizes) {
    n = std::min(n, input.size() - at);
    s.feed(std::string_view(input).substr(at, n));
    drain(s, out);
    at += n;
  }
  if (at < input.size()) {
    s.feed(std::string_view(input).substr(at));
    drain(s, out);
  }
  s.finish();
  drain(s, out);
  return out;
}

TEST(LineSplitter, NumbersLinesAndDropsTheNewlineAndACrBeforeIt) {
  EXPECT_EQ(split("a\r\nbb\n\nlast", 8),
            (std::vector<Got>{{"a", 1, false}, {"bb", 2, false}, {"", 3, false}, {"last", 4, false}}));
  EXPECT_EQ(split("one\n", 8), (std::vector<Got>{{"one", 1, false}}));  // no empty line after the last newline
  EXPECT_TRUE(split("", 8).empty());
}

TEST(LineSplitter, ReportsALongLineOnceCutAndSkipsToItsNewline) {
  EXPECT_EQ(split("12345678\n123456789\nok\n", 8),
            (std::vector<Got>{{"12345678", 1, false}, {"12345678", 2, true}, {"ok", 3, false}}));
  EXPECT_EQ(split("1234567890123", 8), (std::vector<Got>{{"12345678", 1, true}}));  // no newline at all
  EXPECT_EQ(split("12345678", 8), (std::vector<Got>{{"12345678", 1, false}}));      // exactly the limit
  // The rest of a long line spans several chunks and is dropped as it comes.
  EXPECT_EQ(split("abcdefghijklmnopqrstuvwxyz\nnext\n", 4, {3, 3, 3, 3, 3, 3, 3, 3, 3}),
            (std::vector<Got>{{"abcd", 1, true}, {"next", 2, false}}));
}

TEST(LineSplitter, GivesTheSameLinesWhereverTheChunksBreak) {
  const std::string input = "first\r\n{\"a\":1}\n\ntoo long by far\nx\r\nends without newline";
  const auto whole = split(input, 10);
  ASSERT_EQ(whole.size(), 6u);
  EXPECT_EQ(whole[3], (Got{"too long b", 4, true}));
  EXPECT_EQ(whole[5], (Got{"ends witho", 6, true}));
  for (std::size_t cut = 0; cut <= input.size(); ++cut) EXPECT_EQ(split(input, 10, {cut}), whole) << "cut at " << cut;
  EXPECT_EQ(split(input, 10, std::vector<std::size_t>(input.size(), 1)), whole);  // byte by byte
}

TEST(LineSplitter, AGigabyteWithoutANewlineIsOneTooLongLine) {
  // A gigabyte without a newline, fed in 64 KiB pieces: one report, nothing kept.
  LineSplitter s(100);
  const std::string block(64 * 1024, 'x');
  std::vector<Got> out;
  for (int i = 0; i < 16384; ++i) {
    s.feed(block);
    drain(s, out);
  }
  s.feed("\nafter\n");
  drain(s, out);
  EXPECT_EQ(out, (std::vector<Got>{{std::string(100, 'x'), 1, true}, {"after", 2, false}}));
  EXPECT_EQ(s.lines(), 2u);
}

TEST(LineSplitter, FeedingBeforeTheChunkIsUsedUpIsAProgrammingError) {
  LineSplitter s(8);
  s.feed("a\nb\n");
  EXPECT_THROW(s.feed("c\n"), std::logic_error);
  std::vector<Got> out;
  drain(s, out);
  s.feed("c\n");
  drain(s, out);
  EXPECT_EQ(out, (std::vector<Got>{{"a", 1, false}, {"b", 2, false}, {"c", 3, false}}));
}

}  // namespace
}  // namespace helmarr
