#include "system/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace helmarr::system {

namespace {

// Guards against 49.99999999 tokens after a refill that should give exactly 50.
constexpr double kEpsilon = 1e-9;

double rate_per_second(const RateLimit& l) {
  return static_cast<double>(l.limit) / static_cast<double>(l.period.count());
}

std::int64_t ceil_seconds(double s) {
  if (s <= kEpsilon) return 0;
  return static_cast<std::int64_t>(std::ceil(s - kEpsilon));
}

}  // namespace

RateLimiter::RateLimiter(const Clock& clock, std::size_t max_buckets)
    : clock_(clock), max_buckets_(std::max<std::size_t>(max_buckets, 1)) {}

void RateLimiter::configure(const std::string& category, RateLimit limit) {
  // A limit below one request or a period below one second would make the
  // arithmetic meaningless; settings validation keeps real values well above.
  limit.limit = std::max<std::int64_t>(limit.limit, 1);
  limit.period = std::max(limit.period, std::chrono::seconds{1});
  std::lock_guard lock(mu_);
  limits_[category] = limit;
}

std::size_t RateLimiter::bucket_count() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

bool RateLimiter::has(const std::string& category) const {
  std::lock_guard lk(mu_);
  return limits_.count(category) != 0;
}

RateDecision RateLimiter::take(const std::string& client, const std::string& category) {
  const auto now = clock_.now();
  std::lock_guard lock(mu_);

  const auto lit = limits_.find(category);
  if (lit == limits_.end()) return RateDecision{};  // unconfigured: always allowed
  const RateLimit limit = lit->second;
  const double cap = static_cast<double>(limit.limit);
  const double rate = rate_per_second(limit);

  std::string key;
  key.reserve(category.size() + 1 + client.size());
  key.append(category).push_back('\n');
  key.append(client);

  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_buckets_) {
      // Make room. Buckets that would be full by now carry no state (a fresh
      // bucket is identical), so they go first. If that does not free enough,
      // drop arbitrary buckets (hash order) down to 90% of the bound: those
      // clients get a fresh allowance, which under a flood of unique addresses
      // is the price of bounded memory. Evicting to 90% keeps the O(n) scan
      // amortised over at least 10% of max_buckets insertions.
      const std::size_t target = max_buckets_ - std::max<std::size_t>(1, max_buckets_ / 10);
      for (auto b = buckets_.begin(); b != buckets_.end();) {
        const auto nl = b->first.find('\n');
        const auto cat = limits_.find(b->first.substr(0, nl));
        bool full = true;
        if (cat != limits_.end()) {
          const double elapsed = std::chrono::duration<double>(now - b->second.updated).count();
          full = b->second.tokens + elapsed * rate_per_second(cat->second) >=
                 static_cast<double>(cat->second.limit) - kEpsilon;
        }
        b = full ? buckets_.erase(b) : std::next(b);
      }
      while (buckets_.size() > target) buckets_.erase(buckets_.begin());
    }
    it = buckets_.emplace(std::move(key), Bucket{cap, now}).first;
  }

  Bucket& b = it->second;
  const double elapsed = std::max(0.0, std::chrono::duration<double>(now - b.updated).count());
  // min() also clamps buckets left over from a higher limit.
  b.tokens = std::min(cap, b.tokens + elapsed * rate);
  b.updated = now;

  RateDecision d;
  d.limit = limit.limit;
  if (b.tokens >= 1.0 - kEpsilon) {
    b.tokens = std::max(0.0, b.tokens - 1.0);
    d.allowed = true;
    d.remaining = static_cast<std::int64_t>(std::floor(b.tokens + kEpsilon));
  } else {
    d.allowed = false;
    d.remaining = 0;
    d.retry_after = std::max<std::int64_t>(1, ceil_seconds((1.0 - b.tokens) / rate));
  }
  d.reset_epoch = epoch_seconds(clock_.wall()) + ceil_seconds((cap - b.tokens) / rate);
  return d;
}

}  // namespace helmarr::system
