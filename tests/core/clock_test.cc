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

namespace helmarr {
namespace {

TEST(Rfc3339, ParsesZonesFractionsAndDates) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2024-06-01T12:00:00Z"), 1717243200);
  EXPECT_EQ(parse_rfc3339("2024-06-01T14:00:00.123+02:00"), 1717243200);
  EXPECT_EQ(parse_rfc3339("2024-06-01 12:00:00z"), 1717243200);
  EXPECT_EQ(parse_rfc3339("2024-06-01"), 1717200000);
  EXPECT_EQ(parse_rfc3339("1969-12-31T23:59:59Z"), -1);
}

TEST(Rfc3339, RefusesWhatIsNotOne) {
  for (const char* bad : {"", "2024", "2024-13-01", "2024-02-30", "2024-06-01T12:00:00", "2024-06-01T25:00:00Z",
                          "2024-06-01T12:00:00+2:00", "2024-06-01T12:00:00Zjunk", "yesterday"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

}  // namespace
}  // namespace helmarr

namespace helmarr {
namespace {

TEST(CivilDate, DaysAndDatesRoundTrip) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 2, 29), 11016);
  for (std::int64_t d = -800000; d <= 800000; d += 997) {
    const CivilDate c = civil_from_days(d);
    EXPECT_EQ(days_from_civil(c.year, c.month, c.day), d);
  }
}

}  // namespace
}  // namespace helmarr
