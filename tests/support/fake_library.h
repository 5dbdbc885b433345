#pragma once
// An in-memory library::Library for tests of the fronts (Torznab, the
// dashboard API, the CLI). It honours SearchQuery the way search.h documents
// it, plainly and slowly, so a front that maps a parameter wrongly gets the
// wrong torrents back and its test fails:
//   text: words (all must match name or title, case-blind), "a phrase",
//         -excluded, prefix*;   content_types, categories (a parent such as
//   5000 includes 5xxx), year, resolutions, quality, season (that season's
//   episodes and every pack holding it), episode (with season: releases
//   holding that episode), air_date, info_hash, ids (known to be that work;
//   with text, also unidentified torrents matching it), sort, limit, offset,
//   facets. Totals are exact.
// Every query is recorded (queries()), and fail_next() makes the next call
// fail with the given error.
#include <algorithm>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "library/library.h"
#include "media/classifier_rules.h"  // split_words

namespace helmarr::testing {

class FakeLibrary : public library::Library {
 public:
  // Gives the record a row id (and first/last seen when unset) and keeps it;
  // the reference stays valid for the fake's life, to adjust the record.
  library::TorrentRecord& add(library::TorrentRecord record, std::vector<library::TorrentFile> files = {}) {
    std::lock_guard lock(mu_);
    record.id = ++next_id_;
    if (record.first_seen == 0) record.first_seen = record.id;  // later additions are newer
    if (record.last_seen == 0) record.last_seen = record.first_seen;
    if (record.file_count == 0) record.file_count = static_cast<std::uint32_t>(files.size());
    rows_.push_back({std::move(record), std::move(files)});
    return rows_.back().torrent;
  }

  void fail_next(Error error) {
    std::lock_guard lock(mu_);
    failure_ = std::move(error);
  }

  std::vector<library::SearchQuery> queries() const {
    std::lock_guard lock(mu_);
    return queries_;
  }

  Result<library::SearchPage> search(const library::SearchQuery& q) override {
    std::lock_guard lock(mu_);
    queries_.push_back(q);
    if (auto e = take_failure()) return tl::unexpected(*e);
    std::vector<const library::TorrentRecord*> hits;
    for (const auto& row : rows_)
      if (matches(row.torrent, q)) hits.push_back(&row.torrent);
    sort(hits, q);
    library::SearchPage page;
    page.total = static_cast<std::int64_t>(hits.size());
    if (q.facets) {
      for (const auto* t : hits) {
        const std::string name(media::to_string(t->content_type));
        auto it = std::find_if(page.facets.begin(), page.facets.end(), [&](const auto& f) { return f.first == name; });
        if (it == page.facets.end()) page.facets.emplace_back(name, 1);
        else ++it->second;
      }
    }
    const auto begin = std::min<std::size_t>(static_cast<std::size_t>(std::max(q.offset, 0)), hits.size());
    const auto end = std::min<std::size_t>(begin + static_cast<std::size_t>(std::max(q.limit, 0)), hits.size());
    for (auto i = begin; i < end; ++i) page.items.push_back(*hits[i]);
    return page;
  }

  Result<std::optional<library::TorrentDetail>> find(const torrent::InfoHash& hash) override {
    std::lock_guard lock(mu_);
    if (auto e = take_failure()) return tl::unexpected(*e);
    for (const auto& row : rows_)
      if (same_torrent(row.torrent.info_hash, hash)) return std::optional<library::TorrentDetail>(row);
    return std::optional<library::TorrentDetail>{};
  }

  Result<library::LibraryCounts> counts() override {
    std::lock_guard lock(mu_);
    if (auto e = take_failure()) return tl::unexpected(*e);
    library::LibraryCounts c;
    for (const auto& row : rows_) {
      const auto& t = row.torrent;
      ++c.torrents;
      if (t.content_type != media::ContentType::unknown) ++c.releases;
      const std::string name(media::to_string(t.content_type));
      auto it = std::find_if(c.by_content_type.begin(), c.by_content_type.end(),
                             [&](const auto& p) { return p.first == name; });
      if (it == c.by_content_type.end()) c.by_content_type.emplace_back(name, 1);
      else ++it->second;
      c.last_added_at = std::max(c.last_added_at.value_or(t.first_seen), t.first_seen);
    }
    return c;
  }

  // No parser or classifier here: the record keeps the source's name, size,
  // content type, files and swarm; a known info-hash is updated in place.
  Result<library::UpsertCounts> upsert(std::span<const library::ImportRecord> batch) override {
    library::UpsertCounts counts;
    for (const auto& r : batch) {
      {
        std::lock_guard lock(mu_);
        if (auto e = take_failure()) return tl::unexpected(*e);
        auto it = std::find_if(rows_.begin(), rows_.end(),
                               [&](const auto& row) { return same_torrent(row.torrent.info_hash, r.info_hash); });
        if (it != rows_.end()) {
          merge(*it, r);
          ++counts.updated;
          continue;
        }
      }
      library::TorrentDetail row;
      merge(row, r);
      add(std::move(row.torrent), std::move(row.files));
      ++counts.imported;
    }
    return counts;
  }

 private:
  std::optional<Error> take_failure() {
    auto e = std::move(failure_);
    failure_.reset();
    return e;
  }

  static void merge(library::TorrentDetail& row, const library::ImportRecord& r) {
    auto& t = row.torrent;
    t.info_hash = r.info_hash;
    t.name = r.name;
    t.title = r.name;
    if (r.files) {
      row.files = *r.files;
      t.file_count = static_cast<std::uint32_t>(r.files->size());
    }
    std::uint64_t sum = 0;
    for (const auto& f : row.files) sum += f.size;
    t.size = r.size.value_or(sum);
    if (r.published_at) t.published_at = r.published_at;
    if (r.content_type) t.content_type = *r.content_type;
    if (r.seeders) t.seeders = r.seeders;
    if (r.leechers) t.leechers = r.leechers;
    if (std::find(t.sources.begin(), t.sources.end(), r.source) == t.sources.end()) t.sources.push_back(r.source);
  }

