// Copying a library between databases (`helmarr db copy`): rows go across
// as the source stores them, in id order, so the target's highest id is how
// far an interrupted copy got; each engine adds what it derives from a row.
#include <fmt/format.h>

#include "library/stored_library.h"
#include "library/torrent_row.h"
#include "store/table_copy.h"

namespace helmarr::library {
namespace {

using store::Row;
using store::Session;
using store::Value;

Result<std::int64_t> scalar(Session& s, std::string_view sql) {
  auto rows = s.query(sql);
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : rows->front().int_at(0);
}

Result<std::string> hash_at_id(Session& s, std::int64_t id) {
  const std::vector<Value> p{id};
  auto rows = s.query("SELECT hash1, hash2 FROM torrents WHERE id = ?", p);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::string();
  return rows->front().text_at(0) + rows->front().text_at(1);
}

}  // namespace

Result<CopyCounts> StoredLibrary::copy_from(store::Database& source, std::size_t batch, const CopyProgress& progress) {
  if (batch == 0) return fail(ErrorCode::invalid_request, "copy batch must be at least 1");
  CopyCounts out;
  auto total = store::count_rows(source, "torrents");
  if (!total) return tl::unexpected(total.error());
  out.total = *total;
  auto last = scalar(db_, "SELECT coalesce(max(id), 0) FROM torrents");
  if (!last) return tl::unexpected(last.error());
  if (*last > 0) {
    // Resume only where the target's last torrent is the source's torrent
    // with that id: anything else is another library, not ours to add to.
    auto here = hash_at_id(db_, *last);
    auto there = hash_at_id(source, *last);
    if (!here) return tl::unexpected(here.error());
    if (!there) return tl::unexpected(there.error());
    if (*here != *there) {
      return fail(ErrorCode::conflict,
                  "the target already holds a library that is not the start of this copy; copy into an empty database");
    }
    auto held = store::count_rows(db_, "torrents");
    if (!held) return tl::unexpected(held.error());
    out.resumed_after = *held;
  }
  static const std::string select_rows =
      fmt::format("SELECT {} FROM torrents WHERE id > ? ORDER BY id LIMIT ?", kTorrentColumns);
  std::int64_t after = *last;
  for (;;) {
    const std::vector<Value> page{after, static_cast<std::int64_t>(batch)};
    auto rows = source.query(select_rows, page);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) break;
    const std::int64_t first = rows->front().int_at(0), end = rows->back().int_at(0);
    const std::vector<Value> range{first, end};
    auto files = source.query(
        "SELECT torrent_id, idx, path, size FROM torrent_files WHERE torrent_id >= ? AND torrent_id <= ? "
        "ORDER BY torrent_id, idx", range);
    if (!files) return tl::unexpected(files.error());
    auto written = db_.transaction([&](Session& s) -> Result<void> {
      if (auto t = insert_copies(s, *rows); !t) return t;
      // A few rows per statement, as write_file_rows does.
      constexpr std::size_t kPerStatement = 64;
      for (std::size_t i = 0; i < files->size(); i += kPerStatement) {
        const std::size_t n = std::min(kPerStatement, files->size() - i);
        std::string sql = "INSERT INTO torrent_files (torrent_id, idx, path, size) VALUES ";
        std::vector<Value> p;
        p.reserve(n * 4);
        for (std::size_t k = 0; k < n; ++k) {
          sql += k ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)";
          for (auto& v : (*files)[i + k].values) p.push_back(v);
        }
        sql += " ON CONFLICT DO NOTHING";
        if (auto done = s.execute(sql, p); !done) return tl::unexpected(done.error());
      }
      return {};
    }, store::Retry::idempotent);
    if (!written) return tl::unexpected(written.error());
    out.torrents += static_cast<std::int64_t>(rows->size());
    out.files += static_cast<std::int64_t>(files->size());
    after = end;
    if (progress) progress(out.resumed_after + out.torrents, out.total);
  }
  // The counters describe exactly the rows now here: the source's.
  auto counters = source.query("SELECT key, value FROM library_counters");
  if (!counters) return tl::unexpected(counters.error());
  auto set = db_.transaction([&](Session& s) -> Result<void> {
    if (auto d = s.execute("DELETE FROM library_counters"); !d) return tl::unexpected(d.error());
    for (const auto& row : *counters) {
      if (auto i = s.execute("INSERT INTO library_counters (key, value) VALUES (?, ?)", row.values); !i) {
        return tl::unexpected(i.error());
      }
    }
    return store::continue_identity(s, db_.dialect(), "torrents", "id");
  }, store::Retry::idempotent);
  if (!set) return tl::unexpected(set.error());
  return out;
}

Result<CopyCounts> copy_library(store::Database& source, store::Database& target, const media::Classifier& classifier,
                                const Clock& clock, std::size_t batch, const CopyProgress& progress) {
  auto library = make_library(target, classifier, clock);
  auto* stored = dynamic_cast<StoredLibrary*>(library.get());
  if (!stored) return fail(ErrorCode::internal, "copy: the target's library is not a stored one");
  return stored->copy_from(source, batch, progress);
}

}  // namespace helmarr::library
