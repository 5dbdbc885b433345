#include "core/worker_pool.h"

#include <gtest/gtest.h>

#include "support/gate.h"

#include <future>
#include <thread>

namespace helmarr {
namespace {

TEST(WorkerPool, RunsBlockingWorkOffTheCallersThread) {
  WorkerPool pool(2, 8);
  const auto caller = std::this_thread::get_id();
  std::promise<Result<std::thread::id>> got;
  pool.run([]() -> Result<std::thread::id> { return std::this_thread::get_id(); })
      .start(nullptr, [&](std::optional<Result<std::thread::id>> v, std::exception_ptr) { got.set_value(*v); });
  auto r = got.get_future().get();
  ASSERT_TRUE(r);
  EXPECT_NE(*r, caller);
}

TEST(WorkerPool, AFullQueueAnswersUnavailableWithRetryAfter) {
  WorkerPool pool(1, 2);
  testing::Gate release;
  testing::Gate started;
  // One job holds the only thread; two fill the queue.
  ASSERT_TRUE(pool.try_post([&] {
    started.open();
    release.wait();
  }));
  started.wait();
  ASSERT_TRUE(pool.try_post([] {}));
  ASSERT_TRUE(pool.try_post([] {}));
  std::optional<Result<int>> got;
  pool.run([]() -> Result<int> { return 1; }).start(nullptr, [&](std::optional<Result<int>> v, std::exception_ptr) {
    got = std::move(v);
  });
  ASSERT_TRUE(got && !*got);  // answered at once, without waiting
  EXPECT_EQ((*got).error().code, ErrorCode::unavailable);
  EXPECT_EQ((*got).error().details.value("retry_after", 0), 1);
  EXPECT_EQ(pool.rejected(), 1u);
  release.open();
}

TEST(WorkerPool, AJobCancelledBeforeItStartsIsSkipped) {
  WorkerPool pool(1, 4);
  testing::Gate release;
  testing::Gate started;
  ASSERT_TRUE(pool.try_post([&] {
    started.open();
    release.wait();
  }));
  started.wait();
  std::stop_source stop;
  bool ran = false;
  std::promise<Result<int>> got;
  pool.run(
          [&]() -> Result<int> {
            ran = true;
            return 1;
          },
          stop.get_token())
      .start(nullptr, [&](std::optional<Result<int>> v, std::exception_ptr) { got.set_value(*v); });
  stop.request_stop();
  release.open();
  auto r = got.get_future().get();
  EXPECT_FALSE(ran);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
}

TEST(WorkerPool, AThrowingJobStillAnswers) {
  WorkerPool pool(1, 4);
  std::promise<Result<int>> got;
  pool.run([]() -> Result<int> { throw std::runtime_error("bad"); })
      .start(nullptr, [&](std::optional<Result<int>> v, std::exception_ptr) { got.set_value(*v); });
  auto r = got.get_future().get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
}

TEST(WorkerPool, DestructionRunsWhatIsQueued) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1, 100);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.try_post([&] { ++ran; }));
  }
  EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace helmarr
