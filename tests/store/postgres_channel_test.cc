// The cluster channel between processes on one PostgreSQL database: two
// channels on a real server stand for two processes.
#include "store/cluster_channel.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/migrations.h"
#include "support/postgres_server.h"

namespace helmarr::store {
namespace {

using namespace std::chrono_literals;

// What one process received, with a wait for the next messages.
struct Inbox {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> messages;
  int gaps = 0;

  ChannelHandlers handlers() {
    return {.on_message =
                [this](std::string m) {
                  std::lock_guard lk(mu);
                  messages.push_back(std::move(m));
                  cv.notify_all();
                },
            .on_gap =
                [this] {
                  std::lock_guard lk(mu);
                  ++gaps;
                  cv.notify_all();
                }};
  }
  // Waits until n messages have arrived (false after 20 s).
  bool wait_for(std::size_t n) {
    std::unique_lock lk(mu);
    return cv.wait_for(lk, 20s, [&] { return messages.size() >= n; });
  }
  std::vector<std::string> copy() {
    std::lock_guard lk(mu);
    return messages;
  }
};

struct Cluster {
  std::string conninfo = testing::PostgresServer::shared().fresh_database();
  std::unique_ptr<Database> db = [this] {
    auto d = open_postgres({.conninfo = conninfo});
    if (!d) throw std::runtime_error(d.error().message);
    if (auto m = migrate(**d); !m) throw std::runtime_error(m.error().message);
    return std::move(*d);
  }();
  std::unique_ptr<ClusterChannel> open(Inbox& inbox) {
    auto c = open_postgres_channel({.conninfo = conninfo, .max_backoff = 500ms}, inbox.handlers());
    if (!c) throw std::runtime_error(c.error().message);
    return std::move(*c);
  }
};

bool eventually(const std::function<bool()>& check) {
  for (int i = 0; i < 2000; ++i) {
    if (check()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(PostgresChannel, WhatOneProcessSendsTheOthersReceiveInOrderAndItselfDoesNot) {
  Cluster cluster;
  Inbox a_in, b_in, c_in;
  auto a = cluster.open(a_in);
  auto b = cluster.open(b_in);
  auto c = cluster.open(c_in);
  const std::string big(20000, 'x');  // over NOTIFY's 8000 bytes: goes through the table
  ASSERT_TRUE(a->send("first"));
  ASSERT_TRUE(a->send(big + "!"));
  ASSERT_TRUE(a->send(R"({"type":"settings.changed","data":{"key":"k"}})"));
  ASSERT_TRUE(b->send("from b"));
  ASSERT_TRUE(c_in.wait_for(4));
  ASSERT_TRUE(b_in.wait_for(3));
  ASSERT_TRUE(a_in.wait_for(1));
  const auto at_b = b_in.copy();
  EXPECT_EQ(at_b, (std::vector<std::string>{"first", big + "!", R"({"type":"settings.changed","data":{"key":"k"}})"}));
  EXPECT_EQ(a_in.copy(), std::vector<std::string>{"from b"});
  // c hears both, each sender's messages in its order.
  auto at_c = c_in.copy();
  std::erase(at_c, "from b");
  EXPECT_EQ(at_c, at_b);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(a_in.copy().size(), 1u) << "a process must not hear its own messages";
  EXPECT_EQ(a->stats().sent, 3u);
  EXPECT_EQ(b->stats().received, 3u);
  auto stored = cluster.db->query("SELECT count(*) FROM cluster_messages");
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->front().int_at(0), 1) << "only the large message went through the table";
}

TEST(PostgresChannel, AChannelWhoseConnectionIsKilledReconnectsAndReportsTheGap) {
  Cluster cluster;
  Inbox a_in, b_in;
  auto a = cluster.open(a_in);
  auto b = cluster.open(b_in);
  ASSERT_TRUE(a->send("before"));
  ASSERT_TRUE(b_in.wait_for(1));
  // The server drops every session of this database but ours (a restart,
  // a failover, an administrator's pg_terminate_backend).
  auto killed = cluster.db->query(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  ASSERT_TRUE(killed) << killed.error().message;
  ASSERT_TRUE(eventually([&] { return a->stats().reconnects >= 1 && b->stats().reconnects >= 1; }))
      << "a: " << a->stats().reconnects << " b: " << b->stats().reconnects;
  ASSERT_TRUE(eventually([&] { return a->stats().connected && b->stats().connected; }));
  {
    std::lock_guard lk(b_in.mu);
    EXPECT_GE(b_in.gaps, 1);
  }
  ASSERT_TRUE(a->send("after"));
  ASSERT_TRUE(b_in.wait_for(2)) << "the message sent after the reconnection arrives";
  EXPECT_EQ(b_in.copy().back(), "after");
}

TEST(PostgresChannel, ABadChannelNameOrServerIsAnErrorAtOpen) {
  Inbox in;
  auto bad_name = open_postgres_channel({.conninfo = "host=/nonexistent", .channel = "Drop Table"}, in.handlers());
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().code, ErrorCode::invalid_request);
  auto no_server = open_postgres_channel({.conninfo = "postgres://helmarr:s3cret@127.0.0.1:1/x"}, in.handlers());
  ASSERT_FALSE(no_server);
  EXPECT_EQ(no_server.error().code, ErrorCode::unavailable);
  EXPECT_EQ(no_server.error().message.find("s3cret"), std::string::npos) << no_server.error().message;
}

}  // namespace
}  // namespace helmarr::store
