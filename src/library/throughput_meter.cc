#include "library/throughput_meter.h"

#include <algorithm>

namespace helmarr::library {

ThroughputMeter::ThroughputMeter(const Clock& clock) : clock_(clock), started_(clock.now()) {}

std::int64_t ThroughputMeter::second_now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - started_).count();
}

void ThroughputMeter::record(std::int64_t torrents) {
  if (torrents <= 0) return;
  const auto s = second_now();
  std::lock_guard lock(mu_);
  auto& b = buckets_[static_cast<std::size_t>(s % kWindowSeconds)];
  if (b.second != s) b = {s, 0};  // the slot last counted a second that has left the window
  b.count += torrents;
}

// The window is the last kWindowSeconds seconds including the current one
// (which is still filling): s-59 .. s.
double ThroughputMeter::per_second() const {
  const auto s = second_now();
  std::int64_t sum = 0;
  {
    std::lock_guard lock(mu_);
    for (const auto& b : buckets_)
      if (b.second >= 0 && b.second > s - kWindowSeconds && b.second <= s) sum += b.count;
  }
  const auto span = std::clamp<std::int64_t>(s + 1, 1, kWindowSeconds);
  return static_cast<double>(sum) / static_cast<double>(span);
}

namespace {

class MeteredLibrary final : public Library {
 public:
  MeteredLibrary(Library& inner, ThroughputMeter& meter) : inner_(inner), meter_(meter) {}
  Result<SearchPage> search(const SearchQuery& query) override { return inner_.search(query); }
  Result<std::optional<TorrentDetail>> find(const torrent::InfoHash& hash) override { return inner_.find(hash); }
  Result<LibraryCounts> counts() override { return inner_.counts(); }
  std::vector<TorrentRecord> prepare(std::span<const ImportRecord> batch) const override {
    return inner_.prepare(batch);
  }
  // Every write path ends here (upsert is prepare + write).
  Result<UpsertCounts> write(std::span<const ImportRecord> batch, std::vector<TorrentRecord> prepared) override {
    auto written = inner_.write(batch, std::move(prepared));
    if (written) meter_.record(written->imported + written->updated);
    return written;
  }

 private:
  Library& inner_;
  ThroughputMeter& meter_;
};

}  // namespace

std::unique_ptr<Library> metered(Library& inner, ThroughputMeter& meter) {
  return std::make_unique<MeteredLibrary>(inner, meter);
}

}  // namespace helmarr::library
