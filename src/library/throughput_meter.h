#pragma once
// Torrents written per second over the last minute: what /api/stats shows as
// indexerThroughput. The write path records each committed batch; readers
// ask for the rate. Thread-safe; one short lock per call, no allocation.
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

#include "core/clock.h"
#include "library/library.h"

namespace helmarr::library {

class ThroughputMeter {
 public:
  static constexpr int kWindowSeconds = 60;

  explicit ThroughputMeter(const Clock& clock);

  // After a batch commits: how many torrents it wrote (new and updated).
  void record(std::int64_t torrents);
  // Torrents per second over the last kWindowSeconds whole seconds (fewer
  // while the meter is younger than that, so a fresh start is not diluted).
  double per_second() const;

 private:
  struct Bucket {
    std::int64_t second = -1;  // which second since the meter began it counts
    std::int64_t count = 0;
  };
  std::int64_t second_now() const;

  const Clock& clock_;
  const std::chrono::steady_clock::time_point started_;
  mutable std::mutex mu_;
  std::array<Bucket, kWindowSeconds> buckets_{};
};

// A Library whose writes feed `meter` (what committed: imported + updated)
// and are otherwise `inner`'s. Wrap the library once where it is built, so
// every writer in the process (POST /import, the crawler, the demo seeder)
// is counted. Both must outlive it.
std::unique_ptr<Library> metered(Library& inner, ThroughputMeter& meter);

}  // namespace helmarr::library
