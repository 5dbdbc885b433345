#include "api/ws/event_hub.h"

#include <algorithm>
#include <array>

#include "core/json_depth.h"

namespace helmarr::api::ws {

namespace {
constexpr std::array<std::string_view, 4> kRooms = {"config_audit", "downloads", "content_requests", "system"};
}

bool is_known_room(std::string_view room) {
  return std::find(kRooms.begin(), kRooms.end(), room) != kRooms.end();
}

std::string serialize_event(const Event& event) {
  nlohmann::json j = {{"type", event.type}, {"data", event.data}, {"timestamp", event.timestamp}, {"seq", event.seq}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

EventClient::EventClient(EventHub& hub, std::string client_id, std::set<std::string> rooms,
                         std::optional<std::uint64_t> since)
    : hub_(hub), client_id_(std::move(client_id)), rooms_(std::move(rooms)), since_(since) {}

bool EventClient::wants(const std::string& room) const { return rooms_.empty() || rooms_.count(room) > 0; }

void EventClient::on_open(std::shared_ptr<http::WebSocketSink> sink) {
  // Hold mu_ while registering and replaying: a live event published meanwhile
  // waits in deliver() and is then sent only if replay did not already send it.
  std::lock_guard lock(mu_);
  sink_ = std::move(sink);
  hub_.add(shared_from_this());
  if (!since_) {
    last_sent_seq_ = hub_.bus().last_seq();
    return;
  }
  last_sent_seq_ = *since_;
  const auto oldest = hub_.bus().oldest_seq();
  if (oldest > 0 && *since_ + 1 < oldest) {
    nlohmann::json gap = {{"type", "replay_gap"},
                          {"data", {{"since", *since_}, {"oldest_available", oldest}}}};
    sink_->send(gap.dump());
  }
  for (const auto& e : hub_.bus().since(*since_)) {
    if (wants(e.room)) sink_->send(serialize_event(e));
    last_sent_seq_ = e.seq;
  }
}

void EventClient::deliver(const Event& event, const std::string& serialized) {
  std::lock_guard lock(mu_);
  if (!sink_ || event.seq <= last_sent_seq_) return;
  last_sent_seq_ = event.seq;
  if (wants(event.room)) sink_->send(serialized);  // a too-slow client is closed by the sink
}

void EventClient::send_control(std::string type, nlohmann::json data) {
  nlohmann::json j = {{"type", std::move(type)}};
  if (!data.is_null()) j["data"] = std::move(data);
  std::lock_guard lock(mu_);
  if (sink_) sink_->send(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void EventClient::on_message(std::string_view text) {
  auto parsed = parse_untrusted_json(text);
  if (!parsed) {
    send_control("error", {{"message", "messages must be JSON objects with a string \"type\": " + parsed.error().message}});
    return;
  }
  auto& msg = *parsed;
  if (!msg.is_object() || !msg.contains("type") || !msg["type"].is_string()) {
    send_control("error", {{"message", "messages must be JSON objects with a string \"type\""}});
    return;
  }
  const std::string type = msg["type"];
  if (type == "ping") {
    send_control("pong", nullptr);
    return;
  }
  if (type == "join_room" || type == "leave_room") {
    if (!msg.contains("room") || !msg["room"].is_string() || !is_known_room(msg["room"].get<std::string>())) {
      send_control("error", {{"message", "unknown room; use config_audit, downloads, content_requests or system"}});
      return;
    }
    const std::string room = msg["room"];
    {
      std::lock_guard lock(mu_);
      if (type == "join_room") rooms_.insert(room);
      else rooms_.erase(room);
    }
    send_control(type == "join_room" ? "room_joined" : "room_left", {{"room", room}});
    return;
  }
  send_control("error", {{"message", "unknown message type '" + type + "'; use join_room, leave_room or ping"}});
}

void EventClient::on_close() {
  {
    std::lock_guard lock(mu_);
    sink_.reset();
  }
  hub_.remove(this);
}

EventHub::EventHub(EventBus& bus) : bus_(bus) {
  subscription_ = bus_.subscribe([this](const Event& e) { broadcast(e); });
}

EventHub::~EventHub() { bus_.unsubscribe(subscription_); }

void EventHub::add(const std::shared_ptr<EventClient>& client) {
  std::lock_guard lock(mu_);
  clients_.push_back(client);
}

void EventHub::remove(const EventClient* client) {
  std::lock_guard lock(mu_);
  std::erase_if(clients_, [client](const std::weak_ptr<EventClient>& w) {
    auto c = w.lock();
    return !c || c.get() == client;
  });
}

std::size_t EventHub::client_count() const {
  std::lock_guard lock(mu_);
  return clients_.size();
}

void EventHub::broadcast(const Event& event) {
  std::vector<std::shared_ptr<EventClient>> targets;
  {
    std::lock_guard lock(mu_);
    targets.reserve(clients_.size());
    for (const auto& w : clients_)
      if (auto c = w.lock()) targets.push_back(std::move(c));
  }
  const std::string serialized = serialize_event(event);
  for (const auto& c : targets) c->deliver(event, serialized);
}

}  // namespace helmarr::api::ws
