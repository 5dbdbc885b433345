// The scheduler driven by a ManualClock and ManualTimers: time moves only
// when a test advances it, and runs happen on an executor the test controls.
#include "system/scheduler.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "support/postgres_server.h"
#include "support/test_executors.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>

namespace helmarr::system {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

using testing::InlineExecutor;
using testing::QueueExecutor;

// Each run waits on its own gate until the test opens it (true) or the job's
// stop token closes it (false).
struct Gates {
  std::deque<std::shared_ptr<Completion<bool>>> open;  // one per run started, oldest first
  int started = 0;

  JobBody body(bool honour_stop = true) {
    return [this, honour_stop](std::stop_token stop) -> Task<Result<void>> {
      auto gate = std::make_shared<Completion<bool>>();
      open.push_back(gate);
      ++started;
      return run(gate, std::move(stop), honour_stop);
    };
  }
  static Task<Result<void>> run(std::shared_ptr<Completion<bool>> gate, std::stop_token stop, bool honour_stop) {
    std::optional<std::stop_callback<std::function<void()>>> on_stop;
    if (honour_stop) on_stop.emplace(stop, std::function<void()>([gate] { gate->complete(false); }));
    const bool opened = co_await gate->wait();
    if (!opened) co_return fail(ErrorCode::unavailable, "stopped while waiting");
    co_return Result<void>{};
  }
  void release_oldest() {
    auto gate = open.front();
    open.pop_front();
    gate->complete(true);
  }
};

Task<Result<void>> count_run(int& runs) {
  ++runs;
  co_return Result<void>{};
}
JobBody counting(int& runs) {
  return [&runs](std::stop_token) { return count_run(runs); };
}

class SchedulerTest : public ::testing::Test {
 protected:
  // Moves the clock to the job's next tick and fires what became due.
  void tick(Scheduler& s, const std::string& name) {
    auto due = s.job(name)->next_due;
    ASSERT_TRUE(due) << name << " has no tick armed";
    clock.advance(*due - clock.now());
    timers.fire();
  }
  std::chrono::steady_clock::duration until_next(Scheduler& s, const std::string& name) {
    return *s.job(name)->next_due - clock.now();
  }

