#include "core/clock.h"

#include <gtest/gtest.h>

namespace helmarr {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(Clock, Iso8601OfKnownEpochMs) {
  EXPECT_EQ(iso8601(system_clock::time_point(milliseconds(0))), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601(system_clock::time_point(milliseconds(1'777'300'200'123))), "2026-04-27T14:30:00.123Z");
  EXPECT_EQ(iso8601(system_clock::time_point(milliseconds(951'782'400'007))), "2000-02-29T00:00:00.007Z");
}

TEST(Clock, EpochSeconds) {
  EXPECT_EQ(epoch_seconds(system_clock::time_point(milliseconds(1'777'300'200'999))), 1'777'300'200);
}

TEST(Clock, ManualClockMovesBothClocks) {
  ManualClock clock;
  EXPECT_EQ(iso8601(clock.wall()), "2026-01-01T00:00:00.000Z");
  const auto mono = clock.now();
  clock.advance(std::chrono::milliseconds(1500));
  EXPECT_EQ(clock.now() - mono, std::chrono::milliseconds(1500));
  EXPECT_EQ(iso8601(clock.wall()), "2026-01-01T00:00:01.500Z");
  clock.set_wall_epoch_ms(1'777'300'200'123);
  EXPECT_EQ(iso8601(clock.wall()), "2026-04-27T14:30:00.123Z");
}

}  // namespace
}  // namespace helmarr
