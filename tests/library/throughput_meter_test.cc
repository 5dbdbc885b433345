// The throughput meter: torrents per second over the last minute, by the
// clock, from any number of writers.
#include "library/throughput_meter.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace helmarr::library {
namespace {

TEST(ThroughputMeter, NothingRecordedIsZero) {
  ManualClock clock;
  ThroughputMeter meter(clock);
  EXPECT_EQ(meter.per_second(), 0.0);
  clock.advance(std::chrono::minutes(5));
  EXPECT_EQ(meter.per_second(), 0.0);
}

TEST(ThroughputMeter, AYoungMeterDividesByItsAgeNotTheWholeWindow) {
  ManualClock clock;
  ThroughputMeter meter(clock);
  meter.record(100);
  EXPECT_DOUBLE_EQ(meter.per_second(), 100.0);  // within the first second
  clock.advance(std::chrono::seconds(9));
  EXPECT_DOUBLE_EQ(meter.per_second(), 10.0);  // 100 over seconds 0..9
  clock.advance(std::chrono::seconds(50));
  EXPECT_DOUBLE_EQ(meter.per_second(), 100.0 / 60);
}

TEST(ThroughputMeter, OnlyTheLastMinuteCounts) {
  ManualClock clock;
  ThroughputMeter meter(clock);
  meter.record(600);  // second 0
  clock.advance(std::chrono::seconds(30));
  meter.record(60);  // second 30
  clock.advance(std::chrono::seconds(29));
  EXPECT_DOUBLE_EQ(meter.per_second(), 660.0 / 60);  // second 59: both in 0..59
  clock.advance(std::chrono::seconds(1));
  EXPECT_DOUBLE_EQ(meter.per_second(), 1.0);  // second 60: second 0 has left
  meter.record(120);  // second 60 reuses second 0's slot, which starts empty
  EXPECT_DOUBLE_EQ(meter.per_second(), 3.0);
  clock.advance(std::chrono::hours(1));
  EXPECT_EQ(meter.per_second(), 0.0);
}

TEST(ThroughputMeter, NonPositiveCountsAreIgnored) {
  ManualClock clock;
  ThroughputMeter meter(clock);
  meter.record(0);
  meter.record(-5);
  EXPECT_EQ(meter.per_second(), 0.0);
}

TEST(ThroughputMeter, ConcurrentWritersLoseNothing) {
  ManualClock clock;
  ThroughputMeter meter(clock);
  clock.advance(std::chrono::seconds(59));  // the window is full: the rate is the sum / 60
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&meter] {
      for (int i = 0; i < 1500; ++i) meter.record(1);
    });
  std::thread reader([&meter] {
    for (int i = 0; i < 1000; ++i) (void)meter.per_second();
  });
  for (auto& w : writers) w.join();
  reader.join();
  EXPECT_DOUBLE_EQ(meter.per_second(), 6000.0 / 60);
}

}  // namespace
}  // namespace helmarr::library
