#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for the net tests: one thread, one
// poll loop, so 200 held connections cost no threads. Each request goes to a
// handler that says how to answer: at once, a byte at a time, a stream of
// filler bytes, never, or only when the test releases it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <list>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "net/http_request.h"

namespace helmarr::testing {

// Test traffic never leaves the machine, even when the environment names a
// proxy: 127.0.0.1 and localhost are always reached directly.
inline const bool local_traffic_only = [] {
  ::setenv("no_proxy", "127.0.0.1,localhost,::1", 1);
  ::setenv("NO_PROXY", "127.0.0.1,localhost,::1", 1);
  return true;
}();

// A socket listening on 127.0.0.1 at a free port; returns it and sets port.
inline int listen_loopback(int type_flags, int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | type_flags, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 512) != 0) {
    throw std::runtime_error("test server: cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

struct ReceivedRequest {
  std::string method;
  std::string target;
  net::Headers headers;
  std::string body;
  std::string_view header(std::string_view name) const { return net::find_header(headers, name); }
};

struct Reply {
  std::string bytes;  // sent at once
  std::string drip;   // then one byte per drip_interval
  std::chrono::milliseconds drip_interval{1000};
  std::uint64_t stream_bytes = 0;  // then this many filler bytes, as fast as the client reads
  bool hang = false;               // answer nothing, keep the connection open
  bool hold = false;               // answer only after release_held()

  // A complete response with Content-Length and Connection: close.
  static Reply ok(std::string body, const net::Headers& headers = {}, int status = 200) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
    for (const auto& [n, v] : headers) head += n + ": " + v + "\r\n";
    head += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    return Reply{.bytes = head + body};
  }
  static Reply redirect(const std::string& location, int status = 302) {
    return ok("", {{"Location", location}}, status);
  }
};

class LocalServer {
 public:
  using Handler = std::function<Reply(const ReceivedRequest&)>;

  explicit LocalServer(Handler handler) : handler_(std::move(handler)) {
    listen_ = listen_loopback(SOCK_NONBLOCK, port_);
    if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("LocalServer: pipe");
    thread_ = std::thread([this] { run(); });
  }

  ~LocalServer() {
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
    }
    wake();
    thread_.join();
    for (auto& c : conns_) ::close(c.fd);
    ::close(listen_);
    ::close(wake_[0]);
    ::close(wake_[1]);
  }

  int port() const { return port_; }
  std::string url(std::string_view path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

  std::vector<ReceivedRequest> requests() const {
    std::lock_guard lk(mu_);
    return received_;
  }
  // Waits until n requests have arrived; false when they have not within a
  // minute (a guard against a hung test, never a timing assertion).
  bool wait_for_requests(std::size_t n) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, std::chrono::minutes(1), [&] { return received_.size() >= n; });
  }
  // Waits until every accepted connection has been closed.
  bool wait_until_idle() {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, std::chrono::minutes(1), [&] { return open_ == 0; });
  }
  void release_held() {
    {
      std::lock_guard lk(mu_);
      release_ = true;
    }
    wake();
  }

 private:
  enum class State { reading, held, sending, hanging };
  struct Conn {
    int fd;
    State state = State::reading;
    std::string in;
    Reply reply;
    std::size_t sent = 0;     // of reply.bytes
    std::size_t dripped = 0;  // of reply.drip
    std::chrono::steady_clock::time_point next_drip{};
    bool done = false;
  };

  void wake() {
    char b = 1;
    [[maybe_unused]] auto n = ::write(wake_[1], &b, 1);
  }

  // A complete request in c.in, parsed; false while more bytes are needed.
  static bool parse(const std::string& in, ReceivedRequest& out) {
    const auto end = in.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const auto line_end = in.find("\r\n");
    const std::string line = in.substr(0, line_end);
    const auto sp1 = line.find(' ');
    const auto sp2 = line.find(' ', sp1 + 1);
    out.method = line.substr(0, sp1);
    out.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    out.headers.clear();
    std::size_t length = 0;
    for (std::size_t pos = line_end + 2; pos < end;) {
      const auto eol = in.find("\r\n", pos);
      const std::string h = in.substr(pos, eol - pos);
      const auto colon = h.find(':');
      std::string value = h.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      out.headers.emplace_back(h.substr(0, colon), value);
      if (net::iequals(h.substr(0, colon), "Content-Length")) length = std::stoul(value);
      pos = eol + 2;
    }
    if (in.size() < end + 4 + length) return false;
    out.body = in.substr(end + 4, length);
    return true;
  }

  void on_readable(Conn& c) {
    char buf[65536];
    const auto n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n <= 0) {
      if (n == 0 || (errno != EAGAIN && errno != EINTR)) c.done = true;
      return;
    }
    if (c.state != State::reading) return;  // a hanging or held connection's extra bytes are dropped
    c.in.append(buf, static_cast<std::size_t>(n));
    ReceivedRequest req;
    if (!parse(c.in, req)) return;
    c.reply = handler_(req);
    {
      std::lock_guard lk(mu_);
      received_.push_back(std::move(req));
    }
    cv_.notify_all();
    c.state = c.reply.hang ? State::hanging : c.reply.hold ? State::held : State::sending;
  }

  // Sends what can go now; marks the connection done when all went.
  void on_writable(Conn& c, std::chrono::steady_clock::time_point now) {
    static const std::string filler(64 * 1024, 'x');
    auto send_some = [&](const char* p, std::size_t len) -> std::ptrdiff_t {
      const auto n = ::send(c.fd, p, len, MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) c.done = true;
      return n;
    };
    if (c.sent < c.reply.bytes.size()) {
      const auto n = send_some(c.reply.bytes.data() + c.sent, c.reply.bytes.size() - c.sent);
      if (n > 0) c.sent += static_cast<std::size_t>(n);
      return;
    }
    if (c.dripped < c.reply.drip.size()) {
      if (now < c.next_drip) return;
      if (send_some(c.reply.drip.data() + c.dripped, 1) == 1) {
        ++c.dripped;
        c.next_drip = now + c.reply.drip_interval;
      }
      return;
    }
    if (c.reply.stream_bytes > 0) {
      const auto len = static_cast<std::size_t>(std::min<std::uint64_t>(c.reply.stream_bytes, filler.size()));
      const auto n = send_some(filler.data(), len);
      if (n > 0) c.reply.stream_bytes -= static_cast<std::uint64_t>(n);
      return;
    }
    ::shutdown(c.fd, SHUT_WR);
    c.done = true;
  }

  void run() {
    for (;;) {
      bool release;
      {
        std::lock_guard lk(mu_);
        if (stopping_) return;
        release = std::exchange(release_, false);
      }
      const auto now = std::chrono::steady_clock::now();
      std::vector<pollfd> fds{{listen_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      int timeout_ms = -1;
      for (auto& c : conns_) {
        if (release && c.state == State::held) c.state = State::sending;
        short events = POLLIN;
        if (c.state == State::sending) {
          const bool waiting_drip =
              c.sent >= c.reply.bytes.size() && c.dripped < c.reply.drip.size() && now < c.next_drip;
          if (waiting_drip) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(c.next_drip - now).count() + 1;
            timeout_ms = timeout_ms < 0 ? static_cast<int>(ms) : std::min(timeout_ms, static_cast<int>(ms));
          } else {
            events |= POLLOUT;
          }
        }
        fds.push_back({c.fd, events, 0});
      }
      ::poll(fds.data(), fds.size(), timeout_ms);
      if (fds[1].revents & POLLIN) {
        char drain[64];
        while (::read(wake_[0], drain, sizeof drain) > 0) {
        }
      }
      const auto after = std::chrono::steady_clock::now();
      std::size_t i = 2;
      for (auto& c : conns_) {
        const short ev = fds[i++].revents;
        if (ev & (POLLIN | POLLHUP | POLLERR)) on_readable(c);
        if (!c.done && c.state == State::sending) on_writable(c, after);
      }
      std::size_t closed = 0;
      for (auto it = conns_.begin(); it != conns_.end();) {
        if (it->done) {
          ::close(it->fd);
          it = conns_.erase(it);
          ++closed;
        } else {
          ++it;
        }
      }
      std::size_t accepted = 0;
      if (fds[0].revents & POLLIN) {
        for (int fd; (fd = ::accept4(listen_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
          conns_.push_back(Conn{.fd = fd});
          ++accepted;
        }
      }
      if (closed || accepted) {
        {
          std::lock_guard lk(mu_);
          open_ = open_ + accepted - closed;
        }
        cv_.notify_all();
      }
    }
  }

  Handler handler_;
  int listen_ = -1;
  int port_ = 0;
  int wake_[2] = {-1, -1};
  std::thread thread_;
  std::list<Conn> conns_;  // server thread only

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ReceivedRequest> received_;
  std::size_t open_ = 0;
  bool release_ = false;
  bool stopping_ = false;
};

// Threads of this process, from /proc/self/task.
inline std::size_t thread_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

}  // namespace helmarr::testing
