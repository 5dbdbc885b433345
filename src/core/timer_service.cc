#include "core/timer_service.h"

#include <vector>

namespace helmarr {

TimerId ClockTimers::after(std::chrono::steady_clock::duration delay, UniqueFunction<void()> fn) {
  TimerId id;
  {
    std::lock_guard lk(mu_);
    id = next_id_++;
    const auto due = clock_.now() + delay;
    timers_.emplace(due, Entry{id, std::move(fn)});
    index_.emplace(id, due);
  }
  wake();
  return id;
}

bool ClockTimers::cancel(TimerId id) {
  UniqueFunction<void()> dropped;  // destroyed outside the lock
  std::lock_guard lk(mu_);
  auto it = index_.find(id);
  if (it == index_.end()) return false;
  auto [lo, hi] = timers_.equal_range(it->second);
  for (auto t = lo; t != hi; ++t) {
    if (t->second.id == id) {
      dropped = std::move(t->second.fn);
      timers_.erase(t);
      break;
    }
  }
  index_.erase(it);
  return true;
}

std::size_t ClockTimers::pending() const {
  std::lock_guard lk(mu_);
  return timers_.size();
}

std::optional<std::chrono::steady_clock::time_point> ClockTimers::next_due() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.begin()->first;
}

void ClockTimers::run_due() {
  std::vector<UniqueFunction<void()>> due;
  {
    std::lock_guard lk(mu_);
    const auto now = clock_.now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      index_.erase(timers_.begin()->second.id);
      due.push_back(std::move(timers_.begin()->second.fn));
      timers_.erase(timers_.begin());
    }
  }
  for (auto& fn : due) fn();
}

ThreadTimers::ThreadTimers() : ClockTimers(SystemClock::instance()), thread_([this] { loop(); }) {}

ThreadTimers::~ThreadTimers() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ThreadTimers::wake() { cv_.notify_all(); }

void ThreadTimers::loop() {
  std::unique_lock lk(mu_);
  while (!stopping_) {
    if (auto due = next_due()) {
      if (clock_.now() >= *due) {
        lk.unlock();
        run_due();
        lk.lock();
        continue;
      }
      cv_.wait_until(lk, *due);
    } else {
      cv_.wait(lk);
    }
  }
}

}  // namespace helmarr
