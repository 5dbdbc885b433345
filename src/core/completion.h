#pragma once
// Completion<T>: a one-shot value produced on some thread (a curl callback,
// a pool job, a timer) and awaited by one coroutine, which resumes on its
// own executor. complete() after the first call does nothing, so a result
// that loses a race with a deadline is discarded safely.
//
//   auto done = std::make_shared<Completion<int>>();
//   pool.post([done] { done->complete(42); });
//   int v = co_await done->wait();
#include <coroutine>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "core/task.h"

namespace helmarr {

template <class T>
class Completion : public std::enable_shared_from_this<Completion<T>> {
 public:
  // Returns false when a value was already set (this one is dropped).
  bool complete(T value) {
    std::coroutine_handle<> waiter;
    Executor* ex = nullptr;
    {
      std::lock_guard lk(mu_);
      if (value_) return false;
      value_.emplace(std::move(value));
      waiter = std::exchange(waiter_, {});
      ex = executor_;
    }
    if (waiter) task_detail::resume_on(ex, waiter);
    return true;
  }

  bool done() const {
    std::lock_guard lk(mu_);
    return value_.has_value();
  }

  struct Awaiter {
    std::shared_ptr<Completion> self;
    bool await_ready() const { return self->done(); }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> h) {
      std::lock_guard lk(self->mu_);
      if (self->value_) return false;  // completed meanwhile: go on without suspending
      self->waiter_ = h;
      self->executor_ = executor_of(h);
      return true;
    }
    T await_resume() {
      std::lock_guard lk(self->mu_);
      return std::move(*self->value_);
    }
  };
  // One waiter only.
  Awaiter wait() { return Awaiter{this->shared_from_this()}; }

 private:
  mutable std::mutex mu_;
  std::optional<T> value_;
  std::coroutine_handle<> waiter_;
  Executor* executor_ = nullptr;
};

}  // namespace helmarr
