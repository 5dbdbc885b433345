#include "app/progress.h"

#include <algorithm>

#include <fmt/format.h>

namespace helmarr::app {

std::string with_thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

Progress::Progress(std::FILE* out, bool terminal, std::optional<std::uint64_t> total_bytes)
    : out_(out), terminal_(terminal), total_(total_bytes), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

std::string Progress::describe(std::int64_t records, double seconds, std::uint64_t bytes_done,
                               std::optional<std::uint64_t> total_bytes, int width) {
  const double rate = seconds > 0 ? static_cast<double>(records) / seconds : 0;
  std::string text = fmt::format("{} records  {}/s", with_thousands(records),
                                 with_thousands(static_cast<std::int64_t>(rate)));
  if (total_bytes && *total_bytes > 0) {
    const double done = std::min(1.0, static_cast<double>(bytes_done) / static_cast<double>(*total_bytes));
    const auto eta = done > 0 ? static_cast<std::int64_t>(seconds * (1 - done) / done) : 0;
    text += fmt::format("  {:3.0f}%  ETA {}:{:02}", done * 100, eta / 60, eta % 60);
    if (width > 0) {
      const int filled = static_cast<int>(done * width);
      text = fmt::format("[{}{}] ", std::string(static_cast<std::size_t>(filled), '#'),
                         std::string(static_cast<std::size_t>(width - filled), '.')) +
             text;
    }
  }
  return text;
}

void Progress::draw(std::int64_t records, std::uint64_t bytes_done) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string text = describe(records, seconds, bytes_done, total_, terminal_ ? 30 : 0);
  if (terminal_) {
    std::fprintf(out_, "\r%s\033[K", text.c_str());
  } else {
    std::fprintf(out_, "import: %s\n", text.c_str());
  }
  std::fflush(out_);
}

void Progress::update(std::int64_t records, std::uint64_t bytes_done) {
  const auto now = std::chrono::steady_clock::now();
  const auto every = terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
  if (now - last_draw_ < every) return;
  last_draw_ = now;
  draw(records, bytes_done);
}

void Progress::finish(std::int64_t records, std::uint64_t bytes_done) {
  if (terminal_) {
    draw(records, bytes_done);
    std::fputc('\n', out_);
  }
}

}  // namespace helmarr::app
