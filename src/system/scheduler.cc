#include "system/scheduler.h"

#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>

#include <fmt/format.h>

#include "core/log.h"

namespace helmarr::system {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr std::size_t kMaxNameLength = 64;
constexpr milliseconds kMaxInterval = std::chrono::hours(24 * 365);
// A cluster job's lease lasts this long unless renewed, and is renewed this
// often while the job runs: a holder that dies frees the job within kLeaseTtl.
constexpr milliseconds kLeaseTtl = std::chrono::minutes(2);
constexpr milliseconds kLeaseRenewal = std::chrono::seconds(30);

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  if (name.front() < 'a' || name.front() > 'z' || name.back() == '_') return false;
  char prev = 0;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && prev == '_')) return false;
    prev = c;
  }
  return true;
}

Result<void> check_interval(milliseconds interval) {
  if (interval < milliseconds(1) || interval > kMaxInterval)
    return fail(ErrorCode::invalid_request,
                fmt::format("job interval must be between 1 ms and 365 days, got {} ms", interval.count()));
  return {};
}

std::string describe(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return std::string("job threw: ") + ex.what();
  } catch (...) {
    return "job threw a non-standard exception";
  }
}

nlohmann::json time_or_null(const std::optional<std::chrono::system_clock::time_point>& t) {
  return t ? nlohmann::json(iso8601(*t)) : nlohmann::json(nullptr);
}

}  // namespace

const char* job_outcome_name(JobOutcome outcome) {
  switch (outcome) {
    case JobOutcome::ok: return "ok";
    case JobOutcome::error: return "error";
    case JobOutcome::cancelled: return "cancelled";
    case JobOutcome::skipped: return "skipped";
  }
  return "unknown";
}

nlohmann::json to_json(const JobStatus& s) {
  return {{"name", s.name},
          {"description", s.description},
          {"interval_ms", s.interval.count()},
          {"jitter", s.jitter},
          {"running", s.running},
          {"once_per_cluster", s.once_per_cluster},
          {"next_run", time_or_null(s.next_run)},
          {"last_started", time_or_null(s.last_started)},
          {"last_finished", time_or_null(s.last_finished)},
          {"last_duration_ms", s.last_duration ? nlohmann::json(s.last_duration->count()) : nlohmann::json(nullptr)},
          {"last_outcome", s.last_outcome ? nlohmann::json(job_outcome_name(*s.last_outcome)) : nlohmann::json(nullptr)},
          {"last_error", s.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.last_error)},
          {"runs", s.runs},
          {"failures", s.failures},
          {"skipped", s.skipped}};
}

// Everything the callbacks touch. Jobs are never removed, so a Job* stays
// valid as long as the Core, which every pending callback keeps alive.
struct Scheduler::Core : std::enable_shared_from_this<Scheduler::Core> {
  struct Job {
    JobSpec spec;         // body and name never change after add()
    JobStatus status;     // next_due/next_run filled in on read
    std::uint64_t generation = 0;  // bumped on every (re)arm and disarm: a stale tick sees a different one
    std::optional<TimerId> timer;
    std::optional<steady_clock::time_point> next_due;
    std::optional<std::stop_source> stop;  // of the current run
    RunCompletion completion;              // of the current run
    steady_clock::time_point started_at;
    bool forced = false;                   // the current run is a run_now
    bool leased = false;                   // it holds the cluster lease
    std::optional<TimerId> renewal;        // of the lease, while it runs
  };

  Core(TimerService& t, Executor& e, const Clock& c, std::uint64_t seed)
      : timers(t), executor(e), clock(c), rng(seed) {}

  TimerService& timers;
  Executor& executor;
  const Clock& clock;

  mutable std::mutex mu;
  std::condition_variable cv;  // signalled when a run ends
  std::mt19937_64 rng;
  std::map<std::string, Job> jobs;
  std::size_t running = 0;
  bool started = false;
  bool stopping = false;
  bool orphaned = false;  // the Scheduler is gone: its clock may be too
  JobLease* lease = nullptr;

  // interval × (1 ± jitter), uniformly.
  steady_clock::duration next_delay(const Job& job) {
    std::uniform_real_distribution<double> u(-job.status.jitter, job.status.jitter);
    return std::chrono::duration_cast<steady_clock::duration>(
        std::chrono::duration<double, std::nano>(job.status.interval) * (1.0 + u(rng)));
  }

