#include "core/timer_service.h"

#include <gtest/gtest.h>

#include <future>
#include <vector>

namespace helmarr {
namespace {

using namespace std::chrono_literals;

TEST(ManualTimers, FireInDeadlineOrderOnlyWhenDue) {
  ManualClock clock;
  ManualTimers timers(clock);
  std::vector<int> fired;
  timers.after(30s, [&] { fired.push_back(3); });
  timers.after(10s, [&] { fired.push_back(1); });
  timers.after(20s, [&] { fired.push_back(2); });
  timers.fire();
  EXPECT_TRUE(fired.empty());
  clock.advance(20s);
  timers.fire();
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  clock.advance(10s);
  timers.fire();
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(timers.pending(), 0u);
}

TEST(ManualTimers, CancelledTimersNeverRun) {
  ManualClock clock;
  ManualTimers timers(clock);
  bool ran = false;
  auto id = timers.after(1s, [&] { ran = true; });
  EXPECT_TRUE(timers.cancel(id));
  EXPECT_FALSE(timers.cancel(id));
  clock.advance(2s);
  timers.fire();
  EXPECT_FALSE(ran);
}

TEST(ManualTimers, SleepForResumesWhenTheTimerFires) {
  ManualClock clock;
  ManualTimers timers(clock);
  bool woke = false;
  auto sleeper = [&]() -> Task<void> {  // named: it must outlive its coroutine
    co_await sleep_for(timers, 5s);
    woke = true;
  };
  sleeper().start(nullptr, [](std::exception_ptr) {});
  EXPECT_FALSE(woke);
  clock.advance(4s);
  timers.fire();
  EXPECT_FALSE(woke);
  clock.advance(1s);
  timers.fire();
  EXPECT_TRUE(woke);
}

TEST(ThreadTimers, RunsTimersOnItsThread) {
  ThreadTimers timers;
  std::promise<int> first, second;
  // Scheduled out of order: the later one must not hold the earlier back.
  timers.after(50ms, [&] { second.set_value(2); });
  timers.after(1ms, [&] { first.set_value(1); });
  EXPECT_EQ(first.get_future().get(), 1);
  EXPECT_EQ(second.get_future().get(), 2);
}

}  // namespace
}  // namespace helmarr
