#pragma once
// Token buckets per (client, category). A bucket of limit L per period P holds
// at most L tokens and refills continuously at L/P, so a client that waits
// gets its allowance back smoothly. The table of buckets is bounded: full,
// idle buckets are dropped first, so unique addresses cannot grow memory.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace helmarr::system {

struct RateLimit {
  std::int64_t limit = 100;                   // requests per period
  std::chrono::seconds period{60};
};

struct RateDecision {
  bool allowed = true;
  std::int64_t limit = 0;
  std::int64_t remaining = 0;     // after this request
  std::int64_t reset_epoch = 0;   // X-RateLimit-Reset: wall-clock second the bucket is full again
  std::int64_t retry_after = 0;   // seconds until one token is available (when refused)
};

class RateLimiter {
 public:
  explicit RateLimiter(const Clock& clock, std::size_t max_buckets = 100'000);

  // Sets or changes a category's limit; applies to the next request.
  void configure(const std::string& category, RateLimit limit);
  bool has(const std::string& category) const;
  // Takes one token. An unconfigured category is always allowed (routes are
  // checked at startup so none names one).
  RateDecision take(const std::string& client, const std::string& category);
  std::size_t bucket_count() const;

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  const Clock& clock_;
  std::size_t max_buckets_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, RateLimit> limits_;
  std::unordered_map<std::string, Bucket> buckets_;  // key: category + '\n' + client
};

}  // namespace helmarr::system
