#pragma once
// What every engine's Library has in common: the database, the classifier
// and clock it prepares records with, its options, and the parts that read
// the same on every engine (preparing a batch, the counters).
#include <chrono>
#include <functional>

#include "library/counter_deltas.h"
#include "library/library_service.h"
#include "library/record_builder.h"
#include "library/search_page.h"

namespace helmarr::library {

class StoredLibrary : public Library {
 public:
  StoredLibrary(store::Database& db, const media::Classifier& classifier, const Clock& clock, LibraryOptions options)
      : db_(db), classifier_(classifier), clock_(clock), options_(std::move(options)) {}

  std::vector<TorrentRecord> prepare(std::span<const ImportRecord> batch) const override {
    return prepare_records(batch, classifier_, unix_now());
  }
  Result<LibraryCounts> counts() override { return read_counts(db_); }
  // copy_library's work, into this library (library_copy.cc).
  Result<CopyCounts> copy_from(store::Database& source, std::size_t batch, const CopyProgress& progress);

 protected:
  // Inserts torrents another library holds, read as kTorrentColumns, with
  // their ids and what this engine derives from them (SQLite: the lookup
  // keys and the full-text index; PostgreSQL: the tsvector).
  virtual Result<void> insert_copies(store::Session& s, std::span<const store::Row> rows) = 0;

  // What one attempt of a batch's transaction does on this engine: every
  // record, counting into deltas and counts (both fresh for each attempt).
  using WriteAttempt = std::function<Result<void>(store::Session&, std::int64_t now, CounterDeltas&, UpsertCounts&)>;
  // The batch in one transaction (run again after a busy or serialization
  // failure), the counters written at its end.
  Result<UpsertCounts> write_batch(std::span<const ImportRecord> batch, std::size_t prepared,
                                   const WriteAttempt& attempt) {
    if (auto ok = check_batch(batch, prepared); !ok) return tl::unexpected(ok.error());
    const std::int64_t now = unix_now();
    UpsertCounts counts;
    auto written = db_.transaction([&](store::Session& s) -> Result<void> {
      counts = {};
      CounterDeltas deltas;
      if (auto done = attempt(s, now, deltas, counts); !done) return done;
      return deltas.write(s);
    }, store::Retry::idempotent);
    if (!written) return tl::unexpected(written.error());
    return counts;
  }

  std::int64_t unix_now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.wall().time_since_epoch()).count();
  }

  store::Database& db_;
  const media::Classifier& classifier_;
  const Clock& clock_;
  LibraryOptions options_;
};

}  // namespace helmarr::library
