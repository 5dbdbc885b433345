#include "app/cluster_events.h"

#include "core/json_depth.h"
#include "core/log.h"

namespace helmarr::app {
namespace {

constexpr std::size_t kMaxDepth = 64;
constexpr std::size_t kMaxTypeLength = 128;

}  // namespace

Result<std::unique_ptr<ClusterEvents>> ClusterEvents::start(EventBus& bus,
                                                            const store::PostgresChannelOptions& options,
                                                            Hooks hooks) {
  std::unique_ptr<ClusterEvents> self(new ClusterEvents(bus, std::move(hooks)));
  ClusterEvents* raw = self.get();
  auto channel = store::open_postgres_channel(
      options, {.on_message = [raw](std::string payload) { raw->receive(payload); },
                .on_gap = [raw] {
                  log::event(spdlog::level::warn, "cluster events may have been missed while reconnecting", {});
                  if (raw->hooks_.on_gap) raw->hooks_.on_gap();
                }});
  if (!channel) return tl::unexpected(channel.error());
  self->channel_ = std::move(*channel);
  store::ClusterChannel* out = self->channel_.get();
  // Only this process's own events go out: a relayed one came from the channel.
  self->subscription_ = bus.subscribe([out](const Event& ev) {
    if (ev.relayed) return;
    out->send(nlohmann::json{{"type", ev.type}, {"data", ev.data}}.dump());
  });
  return self;
}

ClusterEvents::~ClusterEvents() {
  bus_.unsubscribe(subscription_);
  channel_.reset();  // joins the channel's thread, the only caller of receive()
}

// The database is shared with other processes, so what arrives is checked
// like any input before it reaches WebSocket clients.
void ClusterEvents::receive(const std::string& payload) {
  if (!json_nesting_within(payload, kMaxDepth)) {
    ++rejected_;
    return;
  }
  auto msg = nlohmann::json::parse(payload, nullptr, false);
  if (msg.is_discarded() || !msg.is_object() || !msg.contains("type") || !msg["type"].is_string() ||
      msg["type"].get_ref<const std::string&>().empty() ||
      msg["type"].get_ref<const std::string&>().size() > kMaxTypeLength) {
    ++rejected_;
    return;
  }
  std::string type = msg["type"].get<std::string>();
  if (hooks_.before_publish) hooks_.before_publish(type);
  bus_.publish_relayed(std::move(type), msg.value("data", nlohmann::json::object()));
}

}  // namespace helmarr::app
