#include "core/event_bus.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

namespace helmarr {
namespace {

TEST(EventBus, SeqIsMonotonicAndEventCarriesTimestampAndRoom) {
  ManualClock clock;
  clock.set_wall_epoch_ms(1'777'300'200'123);  // 2026-04-27T14:30:00.123Z
  EventBus bus(clock, 16);
  EXPECT_EQ(bus.last_seq(), 0u);
  EXPECT_EQ(bus.oldest_seq(), 0u);
  const Event a = bus.publish("settings.changed", {{"key", "x"}});
  const Event b = bus.publish("download.failed", nlohmann::json::object());
  EXPECT_EQ(a.seq, 1u);
  EXPECT_EQ(b.seq, 2u);
  EXPECT_EQ(a.type, "settings.changed");
  EXPECT_EQ(a.room, "system");
  EXPECT_EQ(b.room, "downloads");
  EXPECT_EQ(a.timestamp, "2026-04-27T14:30:00.123Z");
  EXPECT_EQ(a.data["key"], "x");
  EXPECT_EQ(bus.last_seq(), 2u);
  EXPECT_EQ(bus.oldest_seq(), 1u);
}

TEST(EventBus, SinceReplaysNewerEventsOldestFirst) {
  ManualClock clock;
  EventBus bus(clock, 16);
  for (int i = 0; i < 5; ++i) bus.publish("content.added", {{"i", i}});
  auto all = bus.since(0);
  ASSERT_EQ(all.size(), 5u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, i + 1);
    EXPECT_EQ(all[i].data["i"], static_cast<int>(i));
  }
  auto tail = bus.since(3);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].seq, 4u);
  EXPECT_EQ(tail[1].seq, 5u);
  EXPECT_TRUE(bus.since(5).empty());
  EXPECT_TRUE(bus.since(99).empty());
}

TEST(EventBus, RingDropsOldestPastCapacity) {
  ManualClock clock;
  EventBus bus(clock, 4);
  for (int i = 0; i < 10; ++i) bus.publish("system.tick", {{"i", i}});
  EXPECT_EQ(bus.last_seq(), 10u);
  EXPECT_EQ(bus.oldest_seq(), 7u);
  auto kept = bus.since(0);
  ASSERT_EQ(kept.size(), 4u);
  for (std::size_t i = 0; i < kept.size(); ++i) EXPECT_EQ(kept[i].seq, 7 + i);
  auto after8 = bus.since(8);
  ASSERT_EQ(after8.size(), 2u);
  EXPECT_EQ(after8[0].seq, 9u);
  EXPECT_EQ(after8[1].seq, 10u);
  // One more moves the window by one.
  bus.publish("system.tick", nullptr);
  EXPECT_EQ(bus.oldest_seq(), 8u);
  EXPECT_EQ(bus.since(0).front().seq, 8u);
  EXPECT_EQ(bus.since(0).back().seq, 11u);
}

TEST(EventBus, CapacityOneKeepsTheLastEvent) {
  ManualClock clock;
  EventBus bus(clock, 1);
  bus.publish("a", nullptr);
  bus.publish("b", nullptr);
  ASSERT_EQ(bus.since(0).size(), 1u);
  EXPECT_EQ(bus.since(0)[0].type, "b");
  EXPECT_EQ(bus.oldest_seq(), 2u);
}

TEST(EventBus, RoomForEventType) {
  EXPECT_EQ(room_for_event_type("config.changed"), "config_audit");
  EXPECT_EQ(room_for_event_type("config"), "config_audit");
  EXPECT_EQ(room_for_event_type("download.failed"), "downloads");
  EXPECT_EQ(room_for_event_type("download.progress.x"), "downloads");
  EXPECT_EQ(room_for_event_type("content.requested"), "content_requests");
  EXPECT_EQ(room_for_event_type("settings.changed"), "system");
  EXPECT_EQ(room_for_event_type("configuration.x"), "system");  // whole first part, not a prefix
  EXPECT_EQ(room_for_event_type("downloads.x"), "system");
  EXPECT_EQ(room_for_event_type(""), "system");
}

TEST(EventBus, SubscribersReceiveUntilUnsubscribed) {
  ManualClock clock;
  EventBus bus(clock);
  std::vector<std::uint64_t> got_a, got_b;
  const auto ha = bus.subscribe([&](const Event& e) { got_a.push_back(e.seq); });
  const auto hb = bus.subscribe([&](const Event& e) { got_b.push_back(e.seq); });
  EXPECT_NE(ha, hb);
  bus.publish("x", nullptr);
  bus.unsubscribe(ha);
  bus.publish("x", nullptr);
  bus.unsubscribe(hb);
  bus.publish("x", nullptr);
  bus.unsubscribe(12345);  // unknown handle: no effect
  EXPECT_EQ(got_a, (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(got_b, (std::vector<std::uint64_t>{1, 2}));
}

TEST(EventBus, SubscriberMayPublishSubscribeAndUnsubscribeFromCallback) {
  ManualClock clock;
  EventBus bus(clock);
  std::vector<std::string> seen;
  std::uint64_t self = 0;
  self = bus.subscribe([&](const Event& e) {
    seen.push_back(e.type);
    if (e.type == "download.failed") {
      bus.publish("system.alert", {{"cause", e.seq}});  // re-entrant publish
      bus.subscribe([](const Event&) {});
      (void)bus.since(0);
      (void)bus.last_seq();
    }
    if (e.type == "system.stop") bus.unsubscribe(self);
  });
  bus.publish("download.failed", nullptr);
  EXPECT_EQ(seen, (std::vector<std::string>{"download.failed", "system.alert"}));
  EXPECT_EQ(bus.last_seq(), 2u);
  bus.publish("system.stop", nullptr);
  bus.publish("system.after", nullptr);
  EXPECT_EQ(seen.back(), "system.stop");
}

TEST(EventBus, ConcurrentPublishersGetUniqueConsecutiveSeqs) {
  ManualClock clock;
  EventBus bus(clock, 8192);
  std::atomic<int> delivered{0};
  bus.subscribe([&](const Event&) { delivered.fetch_add(1, std::memory_order_relaxed); });
  constexpr int kThreads = 4, kPerThread = 1000;
  std::vector<std::vector<std::uint64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) seqs[t].push_back(bus.publish("download.progress", {{"t", t}}).seq);
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::uint64_t> all;
  for (const auto& v : seqs) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));  // each thread sees its own seqs grow
    all.insert(v.begin(), v.end());
  }
  ASSERT_EQ(all.size(), 4000u);
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), 4000u);
  EXPECT_EQ(bus.last_seq(), 4000u);
  EXPECT_EQ(delivered.load(), 4000);
  auto kept = bus.since(0);
  ASSERT_EQ(kept.size(), 4000u);
  for (std::size_t i = 0; i < kept.size(); ++i) EXPECT_EQ(kept[i].seq, i + 1);
}

}  // namespace
}  // namespace helmarr
