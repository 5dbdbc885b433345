#pragma once
// An ImportRecord as the library stores it: parsed by the release-name parser
// and classified, its file list bounded. Pure (the clock's time is passed in).
#include <cstdint>
#include <span>
#include <vector>

#include "library/library.h"
#include "media/classifier.h"

namespace helmarr::library {

// files: the files to classify with (the record's, or what the library
// already holds when the record has none). The classifier decides the
// content type; the source's word is used only when the classifier cannot
// tell (unknown), with that type's own categories.
TorrentRecord build_record(const ImportRecord& in, const std::vector<TorrentFile>* files,
                           const media::Classifier& classifier, std::int64_t now);

// A batch and its prepared records may be written: the same size, every
// record with an info-hash and a name (invalid_request naming the record).
Result<void> check_batch(std::span<const ImportRecord> batch, std::size_t prepared);

// A batch as the library writes it: built, categories unique, terms set.
std::vector<TorrentRecord> prepare_records(std::span<const ImportRecord> batch, const media::Classifier& classifier,
                                           std::int64_t now);

// What a re-imported torrent becomes: the new record merged into the one
// the library holds (old), never losing what the import did not say (ids,
// first seen, sources, peers, published time). held: the files the library
// holds for it, to classify with when the import has none. Terms are set.
TorrentRecord merge_record(const ImportRecord& in, const TorrentRecord& prepared, const TorrentRecord& old,
                           const std::vector<TorrentFile>* held, const media::Classifier& classifier,
                           std::int64_t now);

}  // namespace helmarr::library
