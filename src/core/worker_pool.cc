#include "core/worker_pool.h"

#include <exception>

#include <spdlog/spdlog.h>

namespace helmarr {

WorkerPool::WorkerPool(int threads, std::size_t max_queue) : max_queue_(max_queue) {
  threads_.reserve(static_cast<std::size_t>(std::max(1, threads)));
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

bool WorkerPool::try_post(UniqueFunction<void()> fn) {
  {
    std::lock_guard lk(mu_);
    if (stopping_ || queue_.size() >= max_queue_) {
      rejected_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(std::move(fn));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::post(UniqueFunction<void()> fn) {
  {
    std::lock_guard lk(mu_);
    queue_.push_back(std::move(fn));
  }
  cv_.notify_one();
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lk(mu_);
  return queue_.size();
}

tl::unexpected<Error> WorkerPool::busy() {
  return fail(ErrorCode::unavailable, "the server is busy: too much work is queued; try again shortly",
              {{"retry_after", 1}});
}

void WorkerPool::work() {
  for (;;) {
    UniqueFunction<void()> job;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& e) {
      spdlog::error("worker pool: job threw: {}", e.what());
    } catch (...) {
      spdlog::error("worker pool: job threw an unknown exception");
    }
  }
}

}  // namespace helmarr
