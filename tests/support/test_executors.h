#pragma once
// Executors for tests: one that runs what is posted at once, one that holds
// it until the test drains it, so every resumption is observable.
#include <deque>

#include "core/executor.h"

namespace helmarr::testing {

class InlineExecutor final : public Executor {
 public:
  void post(UniqueFunction<void()> fn) override { fn(); }
};

class QueueExecutor final : public Executor {
 public:
  void post(UniqueFunction<void()> fn) override { jobs.push_back(std::move(fn)); }
  int drain() {
    int n = 0;
    while (!jobs.empty()) {
      auto fn = std::move(jobs.front());
      jobs.pop_front();
      fn();
      ++n;
    }
    return n;
  }
  std::deque<UniqueFunction<void()>> jobs;
};

}  // namespace helmarr::testing
