#pragma once
// The one bounded pool for blocking work (SQLite, file I/O, parsing large
// bodies), so server threads never block. Its queue is bounded: when it is
// full, run() answers ErrorCode::unavailable with retry_after at once and the
// request gets 503 with Retry-After, instead of an unbounded backlog.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <stop_token>
#include <thread>
#include <type_traits>
#include <vector>

#include "core/completion.h"
#include "core/executor.h"
#include "core/result.h"
#include "core/task.h"

namespace helmarr {

class WorkerPool final : public Executor {
 public:
  WorkerPool(int threads, std::size_t max_queue);
  ~WorkerPool() override;  // runs what is queued, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues fn; false when the queue is full or the pool is stopping.
  bool try_post(UniqueFunction<void()> fn);
  // Executor: queues even when full (resumptions must never be dropped).
  void post(UniqueFunction<void()> fn) override;

  // Runs fn (returning Result<X>) on a pool thread and resumes the caller on
  // its own executor with the result. Full queue: unavailable with
  // details.retry_after. A job whose stop token was triggered before it
  // started is skipped and answers unavailable ("cancelled").
  template <class F>
  auto run(F fn, std::stop_token stop = {}) -> Task<std::invoke_result_t<F&>> {
    using R = std::invoke_result_t<F&>;
    auto done = std::make_shared<Completion<R>>();
    const bool queued = try_post([done, fn = std::move(fn), stop]() mutable {
      if (stop.stop_requested()) {
        done->complete(fail(ErrorCode::unavailable, "cancelled before it started"));
        return;
      }
      try {
        done->complete(fn());
      } catch (const std::exception& e) {
        done->complete(fail(ErrorCode::internal, std::string("blocking job failed: ") + e.what()));
      }
    });
    return await_job<R>(queued ? std::move(done) : nullptr);
  }

  std::size_t queued() const;
  std::size_t max_queue() const { return max_queue_; }
  std::size_t threads() const { return threads_.size(); }
  std::uint64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }

 private:
  static tl::unexpected<Error> busy();
  template <class R>
  static Task<R> await_job(std::shared_ptr<Completion<R>> done) {
    if (!done) co_return busy();
    co_return co_await done->wait();
  }
  void work();

  const std::size_t max_queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<UniqueFunction<void()>> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> rejected_{0};
  std::vector<std::thread> threads_;
};

}  // namespace helmarr
