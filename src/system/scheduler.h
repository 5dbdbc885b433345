#pragma once
// Background jobs that modules register (pollers, audits, the crawler):
// periodic with jitter, one run at a time per job, cancelled cleanly on
// shutdown, and each job's next and last run visible (GET /api/jobs).
//
//   scheduler.add({.name = "sonarr_poll", .description = "Polls Sonarr's queue",
//                  .interval = std::chrono::minutes(1), .jitter = 0.1,
//                  .body = [&](std::stop_token stop) { return sonarr.poll(stop); }});
//   scheduler.start();
//
// Timing. Each run is due interval × (1 ± jitter) after the previous tick,
// drawn uniformly, so processes started together spread out. The first run
// is due initial_delay + [0, jitter × interval] after start(), or a jittered
// interval when there is no initial delay. Ticks are fixed-rate: the next one
// is armed when a tick fires, not when the run ends.
//
// One run at a time. A tick that comes while the job is still running (a slow
// run, or a run_now) does not start it again: it is counted as skipped, the
// last outcome reads "skipped", and the job simply waits for the next tick.
// Skipped ticks are never queued, so a job that overran does not run twice in
// a row to catch up.
//
// Threads. Timer callbacks only take decisions under the lock; runs are
// posted to the executor and the job's coroutine resumes there. A job that
// blocks wraps its work in WorkerPool::run. Every method is thread-safe.
//
// Failures. A job that returns an error or throws is recorded with its
// message and keeps its schedule; nothing it throws escapes.
//
// Once per cluster. A job with once_per_cluster claims a lease (job_lease.h)
// before each run when the scheduler has one: a tick that finds the job run
// recently or running in another process is skipped, its reason in
// last_error.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/completion.h"
#include "core/executor.h"
#include "core/result.h"
#include "core/task.h"
#include "core/timer_service.h"
#include "system/job_lease.h"

namespace helmarr::system {

using JobBody = std::function<Task<Result<void>>(std::stop_token)>;

struct JobSpec {
  std::string name;         // unique, lower snake_case, at most 64 characters
  std::string description;  // one line for the dashboard
  std::chrono::milliseconds interval{0};
  double jitter = 0.1;      // fraction of the interval, [0, 0.5]
  std::optional<std::chrono::milliseconds> initial_delay;
  bool once_per_cluster = false;  // one run per interval among the processes sharing the database
  JobBody body;
};

enum class JobOutcome { ok, error, cancelled, skipped };
const char* job_outcome_name(JobOutcome outcome);

// How one run ended, handed to whoever awaits it (run_now).
struct RunResult {
  JobOutcome outcome = JobOutcome::ok;
  std::string error;  // empty when ok
  std::chrono::milliseconds duration{0};
};
using RunCompletion = std::shared_ptr<Completion<RunResult>>;

struct JobStatus {
  std::string name;
  std::string description;
  std::chrono::milliseconds interval{0};
  double jitter = 0;
  bool running = false;
  bool once_per_cluster = false;
  // When the next tick is due; empty when none is armed (not started, stopped).
  std::optional<std::chrono::steady_clock::time_point> next_due;
  std::optional<std::chrono::system_clock::time_point> next_run;  // next_due on the wall clock
  std::optional<std::chrono::system_clock::time_point> last_started;
  std::optional<std::chrono::system_clock::time_point> last_finished;
  std::optional<std::chrono::milliseconds> last_duration;
  std::optional<JobOutcome> last_outcome;
  std::string last_error;  // of the last run that failed or was cancelled, or why another process ran it; empty after an ok run
  std::uint64_t runs = 0;      // runs started
  std::uint64_t failures = 0;  // runs that ended in error
  std::uint64_t skipped = 0;   // ticks that found the job still running, or run by another process
};

// {"name","description","interval_ms","jitter","running","once_per_cluster","next_run","last_started",
//  "last_finished","last_duration_ms","last_outcome","last_error","runs","failures","skipped"};
// absent times, outcome and error are null.
nlohmann::json to_json(const JobStatus& status);

class Scheduler {
 public:
  // The timers, executor and clock must outlive the scheduler. seed feeds the
  // jitter: give each process its own (std::random_device), tests a constant.
  Scheduler(TimerService& timers, Executor& executor, const Clock& clock, std::uint64_t seed);
  ~Scheduler();  // stop() with the default grace, unless already stopped
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // invalid_request for a bad name, interval, jitter or a missing body;
  // conflict for a name already taken; unavailable once stop() has begun.
  // A job added after start() is scheduled at once.
  Result<void> add(JobSpec spec);

  // The lease once_per_cluster jobs claim; without one they run like any
  // other job. Before start(); it must outlive the scheduler.
  void set_lease(JobLease* lease);

  // Arms every job's first tick. Once only; does nothing after stop().
  void start();

  // Changes a job's interval; a pending tick is re-armed a jittered new
  // interval from now, so a shorter period takes effect without waiting out
  // the old one. not_found, or invalid_request for a bad interval.
  Result<void> set_interval(const std::string& name, std::chrono::milliseconds interval);

  // Starts a run now, outside the schedule (which it does not move). Returns
  // its completion, which the caller may await or drop; not_found, conflict
  // ("already running") or unavailable (stopped).
  Result<RunCompletion> run_now(const std::string& name);

  // Cancels every pending tick, requests stop on the token of each running
  // job and waits up to grace for them to end. Returns the names of jobs
  // still running after the grace (they are logged and left detached; their
  // results are dropped). No run starts once stop() has begun.
  std::vector<std::string> stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  std::vector<JobStatus> jobs() const;  // sorted by name
  std::optional<JobStatus> job(const std::string& name) const;
  nlohmann::json jobs_json() const;     // the list as to_json() values

 private:
  struct Core;
  std::shared_ptr<Core> core_;  // shared with timer and run callbacks that may outlive a call
};

}  // namespace helmarr::system
