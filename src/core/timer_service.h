#pragma once
// Timers behind an interface: request deadlines, sleeps and the job
// scheduler use it, and tests drive a ManualTimers by hand instead of
// sleeping. ThreadTimers is the real one: one thread for every timer.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/completion.h"
#include "core/task.h"
#include "core/unique_function.h"

namespace helmarr {

using TimerId = std::uint64_t;

class TimerService {
 public:
  virtual ~TimerService() = default;
  // Calls fn once, on a timer thread, after delay. Never inside this call.
  virtual TimerId after(std::chrono::steady_clock::duration delay, UniqueFunction<void()> fn) = 0;
  // True when the timer was still pending (fn will not run).
  virtual bool cancel(TimerId id) = 0;
};

// Suspends the calling coroutine for delay; it resumes on its executor.
// Inline, so translation units that never sleep carry no coroutine code
// (clang 14 cannot emit coroutine frames with the fuzzers' -g -O2
// instrumentation: "Cannot represent a difference across sections").
inline Task<void> sleep_for(TimerService& timers, std::chrono::steady_clock::duration delay) {
  auto done = std::make_shared<Completion<bool>>();
  timers.after(delay, [done] { done->complete(true); });
  co_await done->wait();
}

// Deadlines on a clock: steady_clock for ThreadTimers, a ManualClock in tests.
class ClockTimers : public TimerService {
 public:
  explicit ClockTimers(const Clock& clock) : clock_(clock) {}
  TimerId after(std::chrono::steady_clock::duration delay, UniqueFunction<void()> fn) override;
  bool cancel(TimerId id) override;
  std::size_t pending() const;

 protected:
  // Takes every timer due at clock_.now() and runs it outside the lock.
  void run_due();
  std::optional<std::chrono::steady_clock::time_point> next_due() const;
  virtual void wake() {}

  const Clock& clock_;
  mutable std::mutex mu_;

 private:
  struct Entry {
    TimerId id;
    UniqueFunction<void()> fn;
  };
  TimerId next_id_ = 1;
  std::multimap<std::chrono::steady_clock::time_point, Entry> timers_;
  std::map<TimerId, std::chrono::steady_clock::time_point> index_;
};

// Tests: advance the clock, then fire() runs what became due.
class ManualTimers final : public ClockTimers {
 public:
  explicit ManualTimers(const Clock& clock) : ClockTimers(clock) {}
  void fire() { run_due(); }
};

class ThreadTimers final : public ClockTimers {
 public:
  ThreadTimers();
  ~ThreadTimers() override;  // pending timers are dropped

 private:
  void wake() override;
  void loop();
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace helmarr
