#pragma once
// Once-per-cluster jobs. Several Helmarr processes on one database each run
// a scheduler; a job that must run once per cluster (the nightly audit, a
// retention sweep) claims a lease in the database before each run:
//
//  - a tick claims only when no other process holds the lease and the last
//    run anywhere started at least min_gap ago, so N processes ticking at
//    their own jittered times run the job once per interval between them;
//  - run_now claims whenever no other process holds the lease;
//  - the holder renews the lease while it runs and gives it up when done; a
//    holder that dies stops renewing and its lease runs out after ttl.
//
// Times are unix milliseconds from the injected clock: processes on several
// machines need their clocks in step (NTP) to within a small part of ttl.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace helmarr::system {

struct LeaseClaim {
  bool claimed = false;
  std::string holder;  // when refused: who holds it, or who ran last
  std::optional<std::chrono::system_clock::time_point> last_started;
};

class JobLease {
 public:
  virtual ~JobLease() = default;
  virtual Result<LeaseClaim> claim(const std::string& job, std::chrono::milliseconds min_gap,
                                   std::chrono::milliseconds ttl) = 0;
  // Extends a lease this process holds; false when it no longer holds it.
  virtual Result<bool> renew(const std::string& job, std::chrono::milliseconds ttl) = 0;
  virtual Result<void> release(const std::string& job) = 0;
  virtual const std::string& holder() const = 0;
};

// Leases in the job_leases table (migration 2, both engines). holder names
// this process in the table and in the jobs list ("host:pid:random").
std::unique_ptr<JobLease> make_database_lease(store::Database& db, const Clock& clock, std::string holder);

// host:pid:8 random hex digits.
std::string process_holder_name();

}  // namespace helmarr::system
