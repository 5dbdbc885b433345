#include "app/line_reader.h"

#include <limits>

namespace helmarr::app {

LineReader::LineReader(std::istream& in, std::size_t max_bytes)
    : in_(in), max_(max_bytes), buf_(new char[max_bytes + 1]) {}

bool LineReader::next(std::string_view& line, bool& too_long) {
  too_long = false;
  if (!in_.good()) return false;
  // istream::getline scans the stream's buffer for '\n' in bulk; it sets
  // failbit when max_ bytes were stored before a newline.
  in_.getline(buf_.get(), static_cast<std::streamsize>(max_ + 1));
  std::size_t n = static_cast<std::size_t>(in_.gcount());
  const bool eof = in_.eof();
  if (in_.fail() && !eof) {
    too_long = true;
    in_.clear();
    in_.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  } else {
    if (n == 0 && eof) return false;  // nothing left
    if (!eof) --n;  // gcount counts the newline it consumed
    if (n > 0 && buf_[n - 1] == '\r') --n;  // CRLF files
  }
  line = std::string_view(buf_.get(), n);
  return true;
}

}  // namespace helmarr::app
