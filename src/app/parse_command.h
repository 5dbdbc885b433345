#pragma once
// `helmarr parse [--json] [TITLE ...]`: parses the titles given, or every line
// of the input stream, in order, one result per title.
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace helmarr::app {

// Returns the exit code. Lines longer than kMaxTitleBytes are cut there: no
// real release name comes close, and the parser's work stays bounded.
// Output is batched for throughput, but whenever input_ready() says no more
// input is waiting, what has been read is answered and flushed: so
// `tail -f names | helmarr parse --json` streams.
int run_parse(bool json, const std::vector<std::string>& titles, std::istream& in, std::ostream& out,
              const std::function<bool()>& input_ready = [] { return true; });

inline constexpr std::size_t kMaxTitleBytes = 4096;

}  // namespace helmarr::app
