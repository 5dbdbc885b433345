#pragma once
// `helmarr search [QUERY...] [--json] [--limit N] [--offset N] [--content-type T]`:
// what GET /api/torrents answers, from the configured database. With --json
// the API's JSON exactly (one document); otherwise a table: name, size,
// content type, seeders, date, and the total ("about" when estimated).
#include <iosfwd>
#include <optional>
#include <string>

#include "library/library.h"

namespace helmarr::app {

struct SearchOptions {
  std::string text;  // the query words, joined by spaces
  bool json = false;
  // As typed: checked by the API's own parameter rules (torrent_search_params.h).
  std::optional<std::string> limit;
  std::optional<std::string> offset;
  std::optional<std::string> content_type;
};

struct TableStyle {
  // Names longer than fit are cut at this width (a terminal's columns); 0: never.
  int width = 0;
};

// Returns the exit code: 0, 2 for a bad parameter (the message on `err`
// names it), 1 when the library fails.
int run_search(library::Library& library, const SearchOptions& options, const TableStyle& style, std::ostream& out,
               std::ostream& err);

// At a terminal: names cut to its width; otherwise never cut.
TableStyle stdout_table_style();

// "1.4 GiB", "812 MiB", "31 B": binary units, three significant digits.
std::string human_size(std::uint64_t bytes);

}  // namespace helmarr::app
