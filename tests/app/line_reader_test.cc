// Bounded line reading: what parse and classify see of their input.
#include "app/line_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace helmarr::app {
namespace {

struct Line {
  std::string text;
  bool too_long;
  bool operator==(const Line&) const = default;
};

std::vector<Line> read_all(const std::string& input, std::size_t max) {
  std::istringstream in(input);
  LineReader reader(in, max);
  std::vector<Line> out;
  std::string_view line;
  bool too_long = false;
  while (reader.next(line, too_long)) out.push_back({std::string(line), too_long});
  return out;
}

TEST(LineReader, SplitsLinesAndDropsCrBeforeLf) {
  EXPECT_EQ(read_all("a\r\nbb\n\nlast", 8),
            (std::vector<Line>{{"a", false}, {"bb", false}, {"", false}, {"last", false}}));
  EXPECT_EQ(read_all("one\n", 8), (std::vector<Line>{{"one", false}}));
  EXPECT_TRUE(read_all("", 8).empty());
}

TEST(LineReader, CutsLongLinesAndSkipsTheirRest) {
  EXPECT_EQ(read_all("12345678\n123456789\nok\n", 8),
            (std::vector<Line>{{"12345678", false}, {"12345678", true}, {"ok", false}}));
  EXPECT_EQ(read_all("1234567890123", 8), (std::vector<Line>{{"12345678", true}}));  // no newline at all
  EXPECT_EQ(read_all("12345678", 8), (std::vector<Line>{{"12345678", false}}));      // exactly the limit
}

}  // namespace
}  // namespace helmarr::app