  ManualClock clock;
  ManualTimers timers{clock};
  InlineExecutor inline_ex;
};

JobSpec spec(std::string name, milliseconds interval, JobBody body, double jitter = 0) {
  return JobSpec{.name = std::move(name), .description = "a test job", .interval = interval, .jitter = jitter,
                 .initial_delay = std::nullopt, .body = std::move(body)};
}

// Awaits the run's completion from a coroutine, as a caller of run_now would.
Task<void> await_into(RunCompletion done, std::optional<RunResult>& out) { out = co_await done->wait(); }
void await_run(RunCompletion done, std::optional<RunResult>& out) {
  await_into(std::move(done), out).start(nullptr, [](std::exception_ptr) {});
}

TEST_F(SchedulerTest, RunsAtTheIntervalOnceStarted) {
  Scheduler s(timers, inline_ex, clock, 1);
  int runs = 0;
  ASSERT_TRUE(s.add(spec("poll", 60s, counting(runs))));
  EXPECT_FALSE(s.job("poll")->next_due) << "nothing is armed before start()";
  s.start();
  EXPECT_EQ(until_next(s, "poll"), 60s);
  clock.advance(59s);
  timers.fire();
  EXPECT_EQ(runs, 0);
  clock.advance(1s);
  timers.fire();
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(until_next(s, "poll"), 60s);
  tick(s, "poll");
  tick(s, "poll");
  EXPECT_EQ(runs, 3);
  auto st = *s.job("poll");
  EXPECT_EQ(st.runs, 3u);
  EXPECT_EQ(st.last_outcome, JobOutcome::ok);
  EXPECT_FALSE(st.running);
}

TEST_F(SchedulerTest, RunsOnTheExecutorNotInTheTimerCallback) {
  QueueExecutor queue;
  Scheduler s(timers, queue, clock, 1);
  int runs = 0;
  ASSERT_TRUE(s.add(spec("poll", 10s, counting(runs))));
  s.start();
  tick(s, "poll");
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(s.job("poll")->running) << "claimed by the tick, waiting for the executor";
  EXPECT_GE(queue.drain(), 1);
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(s.job("poll")->running);
}

TEST_F(SchedulerTest, InitialDelayIsAMinimumSpreadByTheJitter) {
  Scheduler s(timers, inline_ex, clock, 7);
  int runs = 0;
  auto js = spec("audit", 100s, counting(runs), 0.2);
  js.initial_delay = 5s;
  ASSERT_TRUE(s.add(std::move(js)));
  s.start();
  const auto first = until_next(s, "audit");
  EXPECT_GE(first, 5s);
  EXPECT_LE(first, 25s);
}

TEST_F(SchedulerTest, AJobAddedAfterStartIsScheduledAtOnce) {
  Scheduler s(timers, inline_ex, clock, 1);
  s.start();
  int runs = 0;
  ASSERT_TRUE(s.add(spec("late", 5s, counting(runs))));
  tick(s, "late");
  EXPECT_EQ(runs, 1);
}

// Each scheduler on its own clock so their ticks are stepped independently.
std::vector<std::chrono::steady_clock::duration> delays(std::uint64_t seed, int n) {
  ManualClock clock;
  ManualTimers timers(clock);
  InlineExecutor ex;
  Scheduler s(timers, ex, clock, seed);
  int runs = 0;
  EXPECT_TRUE(s.add(spec("poll", 100s, counting(runs), 0.25)));
  s.start();
  std::vector<std::chrono::steady_clock::duration> out;
  for (int i = 0; i < n; ++i) {
    const auto d = *s.job("poll")->next_due - clock.now();
    out.push_back(d);
    clock.advance(d);
    timers.fire();
  }
  EXPECT_EQ(runs, n);
  return out;
}

TEST_F(SchedulerTest, JitterStaysWithinBoundsAndDependsOnTheSeed) {
  const auto a = delays(1, 50);
  const auto b = delays(2, 50);
  for (const auto& list : {a, b}) {
    for (auto d : list) {
      EXPECT_GE(d, 75s);
      EXPECT_LE(d, 125s);
    }
    EXPECT_NE(*std::min_element(list.begin(), list.end()), *std::max_element(list.begin(), list.end()))
        << "jittered delays all equal";
  }
  EXPECT_NE(a, b) << "two processes with different seeds would tick together";
  EXPECT_EQ(a, delays(1, 50)) << "the same seed draws the same delays";
}

TEST_F(SchedulerTest, ARunStillGoingAtTheNextTickIsNotStartedTwice) {
  Scheduler s(timers, inline_ex, clock, 1);
  Gates gates;
  ASSERT_TRUE(s.add(spec("slow", 10s, gates.body())));
  s.start();
  tick(s, "slow");
  ASSERT_EQ(gates.started, 1);
  EXPECT_TRUE(s.job("slow")->running);

  tick(s, "slow");  // the first run has not ended
  EXPECT_EQ(gates.started, 1);
  auto st = *s.job("slow");
  EXPECT_EQ(st.skipped, 1u);
  EXPECT_EQ(st.last_outcome, JobOutcome::skipped);
  EXPECT_TRUE(st.running);
  EXPECT_EQ(until_next(s, "slow"), 10s) << "the schedule goes on";

  gates.release_oldest();
  st = *s.job("slow");
  EXPECT_FALSE(st.running);
  EXPECT_EQ(st.last_outcome, JobOutcome::ok);
  EXPECT_EQ(gates.started, 1) << "a skipped tick is not made up when the run ends";

  tick(s, "slow");
  EXPECT_EQ(gates.started, 2);
  gates.release_oldest();
  EXPECT_EQ(s.job("slow")->runs, 2u);
}

TEST_F(SchedulerTest, RunNowStartsOnceAndCanBeAwaited) {
  Scheduler s(timers, inline_ex, clock, 1);
  Gates gates;
  ASSERT_TRUE(s.add(spec("crawl", 1h, gates.body())));
  s.start();
  const auto due = s.job("crawl")->next_due;

  auto started = s.run_now("crawl");
  ASSERT_TRUE(started);
  EXPECT_EQ(gates.started, 1);
  auto again = s.run_now("crawl");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_NE(again.error().message.find("already running"), std::string::npos);
  EXPECT_EQ(gates.started, 1);

  std::optional<RunResult> result;
  await_run(*started, result);
  EXPECT_FALSE(result);
  clock.advance(2s);
  gates.release_oldest();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->outcome, JobOutcome::ok);
  EXPECT_EQ(result->duration, 2s);
  EXPECT_EQ(s.job("crawl")->next_due, due) << "run_now does not move the schedule";

