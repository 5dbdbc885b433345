#include "system/job_lease.h"

#include <unistd.h>

#include <array>

#include <fmt/format.h>

#include "core/crypto.h"

namespace helmarr::system {
namespace {

using store::Value;

std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

class DatabaseLease final : public JobLease {
 public:
  DatabaseLease(store::Database& db, const Clock& clock, std::string holder)
      : db_(db), clock_(clock), holder_(std::move(holder)) {}

  Result<LeaseClaim> claim(const std::string& job, std::chrono::milliseconds min_gap,
                           std::chrono::milliseconds ttl) override {
    const std::int64_t now = unix_ms(clock_.wall());
    // One statement, so two processes claiming at once cannot both win: the
    // row is inserted, or taken over when free and due, or left alone.
    const std::vector<Value> p{job, holder_, now, now + ttl.count(), now, now - min_gap.count()};
    auto done = db_.execute(
        "INSERT INTO job_leases (name, holder, started_at, lease_until) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, started_at = excluded.started_at, "
        "lease_until = excluded.lease_until "
        "WHERE (job_leases.lease_until <= ? OR job_leases.holder = excluded.holder) AND job_leases.started_at <= ?",
        p);
    if (!done) return tl::unexpected(done.error());
    LeaseClaim out;
    out.claimed = done->changes == 1;
    if (out.claimed) {
      out.holder = holder_;
      return out;
    }
    const std::vector<Value> k{job};
    auto rows = db_.query("SELECT holder, started_at FROM job_leases WHERE name = ?", k);
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty()) {
      out.holder = rows->front().text_at(0);
      out.last_started = std::chrono::system_clock::time_point(std::chrono::milliseconds(rows->front().int_at(1)));
    }
    return out;
  }

  Result<bool> renew(const std::string& job, std::chrono::milliseconds ttl) override {
    const std::vector<Value> p{unix_ms(clock_.wall()) + ttl.count(), job, holder_};
    auto done = db_.execute("UPDATE job_leases SET lease_until = ? WHERE name = ? AND holder = ?", p);
    if (!done) return tl::unexpected(done.error());
    return done->changes == 1;
  }

  Result<void> release(const std::string& job) override {
    const std::vector<Value> p{unix_ms(clock_.wall()), job, holder_};
    auto done = db_.execute("UPDATE job_leases SET lease_until = ? WHERE name = ? AND holder = ?", p);
    if (!done) return tl::unexpected(done.error());
    return {};
  }

  const std::string& holder() const override { return holder_; }

 private:
  store::Database& db_;
  const Clock& clock_;
  const std::string holder_;
};

}  // namespace

std::unique_ptr<JobLease> make_database_lease(store::Database& db, const Clock& clock, std::string holder) {
  return std::make_unique<DatabaseLease>(db, clock, std::move(holder));
}

std::string process_holder_name() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}:{}", host[0] ? host.data() : "unknown", ::getpid(), random_hex(4));
}

}  // namespace helmarr::system
