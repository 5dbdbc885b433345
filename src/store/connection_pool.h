#pragma once
// Connections opened on first use, up to a limit, and handed to one thread at
// a time; a caller waits only when every one is busy. Any engine's
// connection type: it needs rollback() (run when one comes back, for a
// callback that failed mid-way) and healthy() (one that lost its server is
// dropped, and the next take() opens a new one).
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.h"

namespace helmarr::store {

template <class Connection>
class ConnectionPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
  ConnectionPool(int limit, Opener open) : limit_(limit), open_(std::move(open)) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {}
    Lease(Lease&& other) noexcept = default;
    ~Lease() {
      if (c_) pool_->give_back(std::move(c_));
    }
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> c_;
  };

  Result<Lease> take() {
    {
      std::unique_lock lock(mu_);
      free_cv_.wait(lock, [&] { return !free_.empty() || opened_ < limit_; });
      if (!free_.empty()) {
        auto c = std::move(free_.back());
        free_.pop_back();
        return Lease(*this, std::move(c));
      }
      ++opened_;  // reserve the slot; open outside the lock
    }
    auto opened = open_();
    if (!opened) {
      std::lock_guard lock(mu_);
      --opened_;
      free_cv_.notify_one();
      return tl::unexpected(opened.error());
    }
    return Lease(*this, std::move(*opened));
  }

 private:
  void give_back(std::unique_ptr<Connection> c) {
    c->rollback();
    std::lock_guard lock(mu_);
    if (c->healthy()) {
      free_.push_back(std::move(c));
    } else {
      --opened_;
    }
    free_cv_.notify_one();
  }

  int limit_;
  Opener open_;
  std::mutex mu_;
  std::condition_variable free_cv_;
  std::vector<std::unique_ptr<Connection>> free_;
  int opened_ = 0;
};

}  // namespace helmarr::store
