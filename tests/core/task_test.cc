#include "core/task.h"

#include <gtest/gtest.h>

#include "support/test_executors.h"

#include <deque>
#include <stdexcept>
#include <string>

#include "core/completion.h"

namespace helmarr {
namespace {

using testing::InlineExecutor;
using testing::QueueExecutor;

Task<int> add(int a, int b) { co_return a + b; }

Task<int> nested() {
  int x = co_await add(1, 2);
  int y = co_await add(x, 10);
  co_return y;
}

Task<int> waits_for(std::shared_ptr<Completion<int>> c) {
  int v = co_await c->wait();
  co_return v * 2;
}

Task<void> throws() {
  throw std::runtime_error("boom");
  co_return;
}

TEST(Task, IsLazyAndRunsWhenStarted) {
  bool ran = false;
  // The lambda outlives its coroutine: a coroutine lambda's captures live in
  // the closure, not in the frame.
  auto body = [&]() -> Task<int> {
    ran = true;
    co_return 7;
  };
  auto t = body();
  EXPECT_FALSE(ran);
  std::optional<int> got;
  std::move(t).start(nullptr, [&](std::optional<int> v, std::exception_ptr) { got = v; });
  EXPECT_TRUE(ran);
  EXPECT_EQ(got, 7);
}

TEST(Task, NestedAwaitsComposeValues) {
  std::optional<int> got;
  nested().start(nullptr, [&](std::optional<int> v, std::exception_ptr) { got = v; });
  EXPECT_EQ(got, 13);
}

TEST(Task, CompletionResumesOnTheAwaitersExecutor) {
  QueueExecutor ex;
  auto c = std::make_shared<Completion<int>>();
  std::optional<int> got;
  waits_for(c).start(&ex, [&](std::optional<int> v, std::exception_ptr) { got = v; });
  EXPECT_FALSE(got);
  EXPECT_TRUE(c->complete(21));
  // Not resumed inside complete(): it waits for its executor.
  EXPECT_FALSE(got);
  EXPECT_EQ(ex.drain(), 1);
  EXPECT_EQ(got, 42);
}

TEST(Task, CompletionSetBeforeAwaitDoesNotSuspend) {
  auto c = std::make_shared<Completion<int>>();
  c->complete(5);
  EXPECT_FALSE(c->complete(6));  // the second value is dropped
  std::optional<int> got;
  waits_for(c).start(nullptr, [&](std::optional<int> v, std::exception_ptr) { got = v; });
  EXPECT_EQ(got, 10);
}

TEST(Task, ExceptionsReachTheStarter) {
  std::exception_ptr error;
  bool called = false;
  throws().start(nullptr, [&](std::exception_ptr e) {
    called = true;
    error = e;
  });
  ASSERT_TRUE(called);
  ASSERT_TRUE(error);
  EXPECT_THROW(std::rethrow_exception(error), std::runtime_error);
}

TEST(Task, AnAbandonedCompletionFreesNothingTwice) {
  // A task still waiting when its owner goes away is destroyed with the
  // frame's owner; the completion outlives it and a late complete() is safe.
  auto c = std::make_shared<Completion<int>>();
  {
    auto t = waits_for(c);
    (void)t;  // never started
  }
  EXPECT_TRUE(c->complete(1));
}

}  // namespace
}  // namespace helmarr
