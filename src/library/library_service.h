#pragma once
// The library on a database: what make_library returns is the Library every
// front uses. The schema comes from library_migrations(), applied by the
// library module (or by `helmarr import`) before this is built.
#include <functional>
#include <memory>
#include <vector>

#include "core/clock.h"
#include "library/library.h"
#include "media/classifier.h"
#include "store/database.h"
#include "store/migrations.h"

namespace helmarr::library {

struct LibraryOptions {
  // Files kept per torrent, read at each write (the setting
  // library_files_per_torrent); file_count still counts them all.
  std::function<int()> files_per_torrent = [] { return 100; };
  // A word held by more torrents than this (and 0.5 % of the library) is
  // checked on candidate rows instead of in the index, when the rest of the
  // query is selective; libraries under four times this never do it.
  std::int64_t common_word_floor = 20000;
  // The most candidate rows a search reads to check what it left out of the
  // index, before it asks the index for the whole query instead.
  std::int64_t scan_budget = 6000;
};

std::vector<store::Migration> library_migrations(store::Dialect dialect);

// What copy_library moved.
struct CopyCounts {
  std::int64_t torrents = 0;       // copied by this call
  std::int64_t files = 0;
  std::int64_t resumed_after = 0;  // torrents an interrupted copy had written already
  std::int64_t total = 0;          // torrents the source holds
};
// Told after every committed batch: torrents done (resumed ones included) of total.
using CopyProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// Copies the library `source` holds (any engine, migrated) into `target`'s
// (migrated): torrents in id order, `batch` per transaction with their
// files, ids kept; then the counters. The target must be empty or hold the
// start of the same copy (an interrupted run): it resumes after the last
// torrent it has, and refuses a library that is not the source's. Blocking;
// nothing may write to either library meanwhile.
Result<CopyCounts> copy_library(store::Database& source, store::Database& target, const media::Classifier& classifier,
                                const Clock& clock, std::size_t batch, const CopyProgress& progress);

// db, classifier and clock must outlive the library. The engine's own
// implementation: SQLite with FTS5 (sqlite_library.cc), PostgreSQL with a
// tsvector under GIN (postgres_library.cc).
std::unique_ptr<Library> make_library(store::Database& db, const media::Classifier& classifier, const Clock& clock,
                                      LibraryOptions options = {});
std::unique_ptr<Library> make_sqlite_library(store::Database& db, const media::Classifier& classifier,
                                             const Clock& clock, LibraryOptions options);
std::unique_ptr<Library> make_postgres_library(store::Database& db, const media::Classifier& classifier,
                                               const Clock& clock, LibraryOptions options);

}  // namespace helmarr::library
