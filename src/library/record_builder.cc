#include "library/record_builder.h"

#include <algorithm>

#include <fmt/format.h>

#include "library/facet_terms.h"

namespace helmarr::library {

TorrentRecord build_record(const ImportRecord& in, const std::vector<TorrentFile>* files,
                           const media::Classifier& classifier, std::int64_t now) {
  TorrentRecord r;
  r.info_hash = in.info_hash;
  r.name = in.name;
  std::vector<media::TorrentFileEntry> entries;
  std::uint64_t sum = 0;
  if (files) {
    entries.reserve(files->size());
    for (const auto& f : *files) {
      entries.push_back({f.path, f.size});
      sum += f.size;
    }
  }
  r.size = in.size.value_or(sum);
  r.file_count = static_cast<std::uint32_t>(files ? std::max<std::size_t>(files->size(), 1) : 1);

  const auto c = classifier.classify({.name = in.name, .size = r.size, .files = entries});
  r.content_type = c.content_type;
  r.categories = c.categories;
  if (c.content_type == media::ContentType::unknown && in.content_type &&
      *in.content_type != media::ContentType::unknown) {
    r.content_type = *in.content_type;
    r.categories = classifier.rules().types[static_cast<std::size_t>(*in.content_type)].categories;
  }
  const auto& p = c.parsed;
  r.title = p.title;
  r.year = p.year;
  r.season = p.season;
  r.seasons = p.seasons;
  r.episodes = p.episodes;
  r.air_date = p.air_date;
  r.season_pack = p.full_season || (p.season && p.episodes.empty() && p.air_date.empty());
  r.resolution = p.resolution;
  r.quality = p.quality;
  r.group = p.group;
  r.languages = p.languages;
  r.seeders = in.seeders;
  r.leechers = in.leechers;
  if (in.seeders || in.leechers) r.peers_observed_at = now;
  if (!in.source.empty()) r.sources.push_back(in.source);
  r.published_at = in.published_at;
  r.first_seen = now;
  r.last_seen = now;
  return r;
}

Result<void> check_batch(std::span<const ImportRecord> batch, std::size_t prepared) {
  if (prepared != batch.size()) return fail(ErrorCode::internal, "write(): prepared batch of another size");
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].info_hash.empty()) return fail(ErrorCode::invalid_request, fmt::format("record {}: no info-hash", i));
    if (batch[i].name.empty()) return fail(ErrorCode::invalid_request, fmt::format("record {}: no name", i));
  }
  return {};
}

std::vector<TorrentRecord> prepare_records(std::span<const ImportRecord> batch, const media::Classifier& classifier,
                                           std::int64_t now) {
  std::vector<TorrentRecord> built;
  built.reserve(batch.size());
  for (const auto& in : batch) {
    auto r = build_record(in, in.files ? &*in.files : nullptr, classifier, now);
    if (in.files) r.file_count = in.file_count.value_or(static_cast<std::uint32_t>(in.files->size()));
    r.categories.erase(std::unique(r.categories.begin(), r.categories.end()), r.categories.end());
    r.terms = terms::for_record(r);
    built.push_back(std::move(r));
  }
  return built;
}

TorrentRecord merge_record(const ImportRecord& in, const TorrentRecord& prepared, const TorrentRecord& old,
                           const std::vector<TorrentFile>* held, const media::Classifier& classifier,
                           std::int64_t now) {
  TorrentRecord r = prepared;
  if (!in.files) {
    ImportRecord merged_in = in;
    if (!merged_in.size) merged_in.size = old.size;
    r = build_record(merged_in, held, classifier, now);
    r.file_count = old.file_count;
  }
  r.id = old.id;
  if (!r.info_hash.v1) r.info_hash.v1 = old.info_hash.v1;
  if (!r.info_hash.v2) r.info_hash.v2 = old.info_hash.v2;
  r.ids = old.ids;
  r.first_seen = old.first_seen;
  r.published_at = old.published_at ? old.published_at : in.published_at;
  if (!in.seeders && !in.leechers) {
    r.seeders = old.seeders;
    r.leechers = old.leechers;
    r.peers_observed_at = old.peers_observed_at;
  }
  r.sources = old.sources;
  if (!in.source.empty() && std::find(r.sources.begin(), r.sources.end(), in.source) == r.sources.end()) {
    r.sources.push_back(in.source);
  }
  r.categories.erase(std::unique(r.categories.begin(), r.categories.end()), r.categories.end());
  r.terms = terms::for_record(r);
  return r;
}

}  // namespace helmarr::library