  auto unknown = s.run_now("nope");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

TEST_F(SchedulerTest, RunNowWorksBeforeStart) {
  Scheduler s(timers, inline_ex, clock, 1);
  int runs = 0;
  ASSERT_TRUE(s.add(spec("poll", 1h, counting(runs))));
  ASSERT_TRUE(s.run_now("poll"));
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(s.job("poll")->next_due);
}

TEST_F(SchedulerTest, SetIntervalTakesEffectWithoutWaitingOutTheOldOne) {
  Scheduler s(timers, inline_ex, clock, 1);
  int runs = 0;
  ASSERT_TRUE(s.add(spec("poll", 1h, counting(runs))));
  s.start();
  ASSERT_TRUE(s.set_interval("poll", 10s));
  EXPECT_EQ(until_next(s, "poll"), 10s);
  EXPECT_EQ(timers.pending(), 1u) << "the old tick is cancelled";
  clock.advance(10s);
  timers.fire();
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(until_next(s, "poll"), 10s);
  EXPECT_EQ(s.job("poll")->interval, 10s);

  ASSERT_TRUE(s.set_interval("poll", 2h));
  EXPECT_EQ(until_next(s, "poll"), 2h);
  clock.advance(1h);
  timers.fire();
  EXPECT_EQ(runs, 1) << "the 10 s tick is gone";

  auto unknown = s.set_interval("nope", 1s);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
  auto zero = s.set_interval("poll", 0ms);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(s.job("poll")->interval, 2h);
}

TEST_F(SchedulerTest, SetIntervalBeforeStartIsUsedByStart) {
  Scheduler s(timers, inline_ex, clock, 1);
  int runs = 0;
  ASSERT_TRUE(s.add(spec("poll", 1h, counting(runs))));
  ASSERT_TRUE(s.set_interval("poll", 30s));
  EXPECT_FALSE(s.job("poll")->next_due);
  s.start();
  EXPECT_EQ(until_next(s, "poll"), 30s);
}

TEST_F(SchedulerTest, ErrorsAndExceptionsAreRecordedAndTheJobKeepsItsSchedule) {
  Scheduler s(timers, inline_ex, clock, 1);
  int call = 0;
  ASSERT_TRUE(s.add(spec("flaky", 10s, [&call](std::stop_token) -> Task<Result<void>> {
    const int n = ++call;
    if (n == 3) throw std::runtime_error("no task at all");  // thrown before any coroutine exists
    return [](int n) -> Task<Result<void>> {
      if (n == 1) co_return fail(ErrorCode::unavailable, "sonarr is down");
      if (n == 2) throw std::runtime_error("boom");
      co_return Result<void>{};
    }(n);
  })));
  s.start();

  tick(s, "flaky");
  auto st = *s.job("flaky");
  EXPECT_EQ(st.last_outcome, JobOutcome::error);
  EXPECT_EQ(st.last_error, "sonarr is down");
  EXPECT_EQ(st.failures, 1u);
  EXPECT_TRUE(st.next_due);

  tick(s, "flaky");
  st = *s.job("flaky");
  EXPECT_EQ(st.last_outcome, JobOutcome::error);
  EXPECT_NE(st.last_error.find("boom"), std::string::npos) << st.last_error;
  EXPECT_EQ(st.failures, 2u);

  tick(s, "flaky");
  st = *s.job("flaky");
  EXPECT_NE(st.last_error.find("no task at all"), std::string::npos) << st.last_error;
  EXPECT_EQ(st.failures, 3u);
  EXPECT_FALSE(st.running);

  tick(s, "flaky");
  st = *s.job("flaky");
  EXPECT_EQ(st.last_outcome, JobOutcome::ok);
  EXPECT_EQ(st.last_error, "");
  EXPECT_EQ(st.runs, 4u);
  EXPECT_EQ(st.failures, 3u);
}

TEST_F(SchedulerTest, StopCancelsTicksSignalsTheRunningJobAndWaitsForIt) {
  Scheduler s(timers, inline_ex, clock, 1);
  Gates gates;
  int other_runs = 0;
  ASSERT_TRUE(s.add(spec("slow", 10s, gates.body())));
  ASSERT_TRUE(s.add(spec("other", 15s, counting(other_runs))));
  s.start();
  tick(s, "slow");
  ASSERT_TRUE(s.job("slow")->running);
  EXPECT_EQ(timers.pending(), 2u);

  EXPECT_TRUE(s.stop().empty()) << "the job honoured its stop token";
  EXPECT_EQ(timers.pending(), 0u);
  auto st = *s.job("slow");
  EXPECT_FALSE(st.running);
  EXPECT_EQ(st.last_outcome, JobOutcome::cancelled);
  EXPECT_EQ(st.last_error, "stopped while waiting");
  EXPECT_EQ(st.failures, 0u) << "a cancelled run is not a failure";
  EXPECT_FALSE(st.next_due);

  clock.advance(1h);
  timers.fire();
  EXPECT_EQ(gates.started, 1);
  EXPECT_EQ(other_runs, 0);
  auto now = s.run_now("slow");
  ASSERT_FALSE(now);
  EXPECT_EQ(now.error().code, ErrorCode::unavailable);
  auto added = s.add(spec("new_job", 1s, counting(other_runs)));
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::unavailable);
  s.start();
  EXPECT_EQ(timers.pending(), 0u) << "start() after stop() does nothing";
}

