// ClusterChannel on PostgreSQL: one connection that LISTENs and NOTIFYs, on
// a thread of its own. A notification's payload must stay under 8000 bytes,
// so a larger message goes into cluster_messages and the notification
// carries its id; receivers read the row, and rows older than a few minutes
// are deleted. Our own notifications come back to us (same backend pid) and
// are dropped. When the connection goes, the thread reconnects with a
// doubling backoff, LISTENs again and reports the gap.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "core/log.h"
#include "store/cluster_channel.h"
#include "store/postgres/connection.h"

namespace helmarr::store {
namespace {

using postgres::Connection;

constexpr std::size_t kInlineLimit = 7000;  // NOTIFY allows 8000 bytes
constexpr char kInline = '=';
constexpr char kStored = '@';

// A connection that LISTENs on the channel.
Result<std::unique_ptr<Connection>> open_listening(const PostgresChannelOptions& options) {
  auto c = Connection::open({.conninfo = options.conninfo});
  if (!c) return c;
  if (auto l = (*c)->execute_script(fmt::format("LISTEN {}", options.channel)); !l) return tl::unexpected(l.error());
  return c;
}

bool valid_channel(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return name.front() >= 'a' && name.front() <= 'z';
}

class PostgresChannel final : public ClusterChannel {
 public:
  PostgresChannel(PostgresChannelOptions options, ChannelHandlers handlers, std::unique_ptr<Connection> first)
      : options_(std::move(options)), handlers_(std::move(handlers)), conn_(std::move(first)) {
    int fds[2];
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("cluster channel: pipe2 failed");
    wake_read_ = fds[0];
    wake_write_ = fds[1];
    connected_ = true;
    thread_ = std::thread([this] { loop(); });
  }

  ~PostgresChannel() override {
    stop_ = true;
    wake();
    thread_.join();
    ::close(wake_read_);
    ::close(wake_write_);
  }

  bool send(std::string payload) override {
    {
      std::lock_guard lk(mu_);
      if (queue_.size() >= options_.max_queued) {
        ++dropped_;
        return false;
      }
      queue_.push_back(std::move(payload));
    }
    wake();
    return true;
  }

  ChannelStats stats() const override {
    std::lock_guard lk(mu_);
    return {sent_, received_, dropped_, reconnects_, connected_};
  }

 private:
  void wake() {
    const char b = 1;
    (void)!::write(wake_write_, &b, 1);
  }

  void loop() {
    auto backoff = std::chrono::milliseconds(250);
    while (!stop_) {
      if (!conn_) {
        auto c = open_listening(options_);
        if (!c) {
          wait(-1, backoff);
          backoff = std::min(backoff * 2, options_.max_backoff);
          continue;
        }
        conn_ = std::move(*c);
        backoff = std::chrono::milliseconds(250);
        {
          std::lock_guard lk(mu_);
          ++reconnects_;
          connected_ = true;
        }
        log::event(spdlog::level::info, "cluster channel reconnected", {{"channel", options_.channel}});
        if (handlers_.on_gap) handlers_.on_gap();
      }
      if (!flush() || !receive()) lose();
      if (!conn_ || stop_) continue;
      wait(conn_->socket(), std::chrono::seconds(1));
    }
  }

  void lose() {
    if (!conn_) return;
    conn_.reset();
    std::lock_guard lk(mu_);
    connected_ = false;
    log::event(spdlog::level::warn, "cluster channel lost its connection", {{"channel", options_.channel}});
  }

  // Until the server sends something (socket, -1 for none), send() or the
  // destructor wakes us, or d passes.
  void wait(int socket, std::chrono::milliseconds d) {
    pollfd fds[2] = {{wake_read_, POLLIN, 0}, {socket, POLLIN, 0}};
    ::poll(fds, socket < 0 ? 1 : 2, static_cast<int>(d.count()));
    char buf[64];
    while (::read(wake_read_, buf, sizeof buf) > 0) {
    }
  }

  // Sends what is queued; false when the connection failed (the message
  // that failed is dropped: it may or may not have gone).
  bool flush() {
    for (;;) {
      std::string payload;
      {
        std::lock_guard lk(mu_);
        if (queue_.empty()) return true;
        payload = std::move(queue_.front());
        queue_.pop_front();
      }
      auto done = payload.size() < kInlineLimit ? notify_inline(payload) : notify_stored(payload);
      std::lock_guard lk(mu_);
      if (!done) {
        ++dropped_;
        log::event(spdlog::level::warn, "cluster message not sent",
                   {{"channel", options_.channel}, {"error", done.error().message}});
        if (!conn_->healthy()) return false;
      } else {
        ++sent_;
      }
    }
  }

  Result<void> notify_inline(const std::string& payload) {
    const std::vector<Value> p{options_.channel, std::string(1, kInline) + payload};
    auto r = conn_->query("SELECT pg_notify(?, ?)", p);
    if (!r) return tl::unexpected(r.error());
    return {};
  }

  Result<void> notify_stored(const std::string& payload) {
    (void)conn_->execute("DELETE FROM cluster_messages WHERE created_at < now() - interval '5 minutes'");
    const std::vector<Value> p{payload, options_.channel};
    auto r = conn_->query(
        "WITH m AS (INSERT INTO cluster_messages (payload) VALUES (?) RETURNING id) "
        "SELECT pg_notify(?, '@' || id) FROM m", p);
    if (!r) return tl::unexpected(r.error());
    return {};
  }

  bool receive() {
    auto notes = conn_->notifications();
    if (!notes) return false;
    const int self = conn_->backend_pid();
    for (auto& n : *notes) {
      if (n.sender_pid == self || n.payload.empty()) continue;
      std::string payload;
      if (n.payload[0] == kInline) {
        payload = n.payload.substr(1);
      } else if (n.payload[0] == kStored) {
        auto stored = read_stored(std::string_view(n.payload).substr(1));
        if (!stored) continue;
        payload = std::move(*stored);
      } else {
        continue;  // not ours
      }
      {
        std::lock_guard lk(mu_);
        ++received_;
      }
      if (handlers_.on_message) handlers_.on_message(std::move(payload));
    }
    return true;
  }

  std::optional<std::string> read_stored(std::string_view id_text) {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || end != id_text.data() + id_text.size()) return std::nullopt;
    const std::vector<Value> p{id};
    auto rows = conn_->query("SELECT payload FROM cluster_messages WHERE id = ?", p);
    if (!rows || rows->empty()) return std::nullopt;  // pruned already: missed
    return rows->front().text_at(0);
  }

  const PostgresChannelOptions options_;
  const ChannelHandlers handlers_;
  std::unique_ptr<Connection> conn_;  // the thread's alone once it runs
  std::atomic<bool> stop_{false};
  int wake_read_ = -1, wake_write_ = -1;
  mutable std::mutex mu_;
  std::deque<std::string> queue_;
  std::uint64_t sent_ = 0, received_ = 0, dropped_ = 0, reconnects_ = 0;
  bool connected_ = false;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<ClusterChannel>> open_postgres_channel(const PostgresChannelOptions& options,
                                                              ChannelHandlers handlers) {
  if (!valid_channel(options.channel)) {
    return fail(ErrorCode::invalid_request,
                fmt::format("cluster channel name \"{}\" must be a lower-case identifier", options.channel));
  }
  auto c = open_listening(options);
  if (!c) return tl::unexpected(c.error());
  return std::unique_ptr<ClusterChannel>(new PostgresChannel(options, std::move(handlers), std::move(*c)));
}

}  // namespace helmarr::store