  // initial_delay + [0, jitter × interval], or a jittered interval.
  steady_clock::duration first_delay(const Job& job) {
    if (!job.spec.initial_delay) return next_delay(job);
    std::uniform_real_distribution<double> u(0.0, job.status.jitter);
    return *job.spec.initial_delay + std::chrono::duration_cast<steady_clock::duration>(
                                         std::chrono::duration<double, std::nano>(job.status.interval) * u(rng));
  }

  // Locked.
  void disarm(Job& job) {
    if (job.timer) timers.cancel(*job.timer);
    job.timer.reset();
    job.next_due.reset();
    ++job.generation;
  }

  // Locked. The timers never call back inside after(), so holding mu is safe.
  void arm(Job& job, steady_clock::duration delay) {
    disarm(job);
    const std::uint64_t gen = job.generation;
    job.next_due = clock.now() + delay;
    job.timer = timers.after(delay, [self = shared_from_this(), j = &job, gen] { self->on_tick(*j, gen); });
  }

  // Locked. Marks the job running; launch() then starts it on the executor.
  RunCompletion begin_run(Job& job, bool forced) {
    job.status.running = true;
    job.forced = forced;
    job.stop.emplace();
    job.completion = std::make_shared<Completion<RunResult>>();
    ++running;
    return job.completion;
  }

  void post_launch(Job& job) {
    executor.post([self = shared_from_this(), j = &job] { self->launch(*j); });
  }

  void on_tick(Job& job, std::uint64_t gen) {
    {
      std::lock_guard lk(mu);
      if (stopping || gen != job.generation) return;  // cancelled or re-armed meanwhile
      job.timer.reset();
      arm(job, next_delay(job));  // fixed rate: the next tick does not wait for this run
      if (job.status.running) {
        ++job.status.skipped;
        job.status.last_outcome = JobOutcome::skipped;
        return;
      }
      begin_run(job, false);
    }
    post_launch(job);
  }

  // Not locked (a database call). A tick leaves at least (1 - jitter) of
  // the interval, less a margin, since the last run anywhere; run_now only
  // needs the lease free. The reason when another process has it.
  std::optional<std::string> claim_lease(Job& job) {
    const auto gap = job.forced ? milliseconds(0)
                                : std::chrono::duration_cast<milliseconds>(job.status.interval *
                                                                           (1.0 - job.status.jitter) * 0.95);
    auto claim = lease->claim(job.spec.name, gap, kLeaseTtl);
    if (!claim) return "cluster lease: " + claim.error().message;
    if (claim->claimed) {
      std::lock_guard lk(mu);
      job.leased = true;
      arm_renewal(job);
      return std::nullopt;
    }
    std::string when = claim->last_started ? " at " + iso8601(*claim->last_started) : "";
    return fmt::format("run by another process ({}{})", claim->holder, when);
  }

  // Locked.
  void arm_renewal(Job& job) {
    job.renewal = timers.after(kLeaseRenewal, [self = shared_from_this(), j = &job] {
      self->executor.post([self, j] { self->renew_lease(*j); });
    });
  }

  void renew_lease(Job& job) {
    {
      std::lock_guard lk(mu);
      if (!job.leased) return;
    }
    auto renewed = lease->renew(job.spec.name, kLeaseTtl);
    if (!renewed || !*renewed) {
      log::event(spdlog::level::warn, "job lost its cluster lease",
                 {{"job", job.spec.name}, {"error", renewed ? "held by another process" : renewed.error().message}});
    }
    std::lock_guard lk(mu);
    if (job.leased && !stopping) arm_renewal(job);
  }

