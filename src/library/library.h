#pragma once
// The torrent library as every front sees it: search, one torrent, counters,
// and the one write path (importers, the crawler, the demo seeder).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "library/search.h"
#include "library/torrent_record.h"

namespace helmarr::library {

// One torrent as a source reports it, before parsing and classification.
struct ImportRecord {
  torrent::InfoHash info_hash;
  std::string name;
  std::optional<std::uint64_t> size;  // the files' sum when absent
  std::optional<std::int64_t> published_at;  // unix seconds
  std::string source;  // "import", "dht", "demo", ... (kept as a set per torrent)
  std::optional<media::ContentType> content_type;  // the source's word; the classifier decides otherwise
  std::optional<std::vector<TorrentFile>> files;   // absent: unknown (an update keeps the old list)
  std::optional<std::uint32_t> file_count;  // when `files` is only the first of them
  std::optional<std::int64_t> seeders;
  std::optional<std::int64_t> leechers;
};

struct UpsertCounts {
  std::int64_t imported = 0;  // new torrents
  std::int64_t updated = 0;   // torrents the library had: merged, never duplicated
};

// What /api/stats and the Torznab caps read: maintained counters, never a
// scan of the library.
struct LibraryCounts {
  std::int64_t torrents = 0;
  std::int64_t releases = 0;  // torrents identified as a known content type
  std::vector<std::pair<std::string, std::int64_t>> by_content_type;  // only non-zero
  std::optional<std::int64_t> last_added_at;  // unix seconds
};

class Library {
 public:
  virtual ~Library() = default;
  // Blocking (database): call it from the worker pool, never a server thread.
  virtual Result<SearchPage> search(const SearchQuery& query) = 0;
  // Empty when the library does not have it.
  virtual Result<std::optional<TorrentDetail>> find(const torrent::InfoHash& hash) = 0;
  virtual Result<LibraryCounts> counts() = 0;
  // Parses, classifies and writes the batch in one transaction; a record
  // whose info-hash the library has updates that torrent.
  Result<UpsertCounts> upsert(std::span<const ImportRecord> batch) { return write(batch, prepare(batch)); }
  // The two halves of upsert, so an importer can parse and classify the next
  // batch while this one is written. prepare is CPU only (any thread, no
  // database); write takes prepare's result for the same batch.
  virtual std::vector<TorrentRecord> prepare(std::span<const ImportRecord> batch) const = 0;
  virtual Result<UpsertCounts> write(std::span<const ImportRecord> batch, std::vector<TorrentRecord> prepared) = 0;
};

}  // namespace helmarr::library
