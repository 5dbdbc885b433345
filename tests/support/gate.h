#pragma once
// A one-shot gate for tests: open() lets every wait() through. (Not
// std::latch: libstdc++ 12's atomic wait can miss the wake-up.)
#include <condition_variable>
#include <mutex>

namespace helmarr::testing {

class Gate {
 public:
  void open() {
    {
      std::lock_guard lk(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

}  // namespace helmarr::testing
