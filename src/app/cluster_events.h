#pragma once
// Events across the processes that share one PostgreSQL database: every
// event this process raises goes out on the cluster channel, and every
// event another process raises is published on this process's bus, so a
// WebSocket client connected to any process sees the cluster's events.
// Events are live news, not history: one sent while a process is down or
// reconnecting does not reach it (store/cluster_channel.h).
#include <functional>
#include <memory>

#include "core/event_bus.h"
#include "core/result.h"
#include "store/cluster_channel.h"

namespace helmarr::app {

class ClusterEvents {
 public:
  // before_publish runs on the channel's thread before a relayed event
  // reaches the bus (so a cache it refreshes is fresh when clients hear of
  // the change); on_gap after a reconnection, when events may have been
  // missed. Either may be empty; both may block briefly.
  struct Hooks {
    std::function<void(const std::string& type)> before_publish;
    std::function<void()> on_gap;
  };
  static Result<std::unique_ptr<ClusterEvents>> start(EventBus& bus, const store::PostgresChannelOptions& options,
                                                      Hooks hooks = {});
  ~ClusterEvents();
  ClusterEvents(const ClusterEvents&) = delete;
  ClusterEvents& operator=(const ClusterEvents&) = delete;

  store::ChannelStats stats() const { return channel_->stats(); }
  std::uint64_t rejected() const { return rejected_; }  // messages that were not events

 private:
  ClusterEvents(EventBus& bus, Hooks hooks) : bus_(bus), hooks_(std::move(hooks)) {}
  void receive(const std::string& payload);

  EventBus& bus_;
  const Hooks hooks_;
  std::unique_ptr<store::ClusterChannel> channel_;
  std::uint64_t subscription_ = 0;
  std::atomic<std::uint64_t> rejected_{0};
};

}  // namespace helmarr::app
