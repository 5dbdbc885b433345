#pragma once
// Messages between the Helmarr processes that share one database: what one
// process sends, every other one receives, in the order it was sent. On
// PostgreSQL this is LISTEN/NOTIFY on a connection of its own; SQLite is one
// process, so it has no channel.
//
// Delivery is at most once and only to processes connected at the time: a
// process that is down or reconnecting misses what was sent meanwhile (the
// receiver learns of the gap through on_gap). Callers send what they can
// afford to lose (events for live clients, cache invalidations), never data.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/database.h"

namespace helmarr::store {

struct ChannelStats {
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::uint64_t dropped = 0;     // not sent: the queue was full or the server refused
  std::uint64_t reconnects = 0;  // connections lost and made again
  bool connected = false;
};

class ClusterChannel {
 public:
  virtual ~ClusterChannel() = default;
  // Queues payload for the other processes and returns at once (it may be
  // called where blocking is not allowed); false when it was dropped because
  // the queue is full. Any size: large payloads travel through a table.
  virtual bool send(std::string payload) = 0;
  virtual ChannelStats stats() const = 0;
};

struct ChannelHandlers {
  // A message another process sent, on the channel's own thread: the
  // messages after it wait while it runs, so it blocks briefly if at all.
  std::function<void(std::string payload)> on_message;
  // The connection was lost and is back: messages may have been missed.
  std::function<void()> on_gap;
};

struct PostgresChannelOptions {
  std::string conninfo;
  std::string channel = "helmarr_events";  // a lower-case identifier
  std::size_t max_queued = 10000;
  std::chrono::milliseconds max_backoff{30000};  // between reconnection attempts
};

// Connects and LISTENs before it returns (the error names the server), then
// keeps the connection up on its own thread until destroyed.
Result<std::unique_ptr<ClusterChannel>> open_postgres_channel(const PostgresChannelOptions& options,
                                                              ChannelHandlers handlers);

}  // namespace helmarr::store
