#pragma once
// Splits a byte stream that arrives in chunks (a streamed request body, a
// file read block by block) into lines, holding at most one line's start
// between chunks, so input without newlines cannot grow memory.
//
//   LineSplitter lines(kMaxLine);
//   for (each chunk) {
//     lines.feed(chunk);
//     LineSplitter::Line l;
//     while (lines.next(l)) handle(l.number, l.text, l.too_long);
//   }
//   lines.finish();
//   while (lines.next(l)) handle(...);   // a last line without "\n"
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace helmarr {

class LineSplitter {
 public:
  struct Line {
    // Without its "\n" and a "\r" before it. A too-long line comes back once,
    // cut to max_line_bytes, and the rest of it up to its newline is skipped.
    std::string_view text;
    std::uint64_t number = 0;  // 1-based, counting too-long lines too
    bool too_long = false;
  };

  // max_line_bytes counts the bytes before the newline ("\r" included).
  explicit LineSplitter(std::size_t max_line_bytes);

  // The next chunk. Only once next() has returned false for the previous one
  // (std::logic_error otherwise); its bytes must stay valid until next()
  // returns false for it.
  void feed(std::string_view chunk);
  // No more input: next() then returns a last line that has no newline.
  void finish();
  // The next line of the input fed so far; false when it is used up. The
  // text is valid until the next call to next() or feed().
  bool next(Line& line);

  std::uint64_t lines() const { return number_; }

 private:
  bool emit(Line& line, std::string_view text, bool too_long);

  std::size_t max_;
  std::string_view input_;  // fed and not yet split
  std::string carry_;       // the start of a line that spans chunks (at most max_ bytes)
  bool carry_returned_ = false;  // carry_ was handed out as a line: cleared on the next call
  bool skipping_ = false;   // the rest of a too-long line, up to its newline
  bool finished_ = false;
  std::uint64_t number_ = 0;
};

}  // namespace helmarr