TEST_F(SchedulerTest, StopReportsAJobThatIgnoresItsToken) {
  Gates gates;
  {
    Scheduler s(timers, inline_ex, clock, 1);
    ASSERT_TRUE(s.add(spec("stubborn", 10s, gates.body(/*honour_stop=*/false))));
    s.start();
    tick(s, "stubborn");
    EXPECT_EQ(s.stop(0ms), std::vector<std::string>{"stubborn"});
    EXPECT_TRUE(s.job("stubborn")->running);
  }
  // The scheduler is gone; the late end of the run is dropped safely.
  gates.release_oldest();
  EXPECT_EQ(gates.started, 1);
}

TEST_F(SchedulerTest, NoRunStartsOnceStopHasBegun) {
  QueueExecutor queue;
  int runs = 0;
  Scheduler s(timers, queue, clock, 1);
  ASSERT_TRUE(s.add(spec("poll", 10s, counting(runs))));
  s.start();
  tick(s, "poll");  // claimed, its start still queued on the executor
  EXPECT_EQ(s.stop(0ms), std::vector<std::string>{"poll"});
  queue.drain();
  EXPECT_EQ(runs, 0);
  auto st = *s.job("poll");
  EXPECT_FALSE(st.running);
  EXPECT_EQ(st.last_outcome, JobOutcome::cancelled);
  EXPECT_EQ(st.runs, 0u);
  EXPECT_TRUE(s.stop(0ms).empty());
}

