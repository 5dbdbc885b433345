#pragma once
// `helmarr parse [--json] [TITLE ...]`: parses the titles given, or every line
// of the input stream, in order, one result per title.
#include <iosfwd>
#include <string>
#include <vector>

namespace helmarr::app {

// Returns the exit code. Lines longer than kMaxTitleBytes are cut there: no
// real release name comes close, and the parser's work stays bounded.
int run_parse(bool json, const std::vector<std::string>& titles, std::istream& in, std::ostream& out);

inline constexpr std::size_t kMaxTitleBytes = 4096;

}  // namespace helmarr::app
