#pragma once
// `helmarr import PATH...`: NDJSON files (bitmagnet's /import shape), "-"
// for standard input, .torrent files, directories of them (recursively) and
// magnet URIs, written into the configured database in batches. Safe while a
// server runs on the same database: each batch is one short transaction.
#include <cstdio>
#include <string>
#include <vector>

#include "library/importer.h"

namespace helmarr::app {

struct ImportOptions {
  bool json = false;      // print the summary as the API's JSON
  bool progress = true;   // the progress bar / periodic lines on stderr
  std::size_t batch_size = 10000;
};

// Exit code: 0 when the import ran (rejected records are reported, not
// fatal), 1 when a write failed (earlier batches stay written), 2 for an
// input that cannot be opened.
int run_import(library::Library& library, const std::vector<std::string>& inputs, const ImportOptions& options,
               std::FILE* out, std::FILE* err);

}  // namespace helmarr::app
