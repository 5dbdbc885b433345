// Once-per-cluster leases on both engines: two leases with their own holder
// names stand for two processes on one database.
#include "system/job_lease.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "support/postgres_server.h"

namespace helmarr::system {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<store::Database> open_engine(store::Dialect dialect) {
  std::unique_ptr<store::Database> db;
  if (dialect == store::Dialect::postgres) {
    db = testing::fresh_postgres();
  } else {
    auto d = store::open_sqlite({.path = ":memory:"});
    if (!d) throw std::runtime_error(d.error().message);
    db = std::move(*d);
  }
  if (auto m = store::migrate(*db); !m) throw std::runtime_error(m.error().message);
  return db;
}

class JobLeaseTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  std::unique_ptr<store::Database> db = open_engine(GetParam());
  ManualClock clock;
  std::unique_ptr<JobLease> a = make_database_lease(*db, clock, "host-a:1:aaaa");
  std::unique_ptr<JobLease> b = make_database_lease(*db, clock, "host-b:2:bbbb");
};

TEST_P(JobLeaseTest, OneHolderAtATimeAndOneRunPerGap) {
  auto first = a->claim("audit", 1h, 2min);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->claimed) << "nobody ran it yet";
  auto held = b->claim("audit", 0ms, 2min);
  ASSERT_TRUE(held);
  EXPECT_FALSE(held->claimed) << "a holds it";
  EXPECT_EQ(held->holder, "host-a:1:aaaa");
  ASSERT_TRUE(held->last_started);
  EXPECT_EQ(*held->last_started, std::chrono::time_point_cast<std::chrono::milliseconds>(clock.wall()));

  clock.advance(10min);
  ASSERT_TRUE(a->release("audit"));
  auto early = b->claim("audit", 1h, 2min);
  ASSERT_TRUE(early);
  EXPECT_FALSE(early->claimed) << "free, but a ran it 10 minutes ago and the gap is an hour";
  auto forced = b->claim("audit", 0ms, 2min);
  ASSERT_TRUE(forced);
  EXPECT_TRUE(forced->claimed) << "a run_now needs only the lease free";
  ASSERT_TRUE(b->release("audit"));

  clock.advance(1h);
  auto due = a->claim("audit", 1h, 2min);
  ASSERT_TRUE(due);
  EXPECT_TRUE(due->claimed);
  // Other jobs are independent.
  auto other = b->claim("retention", 1h, 2min);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->claimed);
}

TEST_P(JobLeaseTest, AHolderThatStopsRenewingLosesTheLeaseAfterItsTtl) {
  ASSERT_TRUE(a->claim("audit", 0ms, 2min).value().claimed);
  clock.advance(90s);
  EXPECT_TRUE(a->renew("audit", 2min).value()) << "a still holds it";
  clock.advance(90s);
  EXPECT_FALSE(b->claim("audit", 0ms, 2min).value().claimed) << "renewed 90 s ago for 2 minutes";
  EXPECT_FALSE(b->renew("audit", 2min).value()) << "b does not hold it";
  clock.advance(31s);  // a died: no renewal
  EXPECT_TRUE(b->claim("audit", 0ms, 2min).value().claimed);
  EXPECT_FALSE(a->renew("audit", 2min).value()) << "a learns it lost the lease";
}

TEST_P(JobLeaseTest, ClaimsRacingFromManyThreadsHaveOneWinner) {
  std::vector<std::unique_ptr<JobLease>> leases;
  for (int i = 0; i < 8; ++i) leases.push_back(make_database_lease(*db, clock, "p" + std::to_string(i)));
  std::atomic<int> winners{0}, errors{0};
  std::vector<std::thread> threads;
  for (auto& l : leases) {
    threads.emplace_back([&, lease = l.get()] {
      auto c = lease->claim("audit", 1h, 2min);
      if (!c) ++errors;
      else if (c->claimed) ++winners;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(winners.load(), 1);
}

TEST(JobLeaseName, NamesTheHostAndProcess) {
  const std::string name = process_holder_name();
  EXPECT_NE(name.find(":" + std::to_string(::getpid()) + ":"), std::string::npos) << name;
  EXPECT_NE(process_holder_name(), name) << "two schedulers in one process still differ";
}

INSTANTIATE_TEST_SUITE_P(Engines, JobLeaseTest, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) { return std::string(store::dialect_name(info.param)); });

}  // namespace
}  // namespace helmarr::system
