// The library's tables, per dialect. Sizes matter at ten million rows: hashes
// are blobs, lists are short texts, the full-text index stores no copy of the
// text (external content) and no per-row column sizes (Helmarr ranks without
// bm25), and file lists live in their own table keyed by (torrent, index).
#include "library/library_service.h"

namespace helmarr::library {

std::vector<store::Migration> library_migrations(store::Dialect dialect) {
  switch (dialect) {
    case store::Dialect::sqlite:
      return {{1, "torrents", R"sql(
CREATE TABLE torrents (
  id INTEGER PRIMARY KEY,
  hash1 BLOB,            -- v1 info-hash, 20 bytes
  hash2 BLOB,            -- v2 info-hash, 32 bytes
  k1 INTEGER,            -- the first 8 bytes of hash1: what the lookup index holds
  k2 INTEGER,            -- the same of hash2
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  file_count INTEGER NOT NULL,
  content_type INTEGER NOT NULL,  -- media::ContentType
  categories TEXT NOT NULL,       -- "5000,5040"
  title TEXT NOT NULL,
  year INTEGER,
  season INTEGER,
  seasons TEXT,          -- "1,2,3": packs of several seasons
  episodes TEXT,         -- "1,2"
  air_date TEXT,
  season_pack INTEGER NOT NULL DEFAULT 0,
  resolution TEXT,
  quality TEXT,
  grp TEXT,
  languages TEXT,        -- "en,fr"
  imdb INTEGER,
  tmdb INTEGER,
  tvdb INTEGER,
  seeders INTEGER,
  leechers INTEGER,
  peers_at INTEGER,
  sources TEXT NOT NULL, -- "import,dht"
  published_at INTEGER,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  terms TEXT NOT NULL    -- the filter words the index holds (facet_terms.h)
);
-- Info-hashes are random, so every insert lands on a random page of their
-- index: an index of 8-byte integers has half the pages of one of the blobs
-- and so half the pages a batch rewrites. Uniqueness is kept by the writer
-- (lookup, then insert, in one serialised transaction).
CREATE INDEX torrents_k1 ON torrents(k1) WHERE k1 IS NOT NULL;
CREATE INDEX torrents_k2 ON torrents(k2) WHERE k2 IS NOT NULL;
CREATE VIRTUAL TABLE torrents_fts USING fts5(
  name, terms, content='torrents', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', columnsize=0);
CREATE TABLE torrent_files (
  torrent_id INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (torrent_id, idx)
) WITHOUT ROWID;
CREATE TABLE library_counters (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
)sql"}};
    case store::Dialect::postgres:
      // The library's PostgreSQL schema comes with its tsvector search; until
      // then `serve` refuses a PostgreSQL database_url (app/cli/app.cc).
      return {};
  }
  return {};
}

}  // namespace helmarr::library
