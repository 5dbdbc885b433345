#include "app/progress.h"

#include <gtest/gtest.h>

namespace helmarr::app {
namespace {

TEST(Progress, DescribesRateAndEtaWhenTheSizeIsKnown) {
  EXPECT_EQ(Progress::describe(1234567, 10.0, 250, 1000, 0), "1,234,567 records  123,456/s   25%  ETA 0:30");
  EXPECT_EQ(Progress::describe(10, 2.0, 500, 1000, 10), "[#####.....] 10 records  5/s   50%  ETA 0:02");
}

TEST(Progress, WithoutASizeOnlyCountsAndRate) {
  EXPECT_EQ(Progress::describe(50000, 1.0, 123, std::nullopt, 30), "50,000 records  50,000/s");
}

TEST(Progress, PlainLinesWhenNotATerminal) {
  char buffer[256] = {};
  std::FILE* out = fmemopen(buffer, sizeof buffer, "w");
  Progress p(out, /*terminal=*/false, 100);
  p.finish(5, 100);  // no terminal: nothing to close
  p.update(5, 50);   // first update within 5 s of the start: not drawn yet
  std::fclose(out);
  EXPECT_STREQ(buffer, "");
}

TEST(Progress, ThousandsSeparators) {
  EXPECT_EQ(with_thousands(0), "0");
  EXPECT_EQ(with_thousands(999), "999");
  EXPECT_EQ(with_thousands(1000), "1,000");
  EXPECT_EQ(with_thousands(-1234567), "-1,234,567");
}

}  // namespace
}  // namespace helmarr::app
