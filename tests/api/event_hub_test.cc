// The WebSocket event hub with a recording sink in place of a socket.
#include "api/ws/event_hub.h"

#include <gtest/gtest.h>

namespace helmarr::api::ws {
namespace {

class RecordingSink final : public http::WebSocketSink {
 public:
  bool send(std::string text) override {
    messages.push_back(nlohmann::json::parse(text));
    return true;
  }
  void close(std::uint16_t, std::string) override { closed = true; }
  std::size_t queued_bytes() const override { return 0; }
  std::vector<nlohmann::json> of_type(const std::string& type) const {
    std::vector<nlohmann::json> out;
    for (const auto& m : messages)
      if (m["type"] == type) out.push_back(m);
    return out;
  }
  std::vector<nlohmann::json> messages;
  bool closed = false;
};

struct Harness {
  ManualClock clock;
  EventBus bus{clock, 8};
  EventHub hub{bus};
  std::pair<std::shared_ptr<EventClient>, std::shared_ptr<RecordingSink>> open(
      std::set<std::string> rooms = {}, std::optional<std::uint64_t> since = std::nullopt) {
    auto client = std::make_shared<EventClient>(hub, "c", std::move(rooms), since);
    auto sink = std::make_shared<RecordingSink>();
    client->on_open(sink);
    return {client, sink};
  }
};

TEST(EventHub, DeliversWireFormatToClientsWithNoRooms) {
  Harness h;
  auto [client, sink] = h.open();
  h.bus.publish("download.failed", {{"download_id", "x"}});
  ASSERT_EQ(sink->messages.size(), 1u);
  const auto& m = sink->messages[0];
  EXPECT_EQ(m["type"], "download.failed");
  EXPECT_EQ(m["data"]["download_id"], "x");
  EXPECT_EQ(m["seq"], 1);
  EXPECT_TRUE(m["timestamp"].is_string());
}

TEST(EventHub, RoomsFilterEvents) {
  Harness h;
  auto [client, sink] = h.open({"downloads"});
  h.bus.publish("settings.changed", {});
  h.bus.publish("download.failed", {});
  ASSERT_EQ(sink->messages.size(), 1u);
  EXPECT_EQ(sink->messages[0]["type"], "download.failed");
  client->on_message(R"({"type":"join_room","room":"system"})");
  h.bus.publish("settings.changed", {});
  EXPECT_EQ(sink->of_type("settings.changed").size(), 1u);
  client->on_message(R"({"type":"leave_room","room":"system"})");
  h.bus.publish("settings.changed", {});
  EXPECT_EQ(sink->of_type("settings.changed").size(), 1u);
}

TEST(EventHub, PingPongAndErrors) {
  Harness h;
  auto [client, sink] = h.open();
  client->on_message(R"({"type":"ping"})");
  EXPECT_EQ(sink->of_type("pong").size(), 1u);
  client->on_message("{not json");
  client->on_message(R"({"type":"join_room","room":"nowhere"})");
  client->on_message(R"({"type":"dance"})");
  EXPECT_EQ(sink->of_type("error").size(), 3u);
}

TEST(EventHub, ReplaySinceSendsMissedEventsOnceInOrder) {
  Harness h;
  for (int i = 0; i < 5; ++i) h.bus.publish("system.tick", {{"i", i}});
  auto [client, sink] = h.open({}, 2);
  h.bus.publish("system.tick", {{"i", 5}});
  std::vector<std::uint64_t> seqs;
  for (const auto& m : sink->messages) seqs.push_back(m["seq"]);
  EXPECT_EQ(seqs, (std::vector<std::uint64_t>{3, 4, 5, 6}));
}

TEST(EventHub, ReplayReportsAGapWhenEventsWereDropped) {
  Harness h;  // keeps 8
  for (int i = 0; i < 20; ++i) h.bus.publish("system.tick", {});
  auto [client, sink] = h.open({}, 3);
  auto gaps = sink->of_type("replay_gap");
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0]["data"]["oldest_available"], 13);
  EXPECT_EQ(sink->of_type("system.tick").size(), 8u);
}

TEST(EventHub, ClosedClientsAreRemoved) {
  Harness h;
  auto [client, sink] = h.open();
  EXPECT_EQ(h.hub.client_count(), 1u);
  client->on_close();
  EXPECT_EQ(h.hub.client_count(), 0u);
  h.bus.publish("system.tick", {});
  EXPECT_TRUE(sink->messages.empty());
}

}  // namespace
}  // namespace helmarr::api::ws