  static bool same_torrent(const torrent::InfoHash& a, const torrent::InfoHash& b) {
    return (a.v1 && b.v1 && *a.v1 == *b.v1) || (a.v2 && b.v2 && *a.v2 == *b.v2);
  }

  // The query language, minimally: terms separated by spaces, "quoted
  // phrases", a leading '-' excludes, a trailing '*' is a prefix.
  struct Term {
    std::vector<std::string> words;  // a phrase when more than one
    bool excluded = false;
    bool prefix = false;
  };

  static std::vector<Term> parse_text(std::string_view text) {
    std::vector<Term> terms;
    std::size_t i = 0;
    while (i < text.size()) {
      if (text[i] == ' ') {
        ++i;
        continue;
      }
      Term term;
      if (text[i] == '-') {
        term.excluded = true;
        ++i;
      }
      std::string_view raw;
      if (i < text.size() && text[i] == '"') {
        const auto close = text.find('"', i + 1);
        raw = text.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
        i = close == std::string_view::npos ? text.size() : close + 1;
      } else {
        const auto space = text.find(' ', i);
        raw = text.substr(i, space == std::string_view::npos ? std::string_view::npos : space - i);
        i = space == std::string_view::npos ? text.size() : space;
        if (!raw.empty() && raw.back() == '*') {
          term.prefix = true;
          raw.remove_suffix(1);
        }
      }
      term.words = media::split_words(raw);
      if (!term.words.empty()) terms.push_back(std::move(term));
    }
    return terms;
  }

  static bool has_sequence(const std::vector<std::string>& words, const Term& term) {
    const auto& seq = term.words;
    if (seq.size() > words.size()) return false;
    for (std::size_t i = 0; i + seq.size() <= words.size(); ++i) {
      bool all = true;
      for (std::size_t j = 0; j < seq.size() && all; ++j) {
        const bool last = j + 1 == seq.size();
        all = term.prefix && last ? words[i + j].starts_with(seq[j]) : words[i + j] == seq[j];
      }
      if (all) return true;
    }
    return false;
  }

  static bool text_matches(const library::TorrentRecord& t, std::string_view text) {
    const auto terms = parse_text(text);
    if (terms.empty()) return true;
    const auto name = media::split_words(t.name);
    const auto title = media::split_words(t.title);
    for (const auto& term : terms) {
      const bool found = has_sequence(name, term) || has_sequence(title, term);
      if (found == term.excluded) return false;
    }
    return true;
  }

  static bool category_matches(const std::vector<int>& have, const std::vector<int>& wanted) {
    for (int w : wanted)
      for (int c : have)
        if (c == w || (w > 0 && w < 10000 && w % 1000 == 0 && c / 1000 == w / 1000)) return true;
    return false;
  }

  template <class T>
  static bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  static bool matches(const library::TorrentRecord& t, const library::SearchQuery& q) {
    if (!q.content_types.empty() && !contains(q.content_types, t.content_type)) return false;
    if (!q.categories.empty() && !category_matches(t.categories, q.categories)) return false;
    if (q.year && t.year != q.year) return false;
    if (!q.resolutions.empty() && !contains(q.resolutions, t.resolution)) return false;
    if (q.quality && t.quality != *q.quality) return false;
    if (q.season) {
      const bool in_season = t.season == q.season || contains(t.seasons, *q.season);
      if (!in_season) return false;
      if (q.episode && (t.season_pack || !contains(t.episodes, *q.episode))) return false;
    } else if (q.episode) {
      return false;  // an episode needs its season
    }
    if (!q.air_date.empty() && t.air_date != q.air_date) return false;
    if (q.info_hash && !same_torrent(t.info_hash, *q.info_hash)) return false;
    if (!q.ids.empty()) {
      const auto& w = q.ids;
      const bool same_work = (w.imdb && t.ids.imdb == w.imdb) || (w.tmdb && t.ids.tmdb == w.tmdb) ||
                             (w.tvdb && t.ids.tvdb == w.tvdb);
      if (same_work) return true;
      return !q.text.empty() && t.ids.empty() && text_matches(t, q.text);
    }
    return text_matches(t, q.text);
  }

  static void sort(std::vector<const library::TorrentRecord*>& hits, const library::SearchQuery& q) {
    auto newest = [](const auto* a, const auto* b) {
      return a->first_seen != b->first_seen ? a->first_seen > b->first_seen : a->id > b->id;
    };
    switch (q.sort) {
      case library::SortOrder::relevance:
        if (q.text.empty()) std::stable_sort(hits.begin(), hits.end(), newest);
        break;  // with text: the order added, a stand-in for rank
      case library::SortOrder::newest: std::stable_sort(hits.begin(), hits.end(), newest); break;
      case library::SortOrder::size:
        std::stable_sort(hits.begin(), hits.end(), [](const auto* a, const auto* b) { return a->size > b->size; });
        break;
      case library::SortOrder::seeders:
        std::stable_sort(hits.begin(), hits.end(), [](const auto* a, const auto* b) {
          return a->seeders.value_or(-1) > b->seeders.value_or(-1);
        });
        break;
    }
  }

  mutable std::mutex mu_;
  std::deque<library::TorrentDetail> rows_;  // a deque: add()'s references stay valid
  std::vector<library::SearchQuery> queries_;
  std::optional<Error> failure_;
  std::int64_t next_id_ = 0;
};

}  // namespace helmarr::testing