TEST_F(SchedulerTest, TheDestructorCancelsPendingTicks) {
  int runs = 0;
  {
    Scheduler s(timers, inline_ex, clock, 1);
    ASSERT_TRUE(s.add(spec("poll", 10s, counting(runs))));
    s.start();
    EXPECT_EQ(timers.pending(), 1u);
  }
  EXPECT_EQ(timers.pending(), 0u);
  clock.advance(1h);
  timers.fire();
  EXPECT_EQ(runs, 0);
}

TEST_F(SchedulerTest, AddValidatesTheSpec) {
  Scheduler s(timers, inline_ex, clock, 1);
  int runs = 0;
  for (const std::string& bad : std::vector<std::string>{"", "Poll", "sonarr-poll", "_poll", "poll_", "a__b",
                                                         "9lives", "sp ace", std::string(65, 'a')}) {
    auto r = s.add(spec(bad, 10s, counting(runs)));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_request) << bad;
  }
  EXPECT_TRUE(s.add(spec(std::string(64, 'a'), 10s, counting(runs))));
  EXPECT_TRUE(s.add(spec("sonarr_poll_2", 10s, counting(runs))));

  EXPECT_FALSE(s.add(spec("zero", 0ms, counting(runs))));
  EXPECT_FALSE(s.add(spec("negative", -1s, counting(runs))));
  EXPECT_FALSE(s.add(spec("huge_jitter", 10s, counting(runs), 0.6)));
  EXPECT_FALSE(s.add(spec("nan_jitter", 10s, counting(runs), std::nan(""))));
  EXPECT_FALSE(s.add(spec("no_body", 10s, JobBody{})));
  auto neg = spec("negative_delay", 10s, counting(runs));
  neg.initial_delay = -1s;
  EXPECT_FALSE(s.add(std::move(neg)));

  auto dup = s.add(spec("sonarr_poll_2", 20s, counting(runs)));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_EQ(s.jobs().size(), 2u);
}

TEST_F(SchedulerTest, StatusJsonHasEveryField) {
  Scheduler s(timers, inline_ex, clock, 1);
  Gates gates;
  ASSERT_TRUE(s.add(spec("b_job", 60s, gates.body(), 0)));
  int runs = 0;
  ASSERT_TRUE(s.add(spec("a_job", 30s, counting(runs), 0.1)));

  auto before = s.jobs_json();
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0]["name"], "a_job") << "sorted by name";
  for (const char* k : {"next_run", "last_started", "last_finished", "last_duration_ms", "last_outcome", "last_error"})
    EXPECT_TRUE(before[1][k].is_null()) << k;

  s.start();
  const auto started_wall = clock.wall() + 60s;
  tick(s, "b_job");  // a_job (30 s ± 3 s) ticks on the way
  clock.advance(1500ms);
  gates.release_oldest();

  auto j = s.jobs_json()[1];
  EXPECT_EQ(j["name"], "b_job");
  EXPECT_EQ(j["description"], "a test job");
  EXPECT_EQ(j["interval_ms"], 60000);
  EXPECT_EQ(j["jitter"], 0.0);
  EXPECT_EQ(j["running"], false);
  EXPECT_EQ(j["last_started"], iso8601(started_wall));
  EXPECT_EQ(j["last_finished"], iso8601(started_wall + 1500ms));
  EXPECT_EQ(j["last_duration_ms"], 1500);
  EXPECT_EQ(j["last_outcome"], "ok");
  EXPECT_TRUE(j["last_error"].is_null());
  EXPECT_EQ(j["next_run"], iso8601(started_wall + 60s));
  EXPECT_EQ(j["runs"], 1);
  EXPECT_EQ(j["failures"], 0);
  EXPECT_EQ(j["skipped"], 0);
  EXPECT_GE(s.jobs_json()[0]["runs"].get<int>(), 1);

  s.stop();
  EXPECT_TRUE(s.jobs_json()[1]["next_run"].is_null());
}

