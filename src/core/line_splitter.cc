#include "core/line_splitter.h"

#include <stdexcept>

namespace helmarr {

LineSplitter::LineSplitter(std::size_t max_line_bytes) : max_(max_line_bytes) {}

void LineSplitter::feed(std::string_view chunk) {
  if (!input_.empty()) throw std::logic_error("LineSplitter::feed before the previous chunk was used up");
  if (finished_) throw std::logic_error("LineSplitter::feed after finish");
  if (carry_returned_) {
    carry_.clear();
    carry_returned_ = false;
  }
  input_ = chunk;
}

void LineSplitter::finish() { finished_ = true; }

bool LineSplitter::emit(Line& line, std::string_view text, bool too_long) {
  if (!too_long && !text.empty() && text.back() == '\r') text.remove_suffix(1);
  line = Line{text, ++number_, too_long};
  return true;
}

bool LineSplitter::next(Line& line) {
  if (carry_returned_) {
    carry_.clear();
    carry_returned_ = false;
  }
  while (!input_.empty()) {
    const auto nl = input_.find('\n');
    if (skipping_) {
      if (nl == std::string_view::npos) {
        input_ = {};
        break;
      }
      input_.remove_prefix(nl + 1);
      skipping_ = false;
      continue;
    }
    const std::size_t have = carry_.size();
    const std::size_t len = have + (nl == std::string_view::npos ? input_.size() : nl);
    if (len > max_) {
      // Reported as soon as it is known, so the line is never held whole.
      std::string_view text;
      if (have == 0) {
        text = input_.substr(0, max_);
      } else {
        carry_.append(input_.substr(0, max_ - have));
        text = carry_;
        carry_returned_ = true;
      }
      if (nl == std::string_view::npos) {
        input_ = {};
        skipping_ = true;
      } else {
        input_.remove_prefix(nl + 1);
      }
      return emit(line, text, true);
    }
    if (nl == std::string_view::npos) {
      carry_.append(input_);  // a line that continues in the next chunk
      input_ = {};
      break;
    }
    std::string_view text = input_.substr(0, nl);
    if (have > 0) {
      carry_.append(text);
      text = carry_;
      carry_returned_ = true;
    }
    input_.remove_prefix(nl + 1);
    return emit(line, text, false);
  }
  if (finished_ && !carry_.empty()) {
    carry_returned_ = true;
    return emit(line, carry_, false);
  }
  return false;
}

}  // namespace helmarr