  void launch(Job& job) {
    if (job.spec.once_per_cluster && lease) {
      if (auto refused = claim_lease(job)) {
        const bool failed = refused->rfind("cluster lease:", 0) == 0;
        finish(job, failed ? JobOutcome::error : JobOutcome::skipped, std::move(*refused), false);
        return;
      }
    }
    std::stop_token token;
    {
      std::lock_guard lk(mu);
      if (!stopping) {
        token = job.stop->get_token();
        job.started_at = clock.now();
        job.status.last_started = clock.wall();
        ++job.status.runs;
      }
    }
    if (!token.stop_possible()) {
      finish(job, JobOutcome::cancelled, "scheduler stopped before the run started", false);
      return;
    }
    Task<Result<void>> task;
    try {
      task = job.spec.body(token);
    } catch (...) {
      finish(job, JobOutcome::error, describe(std::current_exception()), true);
      return;
    }
    if (!task.valid()) {
      finish(job, JobOutcome::error, "job body returned no task", true);
      return;
    }
    std::move(task).start(&executor, [self = shared_from_this(), j = &job](std::optional<Result<void>> v,
                                                                            std::exception_ptr e) {
      if (e) {
        self->finish(*j, JobOutcome::error, describe(e), true);
      } else if (!*v) {
        self->finish(*j, JobOutcome::error, v->error().message, true);
      } else {
        self->finish(*j, JobOutcome::ok, "", true);
      }
    });
  }

  void finish(Job& job, JobOutcome outcome, std::string error, bool started) {
    RunResult result{outcome, std::move(error), milliseconds(0)};
    RunCompletion completion;
    bool detached;
    bool release = false;
    {
      std::lock_guard lk(mu);
      release = job.leased;
      job.leased = false;
      if (job.renewal) timers.cancel(*job.renewal);
      job.renewal.reset();
    }
    if (release) {
      if (auto released = lease->release(job.spec.name); !released) {
        log::event(spdlog::level::warn, "job lease not released",
                   {{"job", job.spec.name}, {"error", released.error().message}});
      }
    }
    {
      std::lock_guard lk(mu);
      // An error after stop was requested is the job honouring the token.
      if (result.outcome == JobOutcome::error && job.stop && job.stop->stop_requested())
        result.outcome = JobOutcome::cancelled;
      detached = orphaned;
      if (!orphaned && started) {
        result.duration = std::chrono::duration_cast<milliseconds>(clock.now() - job.started_at);
        job.status.last_finished = clock.wall();
        job.status.last_duration = result.duration;
      }
      job.status.running = false;
      job.status.last_outcome = result.outcome;
      job.status.last_error = result.error;
      if (result.outcome == JobOutcome::error) ++job.status.failures;
      if (result.outcome == JobOutcome::skipped) ++job.status.skipped;
      job.stop.reset();
      completion = std::move(job.completion);
      --running;
    }
    cv.notify_all();
    if (result.outcome == JobOutcome::error || detached) {
      log::event(spdlog::level::warn, detached ? "job ended after shutdown" : "job failed",
                 {{"job", job.spec.name}, {"outcome", job_outcome_name(result.outcome)}, {"error", result.error}});
    }
    if (completion) completion->complete(std::move(result));
  }

  // Locked.
  JobStatus snapshot(const Job& job) const {
    JobStatus s = job.status;
    s.next_due = job.next_due;
    if (job.next_due)
      s.next_run = clock.wall() + std::chrono::duration_cast<std::chrono::system_clock::duration>(*job.next_due - clock.now());
    return s;
  }
};

Scheduler::Scheduler(TimerService& timers, Executor& executor, const Clock& clock, std::uint64_t seed)
    : core_(std::make_shared<Core>(timers, executor, clock, seed)) {}

Scheduler::~Scheduler() {
  bool stopped;
  {
    std::lock_guard lk(core_->mu);
    stopped = core_->stopping;
  }
  if (!stopped) stop();
  std::lock_guard lk(core_->mu);
  core_->orphaned = true;
}