// Two schedulers on one PostgreSQL database, leases named "a" and "b".
struct TwoProcesses {
  TwoProcesses(ManualClock& clock, ManualTimers& timers, Executor& ex)
      : lease_a(make_database_lease(*db, clock, "a")),
        lease_b(make_database_lease(*db, clock, "b")),
        a(timers, ex, clock, 1),
        b(timers, ex, clock, 2) {
    a.set_lease(lease_a.get());
    b.set_lease(lease_b.get());
  }
  std::unique_ptr<store::Database> db = [] {
    auto d = testing::fresh_postgres();
    if (auto m = store::migrate(*d); !m) throw std::runtime_error(m.error().message);
    return d;
  }();
  std::unique_ptr<JobLease> lease_a, lease_b;
  Scheduler a, b;
};

// Two schedulers on one database stand for two processes: a once-per-cluster
// job runs once per tick between them, whichever ticks first; a job without
// the flag runs in both.
TEST_F(SchedulerTest, AClusterJobRunsOncePerIntervalAmongTheProcesses) {
  TwoProcesses two(clock, timers, inline_ex);
  Scheduler &a = two.a, &b = two.b;
  int cluster_runs = 0, local_runs = 0;
  for (Scheduler* s : {&a, &b}) {
    auto js = spec("audit", 60s, counting(cluster_runs));
    js.once_per_cluster = true;
    ASSERT_TRUE(s->add(std::move(js)));
    ASSERT_TRUE(s->add(spec("poll", 60s, counting(local_runs))));
  }
  a.start();
  b.start();
  for (int i = 1; i <= 5; ++i) {
    clock.advance(60s);
    timers.fire();
    EXPECT_EQ(cluster_runs, i) << "tick " << i;
    EXPECT_EQ(local_runs, 2 * i);
  }
  const auto sa = *a.job("audit"), sb = *b.job("audit");
  EXPECT_TRUE(sa.once_per_cluster);
  EXPECT_EQ(sa.runs + sb.runs, 5u);
  EXPECT_EQ(sa.skipped + sb.skipped, 5u);
  const auto& skipped = sa.last_outcome == JobOutcome::skipped ? sa : sb;
  EXPECT_NE(skipped.last_error.find("run by another process"), std::string::npos) << skipped.last_error;
  EXPECT_EQ(a.jobs_json()[0]["once_per_cluster"], true);
  EXPECT_EQ(a.jobs_json()[1]["once_per_cluster"], false);
}

TEST_F(SchedulerTest, AClusterJobRunningInOneProcessIsSkippedByRunNowInAnother) {
  TwoProcesses two(clock, timers, inline_ex);
  Scheduler &a = two.a, &b = two.b;
  Gates gates;
  int b_runs = 0;
  auto ja = spec("audit", 1h, gates.body());
  ja.once_per_cluster = true;
  auto jb = spec("audit", 1h, counting(b_runs));
  jb.once_per_cluster = true;
  ASSERT_TRUE(a.add(std::move(ja)));
  ASSERT_TRUE(b.add(std::move(jb)));
  ASSERT_TRUE(a.run_now("audit"));
  ASSERT_EQ(gates.started, 1) << "a runs it and holds the lease";
  std::optional<RunResult> refused;
  await_run(b.run_now("audit").value(), refused);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->outcome, JobOutcome::skipped);
  EXPECT_NE(refused->error.find("(a at "), std::string::npos) << refused->error;
  EXPECT_EQ(b_runs, 0);
  gates.release_oldest();
  EXPECT_FALSE(a.job("audit")->running);
  std::optional<RunResult> after;
  await_run(b.run_now("audit").value(), after);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->outcome, JobOutcome::ok) << "a released the lease when its run ended";
  EXPECT_EQ(b_runs, 1);
}

}  // namespace
}  // namespace helmarr::system
