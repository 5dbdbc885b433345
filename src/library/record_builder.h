#pragma once
// An ImportRecord as the library stores it: parsed by the release-name parser
// and classified, its file list bounded. Pure (the clock's time is passed in).
#include <cstdint>

#include "library/library.h"
#include "media/classifier.h"

namespace helmarr::library {

// files: the files to classify with (the record's, or what the library
// already holds when the record has none). The classifier decides the
// content type; the source's word is used only when the classifier cannot
// tell (unknown), with that type's own categories.
TorrentRecord build_record(const ImportRecord& in, const std::vector<TorrentFile>* files,
                           const media::Classifier& classifier, std::int64_t now);

}  // namespace helmarr::library
