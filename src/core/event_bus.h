#pragma once
// In-process event bus. Every event gets a monotonically increasing sequence
// number and is delivered to subscribers in that order; the last `capacity` events are kept so a WebSocket client that
// reconnects with ?since=<seq> gets what it missed. Subscribers are called on
// the publishing thread and must not block (the WebSocket hub only queues).
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace helmarr {

struct Event {
  std::uint64_t seq = 0;
  std::string type;       // dotted: "settings.changed", "download.failed"
  std::string room;       // "config_audit", "downloads", "content_requests", "system"
  std::string timestamp;  // ISO-8601
  nlohmann::json data;
  bool relayed = false;   // raised in another process on the same database (app/cluster_events.h)
};

// The room an event type belongs to, by its first dotted part:
// config.* → config_audit, download.* → downloads, content.* → content_requests,
// anything else → system.
std::string room_for_event_type(std::string_view type);

class EventBus {
 public:
  using Subscriber = std::function<void(const Event&)>;
  explicit EventBus(const Clock& clock, std::size_t capacity = 1024);

  // Assigns seq and timestamp, keeps it for replay, calls subscribers. Thread-safe.
  Event publish(std::string type, nlohmann::json data);
  // The same for an event another process raised: it gets this bus's next
  // seq and its own timestamp, and is marked relayed so it is not sent back.
  Event publish_relayed(std::string type, nlohmann::json data);
  // Returns a handle for unsubscribe.
  std::uint64_t subscribe(Subscriber s);
  void unsubscribe(std::uint64_t handle);
  // Kept events with seq > since, oldest first.
  std::vector<Event> since(std::uint64_t seq) const;
  std::uint64_t last_seq() const;
  // The oldest seq still kept (0 when none): a client asking for less missed some.
  std::uint64_t oldest_seq() const;

 private:
  Event deliver(std::string type, nlohmann::json data, bool relayed);

  const Clock& clock_;
  std::size_t capacity_;
  std::recursive_mutex delivery_mu_;  // held while delivering, so delivery follows seq
  mutable std::mutex mu_;
  std::vector<Event> ring_;  // ring buffer of kept events
  std::size_t head_ = 0;     // index of the oldest when full
  std::uint64_t seq_ = 0;
  std::uint64_t next_handle_ = 1;
  std::vector<std::pair<std::uint64_t, Subscriber>> subscribers_;
};

}  // namespace helmarr
