#include "core/event_bus.h"

#include <algorithm>
#include <utility>

namespace helmarr {

std::string room_for_event_type(std::string_view type) {
  const auto dot = type.find('.');
  const std::string_view head = type.substr(0, dot);  // whole type when there is no dot
  if (head == "config") return "config_audit";
  if (head == "download") return "downloads";
  if (head == "content") return "content_requests";
  return "system";
}

// A capacity of 0 would keep nothing and make the ring arithmetic divide by
// zero; keep at least one event.
EventBus::EventBus(const Clock& clock, std::size_t capacity)
    : clock_(clock), capacity_(std::max<std::size_t>(capacity, 1)) {
  ring_.reserve(std::min<std::size_t>(capacity_, 4096));
}

Event EventBus::publish(std::string type, nlohmann::json data) { return deliver(std::move(type), std::move(data), false); }

Event EventBus::publish_relayed(std::string type, nlohmann::json data) {
  return deliver(std::move(type), std::move(data), true);
}

Event EventBus::deliver(std::string type, nlohmann::json data, bool relayed) {
  Event ev;
  ev.relayed = relayed;
  ev.room = room_for_event_type(type);
  ev.type = std::move(type);
  ev.data = std::move(data);

  // Delivery is serialised in seq order (a WebSocket client that dedups by
  // seq must never see 6 before 5). The delivery lock is recursive so a
  // subscriber may publish from its callback; that nested event is then
  // delivered before the rest of the outer one, the one exception to order.
  std::lock_guard delivery(delivery_mu_);
  std::vector<std::pair<std::uint64_t, Subscriber>> subscribers;
  {
    std::lock_guard lock(mu_);
    // seq and timestamp are taken under the same lock so that a larger seq
    // never carries an earlier timestamp.
    ev.seq = ++seq_;
    ev.timestamp = iso8601(clock_.wall());
    if (ring_.size() < capacity_) {
      ring_.push_back(ev);
    } else {
      ring_[head_] = ev;
      head_ = (head_ + 1) % capacity_;
    }
    subscribers = subscribers_;
  }
  // Outside mu_: a subscriber may subscribe or unsubscribe.
  for (const auto& [handle, fn] : subscribers) {
    (void)handle;
    if (fn) fn(ev);
  }
  return ev;
}

std::uint64_t EventBus::subscribe(Subscriber s) {
  std::lock_guard lock(mu_);
  const auto handle = next_handle_++;
  subscribers_.emplace_back(handle, std::move(s));
  return handle;
}

void EventBus::unsubscribe(std::uint64_t handle) {
  std::lock_guard lock(mu_);
  std::erase_if(subscribers_, [handle](const auto& entry) { return entry.first == handle; });
}

std::vector<Event> EventBus::since(std::uint64_t seq) const {
  std::lock_guard lock(mu_);
  std::vector<Event> out;
  const std::size_t n = ring_.size();
  // When not yet full the oldest is at index 0 (head_ stays 0 until the ring fills).
  for (std::size_t i = 0; i < n; ++i) {
    const Event& ev = ring_[(head_ + i) % n];
    if (ev.seq > seq) out.push_back(ev);
  }
  return out;
}

std::uint64_t EventBus::last_seq() const {
  std::lock_guard lock(mu_);
  return seq_;
}

std::uint64_t EventBus::oldest_seq() const {
  std::lock_guard lock(mu_);
  if (ring_.empty()) return 0;
  return ring_[head_ % ring_.size()].seq;
}

}  // namespace helmarr
