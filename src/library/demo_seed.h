#pragma once
// The demo library behind POST /api/seed-demo: ~50 torrents with realistic
// release names, file lists and sizes across movies, TV episodes and season
// packs, anime, music, books (and an audiobook and a comic) and software.
// Fixed data with fixed info-hashes, so seeding twice updates the same
// torrents and never adds copies.
#include <cstdint>
#include <vector>

#include "core/result.h"
#include "library/library.h"

namespace helmarr::library {

// The demo torrents, the same on every call. source "demo"; info-hashes are
// v1, derived from the name (sha256("helmarr-demo:" + name), first 20 bytes).
std::vector<ImportRecord> demo_records();

struct DemoSeedResult {
  UpsertCounts written;        // new vs updated on this call
  std::int64_t torrents = 0;   // how many torrents the demo holds
};

// Writes demo_records() in one upsert (one transaction).
Result<DemoSeedResult> seed_demo(Library& library);

}  // namespace helmarr::library
