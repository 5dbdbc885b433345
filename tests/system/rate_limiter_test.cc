#include "system/rate_limiter.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.h"

namespace helmarr::system {
namespace {

using namespace std::chrono_literals;

class RateLimiterTest : public ::testing::Test {
 protected:
  ManualClock clock;
  RateLimiter limiter{clock};
  void SetUp() override { limiter.configure("general", RateLimit{100, 60s}); }

  int drain(const std::string& client, const std::string& category = "general") {
    int allowed = 0;
    while (limiter.take(client, category).allowed) ++allowed;
    return allowed;
  }
};

TEST_F(RateLimiterTest, AllowsTheLimitThenRefusesWithRetryAfter) {
  for (int i = 0; i < 100; ++i) {
    const auto d = limiter.take("1.2.3.4", "general");
    ASSERT_TRUE(d.allowed) << "request " << i;
    EXPECT_EQ(d.limit, 100);
    EXPECT_EQ(d.remaining, 99 - i);
  }
  const auto refused = limiter.take("1.2.3.4", "general");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.limit, 100);
  EXPECT_GT(refused.retry_after, 0);
  EXPECT_EQ(refused.retry_after, 1);  // 100/min: one token every 0.6 s
}

TEST_F(RateLimiterTest, RefillsContinuously) {
  EXPECT_EQ(drain("a"), 100);
  clock.advance(30s);
  EXPECT_EQ(drain("a"), 50);
  clock.advance(10min);  // never above the limit
  EXPECT_EQ(drain("a"), 100);
}

TEST_F(RateLimiterTest, RetryAfterAndResetFollowTheRate) {
  limiter.configure("slow", RateLimit{1, 60s});
  const auto first = limiter.take("a", "slow");
  ASSERT_TRUE(first.allowed);
  EXPECT_EQ(first.remaining, 0);
  EXPECT_EQ(first.reset_epoch, epoch_seconds(clock.wall()) + 60);

  auto refused = limiter.take("a", "slow");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 60);
  clock.advance(59s);
  refused = limiter.take("a", "slow");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 1);
  EXPECT_EQ(refused.reset_epoch, epoch_seconds(clock.wall()) + 1);
  clock.advance(1s);
  EXPECT_TRUE(limiter.take("a", "slow").allowed);
}

TEST_F(RateLimiterTest, ResetEpochIsWhenTheBucketIsFullAgain) {
  const auto d = limiter.take("a", "general");
  // One token used, refilled at 100/60 per second: back in 0.6 s, rounded up.
  EXPECT_EQ(d.reset_epoch, epoch_seconds(clock.wall()) + 1);
  for (int i = 0; i < 99; ++i) limiter.take("a", "general");
  EXPECT_EQ(limiter.take("a", "general").reset_epoch, epoch_seconds(clock.wall()) + 60);
}

TEST_F(RateLimiterTest, IndependentPerClientAndPerCategory) {
  limiter.configure("auth", RateLimit{5, 60s});
  EXPECT_EQ(drain("a"), 100);
  EXPECT_EQ(drain("b"), 100);
  EXPECT_EQ(drain("a", "auth"), 5);
  EXPECT_EQ(drain("b", "auth"), 5);
  EXPECT_FALSE(limiter.take("a", "general").allowed);
}

TEST_F(RateLimiterTest, UnconfiguredCategoryIsAlwaysAllowed) {
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.take("a", "nothing").allowed);
  EXPECT_EQ(limiter.bucket_count(), 0u);
}

TEST_F(RateLimiterTest, LowerReconfigurationClampsExistingBuckets) {
  EXPECT_EQ(limiter.take("a", "general").remaining, 99);
  limiter.configure("general", RateLimit{10, 60s});
  const auto d = limiter.take("a", "general");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.limit, 10);
  EXPECT_EQ(d.remaining, 9);
  EXPECT_EQ(drain("a"), 9);
}

TEST_F(RateLimiterTest, HigherReconfigurationRefillsAtTheNewRate) {
  EXPECT_EQ(drain("a"), 100);
  limiter.configure("general", RateLimit{600, 60s});
  clock.advance(1s);
  EXPECT_EQ(drain("a"), 10);
}

TEST_F(RateLimiterTest, ConcurrentTakesNeverExceedTheLimit) {
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.take("shared", "general").allowed) ++allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

TEST(RateLimiterBound, TableStaysBoundedUnderManyUniqueClients) {
  ManualClock clock;
  RateLimiter limiter(clock, 1000);
  limiter.configure("general", RateLimit{100, 60s});
  for (int i = 0; i < 100'000; ++i) {
    ASSERT_TRUE(limiter.take("10.0." + std::to_string(i), "general").allowed);
    ASSERT_LE(limiter.bucket_count(), 1000u);
    if (i % 1000 == 0) clock.advance(1ms);
  }
  EXPECT_GT(limiter.bucket_count(), 0u);
}

TEST(RateLimiterBound, FullIdleBucketsAreEvictedBeforeActiveOnes) {
  ManualClock clock;
  RateLimiter limiter(clock, 10);
  limiter.configure("general", RateLimit{100, 60s});
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limiter.take("hot", "general").allowed);
  for (int i = 0; i < 9; ++i) limiter.take("idle" + std::to_string(i), "general");
  ASSERT_EQ(limiter.bucket_count(), 10u);
  clock.advance(1s);  // idle buckets refill to full; "hot" has ~1.67 tokens

  EXPECT_TRUE(limiter.take("new", "general").allowed);
  EXPECT_EQ(limiter.bucket_count(), 2u);  // the nine full ones went, "hot" stayed
  EXPECT_TRUE(limiter.take("hot", "general").allowed);
  EXPECT_FALSE(limiter.take("hot", "general").allowed);
}

}  // namespace
}  // namespace helmarr::system
