#pragma once
// Turns a stream of records (NDJSON lines, parsed .torrent files, magnets)
// into batched library writes, counting what was imported, updated and
// rejected. A bad record is rejected with its line number and reason and
// never stops the good ones; a batch is one transaction, so what a summary
// counts as written is committed.
//
// Two stages: the caller's thread reads, parses and classifies a batch while
// the importer's writer thread commits the one before (one batch in flight).
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "library/import_line.h"
#include "library/library.h"

namespace helmarr::library {

struct ImportRejection {
  std::int64_t line = 0;  // 1-based NDJSON line; 0 when `file` says where
  std::string file;       // the input it came from (a file, a magnet)
  std::string reason;
};

struct ImportSummary {
  std::int64_t imported = 0;
  std::int64_t updated = 0;
  std::int64_t rejected = 0;
  std::vector<ImportRejection> rejections;  // the first kMaxListedRejections
  std::int64_t records() const { return imported + updated + rejected; }
};

inline constexpr std::size_t kMaxListedRejections = 1000;

// {"imported", "updated", "rejected", "rejections": [{"line", "file", "reason"}],
//  "rejections_truncated": bool}
nlohmann::json to_json(const ImportSummary& s);

struct ImporterOptions {
  std::size_t batch_size = 10000;
  std::string default_source = "import";
};

class Importer {
 public:
  explicit Importer(Library& library, ImporterOptions options = {});
  ~Importer();  // waits for the batch in flight
  Importer(const Importer&) = delete;
  Importer& operator=(const Importer&) = delete;

  // One NDJSON line; empty and whitespace-only lines are skipped. An error is
  // the library's (a failed write): the records of earlier batches stay
  // written, and every later call returns the same error.
  Result<void> add_line(std::string_view line, std::int64_t number);
  Result<void> add_record(ImportRecord record);
  void reject(ImportRejection rejection);
  // Names the input that rejections from now on come from (a file name).
  void set_input(std::string name) { input_ = std::move(name); }
  // Writes what is pending and waits until it is committed.
  Result<void> flush();
  // Counts so far: written batches and rejections (a snapshot).
  ImportSummary summary() const;
  std::int64_t records_seen() const { return seen_; }

 private:
  Result<void> hand_over();
  void writer_loop();

  Library& library_;
  ImporterOptions options_;
  ImportLineParser parser_;
  std::vector<ImportRecord> pending_;
  std::string input_;
  std::int64_t seen_ = 0;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::pair<std::vector<ImportRecord>, std::vector<TorrentRecord>>> in_flight_;
  bool stopping_ = false;
  std::optional<Error> error_;
  ImportSummary summary_;
  std::thread writer_;
};

}  // namespace helmarr::library