Result<void> Scheduler::add(JobSpec spec) {
  if (!valid_name(spec.name))
    return fail(ErrorCode::invalid_request,
                fmt::format("job name \"{}\" must be lower snake_case (a-z, 0-9, single '_'), at most {} characters",
                            spec.name.substr(0, kMaxNameLength), kMaxNameLength));
  if (auto ok = check_interval(spec.interval); !ok)
    return fail(ErrorCode::invalid_request, fmt::format("{}: {}", spec.name, ok.error().message));
  if (!std::isfinite(spec.jitter) || spec.jitter < 0 || spec.jitter > 0.5)
    return fail(ErrorCode::invalid_request, fmt::format("{}: job jitter must be a fraction in [0, 0.5]", spec.name));
  if (spec.initial_delay && (*spec.initial_delay < milliseconds(0) || *spec.initial_delay > kMaxInterval))
    return fail(ErrorCode::invalid_request, fmt::format("{}: initial delay must be between 0 and 365 days", spec.name));
  if (!spec.body) return fail(ErrorCode::invalid_request, fmt::format("{}: job has no body", spec.name));

  std::lock_guard lk(core_->mu);
  if (core_->stopping) return fail(ErrorCode::unavailable, "the scheduler is stopped");
  if (core_->jobs.count(spec.name)) return fail(ErrorCode::conflict, fmt::format("a job named {} already exists", spec.name));
  const std::string name = spec.name;
  auto& job = core_->jobs[name];
  job.status.name = spec.name;
  job.status.description = spec.description;
  job.status.interval = spec.interval;
  job.status.jitter = spec.jitter;
  job.status.once_per_cluster = spec.once_per_cluster;
  job.spec = std::move(spec);
  if (core_->started) core_->arm(job, core_->first_delay(job));
  return {};
}

void Scheduler::set_lease(JobLease* lease) {
  std::lock_guard lk(core_->mu);
  core_->lease = lease;
}

void Scheduler::start() {
  std::lock_guard lk(core_->mu);
  if (core_->started || core_->stopping) return;
  core_->started = true;
  for (auto& [name, job] : core_->jobs) core_->arm(job, core_->first_delay(job));
}

Result<void> Scheduler::set_interval(const std::string& name, std::chrono::milliseconds interval) {
  if (auto ok = check_interval(interval); !ok) return ok;
  std::lock_guard lk(core_->mu);
  auto it = core_->jobs.find(name);
  if (it == core_->jobs.end()) return fail(ErrorCode::not_found, fmt::format("no job named {}", name));
  auto& job = it->second;
  job.status.interval = interval;
  if (job.next_due) core_->arm(job, core_->next_delay(job));
  return {};
}

Result<RunCompletion> Scheduler::run_now(const std::string& name) {
  Core::Job* job;
  RunCompletion completion;
  {
    std::lock_guard lk(core_->mu);
    if (core_->stopping) return fail(ErrorCode::unavailable, "the scheduler is stopped");
    auto it = core_->jobs.find(name);
    if (it == core_->jobs.end()) return fail(ErrorCode::not_found, fmt::format("no job named {}", name));
    job = &it->second;
    if (job->status.running) return fail(ErrorCode::conflict, fmt::format("job {} is already running", name));
    completion = core_->begin_run(*job, true);
  }
  core_->post_launch(*job);
  return completion;
}

std::vector<std::string> Scheduler::stop(std::chrono::milliseconds grace) {
  std::vector<std::stop_source> signals;
  {
    std::lock_guard lk(core_->mu);
    core_->stopping = true;
    for (auto& [name, job] : core_->jobs) {
      core_->disarm(job);
      if (job.stop) signals.push_back(*job.stop);
    }
  }
  // Outside the lock: a stop callback may end the job inline, which locks.
  for (auto& s : signals) s.request_stop();

  std::unique_lock lk(core_->mu);
  core_->cv.wait_for(lk, grace, [this] { return core_->running == 0; });
  std::vector<std::string> left;
  for (const auto& [name, job] : core_->jobs)
    if (job.status.running) left.push_back(name);
  lk.unlock();
  for (const auto& name : left)
    log::event(spdlog::level::warn, "job did not stop within the grace period",
               {{"job", name}, {"grace_ms", grace.count()}});
  return left;
}

std::vector<JobStatus> Scheduler::jobs() const {
  std::lock_guard lk(core_->mu);
  std::vector<JobStatus> out;
  out.reserve(core_->jobs.size());
  for (const auto& [name, job] : core_->jobs) out.push_back(core_->snapshot(job));
  return out;
}

std::optional<JobStatus> Scheduler::job(const std::string& name) const {
  std::lock_guard lk(core_->mu);
  auto it = core_->jobs.find(name);
  if (it == core_->jobs.end()) return std::nullopt;
  return core_->snapshot(it->second);
}

nlohmann::json Scheduler::jobs_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : jobs()) list.push_back(to_json(s));
  return list;
}

}  // namespace helmarr::system
