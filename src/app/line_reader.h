#pragma once
// Reads standard input line by line with a bound on a line's length, so a
// stream without newlines cannot make a command hold it all in memory.
#include <cstddef>
#include <istream>
#include <memory>
#include <string_view>

namespace helmarr::app {

class LineReader {
 public:
  LineReader(std::istream& in, std::size_t max_bytes);

  // The next line without its "\n" (and "\r" before it), valid until the next
  // call; false at the end of the input. A longer line comes back cut to
  // max_bytes with `too_long` set; the rest of it is skipped.
  bool next(std::string_view& line, bool& too_long);

 private:
  std::istream& in_;
  std::size_t max_;
  std::unique_ptr<char[]> buf_;  // not value-initialised: pages are touched only as lines fill them
};

}  // namespace helmarr::app
