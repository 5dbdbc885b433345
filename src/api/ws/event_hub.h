#pragma once
// Fans events from the bus out to WebSocket clients (AutoArr seed protocol).
//
// Client → server: {"type":"join_room","room":R}, {"type":"leave_room","room":R},
// {"type":"ping"} (→ {"type":"pong"}). Rooms: config_audit, downloads,
// content_requests, system. Server → client: {"type","data","timestamp","seq"}.
//
// Chosen where the seed is silent: a client that has joined no room receives
// every event (so a plain connection sees everything); once it joins rooms it
// receives only those. ?rooms=a,b joins rooms at connect. ?since=<seq> replays
// the kept events after seq (filtered the same way) before live ones, without
// gaps or duplicates; if some were already dropped it first gets
// {"type":"replay_gap","data":{"since","oldest_available"}}.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/event_bus.h"
#include "http/websocket.h"

namespace helmarr::api::ws {

bool is_known_room(std::string_view room);

class EventHub;

class EventClient final : public http::WebSocketSession, public std::enable_shared_from_this<EventClient> {
 public:
  EventClient(EventHub& hub, std::string client_id, std::set<std::string> rooms, std::optional<std::uint64_t> since);

  void on_open(std::shared_ptr<http::WebSocketSink> sink) override;
  void on_message(std::string_view text) override;
  void on_close() override;

  // Called by the hub for every event; sends it when the client's rooms match.
  void deliver(const Event& event, const std::string& serialized);
  const std::string& client_id() const { return client_id_; }

 private:
  bool wants(const std::string& room) const;  // mu_ held
  void send_control(std::string type, nlohmann::json data);

  EventHub& hub_;
  std::string client_id_;
  std::mutex mu_;
  std::set<std::string> rooms_;
  std::optional<std::uint64_t> since_;
  std::uint64_t last_sent_seq_ = 0;
  std::shared_ptr<http::WebSocketSink> sink_;
};

class EventHub {
 public:
  explicit EventHub(EventBus& bus);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  EventBus& bus() { return bus_; }
  void add(const std::shared_ptr<EventClient>& client);
  void remove(const EventClient* client);
  std::size_t client_count() const;

 private:
  void broadcast(const Event& event);

  EventBus& bus_;
  std::uint64_t subscription_ = 0;
  mutable std::mutex mu_;
  std::vector<std::weak_ptr<EventClient>> clients_;
};

// The wire form of an event: {"type","data","timestamp","seq"}.
std::string serialize_event(const Event& event);

}  // namespace helmarr::api::ws
