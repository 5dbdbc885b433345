#pragma once
// `helmarr db copy --from URL --to URL`: everything one database holds into
// another (SQLite to PostgreSQL, or back): settings and their audit, secrets,
// the torrent library with its files and counters. Both are migrated first.
// A batch per transaction, so an interrupted copy resumes where it stopped
// when run again; the row counts of every table are compared at the end.
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

namespace helmarr::app {

struct DbCopyOptions {
  std::string from;
  std::string to;
  std::size_t batch = 5000;  // torrents (rows) per transaction
  bool progress = true;
  bool json = false;  // the summary as JSON on stdout
};

// Exit code: 0 copied and verified; 1 a copy or verification failure (what
// was committed stays, run it again to resume); 2 bad arguments or a source
// that does not exist.
int run_db_copy(const DbCopyOptions& options, std::FILE* out, std::FILE* err);

// The tables copy moves, and those it leaves on purpose (bookkeeping each
// database keeps for itself; cluster leases and messages are live state).
// A test checks that these two lists name every table a served database has.
std::span<const std::string_view> copied_tables();
std::span<const std::string_view> uncopied_tables();

}  // namespace helmarr::app
