#pragma once
// Progress of a long command on standard error: a bar redrawn in place on a
// terminal (records, rate, and percentage and ETA when the input's size is
// known), a plain line every few seconds otherwise (logs, pipes).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace helmarr::app {

class Progress {
 public:
  // total_bytes: the input's size when known (files), for the bar and ETA.
  Progress(std::FILE* out, bool terminal, std::optional<std::uint64_t> total_bytes);

  // Cheap to call per record: draws at most every 100 ms (terminal) or 5 s.
  void update(std::int64_t records, std::uint64_t bytes_done);
  // The last state, then a newline on a terminal.
  void finish(std::int64_t records, std::uint64_t bytes_done);

  // What a line says, for tests: "1,234,567 records  52,000/s  45%  ETA 0:12".
  static std::string describe(std::int64_t records, double seconds, std::uint64_t bytes_done,
                              std::optional<std::uint64_t> total_bytes, int width);

 private:
  void draw(std::int64_t records, std::uint64_t bytes_done);

  std::FILE* out_;
  bool terminal_;
  std::optional<std::uint64_t> total_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

std::string with_thousands(std::int64_t n);

}  // namespace helmarr::app
