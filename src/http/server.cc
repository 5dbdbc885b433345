// HTTP/1.1 + WebSocket server on Boost.Beast with C++20 coroutines. The one
// translation unit that includes Beast (through http/asio.h).
//
// Threading: one io_context run on options.threads threads. The acceptor, the
// signal set and the shutdown timer live on the server strand; every
// connection runs one coroutine on its own strand, so all of a connection's
// state (parser, buffer, websocket queue) is touched from one strand only.
// The only cross-thread entry points are Server::stop(), WebSocketSink::send()
// and WebSocketSink::close(), which post to the right strand.
#include "http/server.h"

#include <strings.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdio>
#include <limits>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/completion.h"
#include "http/asio.h"
#include "http/router.h"
#include "http/websocket.h"

namespace helmarr::http {

namespace server_detail {

using namespace helmarr::net;
using asio::awaitable;

class Connection;

constexpr std::size_t kReadSize = 8 * 1024;
// After an error response (413, 431, 400) the client may still be sending:
// read and discard a bounded amount so it sees the response, not a reset.
constexpr std::size_t kLingerBytes = 8 * 1024 * 1024;
constexpr std::chrono::milliseconds kLingerTime{1000};
// A server-initiated WebSocket close waits this long for the close handshake
// before the socket is torn down; much less for a client too slow to read
// (its close frame is stuck behind the queued data anyway).
constexpr std::chrono::milliseconds kCloseTimeout{5000};
constexpr std::chrono::milliseconds kSlowCloseTimeout{500};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool icontains_token(std::string_view value, std::string_view token) {
  // Comma-separated header tokens ("keep-alive, Upgrade").
  while (!value.empty()) {
    auto comma = value.find(',');
    auto item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

void log_exception(const char* where, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    spdlog::warn("http server: {}: {}", where, ex.what());
  } catch (...) {
    spdlog::warn("http server: {}: unknown exception", where);
  }
}

// Where the application's tasks resume: any io thread (each request's chain
// of awaits is sequential, so no strand is needed). Tasks keep a raw pointer
// to it and may outlive the server (a handler that lost to its deadline), so
// it is never freed: when the server goes, it only stops posting.
class IoExecutor final : public Executor {
 public:
  explicit IoExecutor(asio::any_io_executor ex) : ex_(std::move(ex)) {}
  void post(UniqueFunction<void()> fn) override {
    std::lock_guard lk(mu_);
    if (!open_) return;  // the server is gone: the resumption is dropped
    asio::post(ex_, [f = std::make_shared<UniqueFunction<void()>>(std::move(fn))] { (*f)(); });
  }
  void close() {
    std::lock_guard lk(mu_);
    open_ = false;
  }

 private:
  std::mutex mu_;
  bool open_ = true;
  asio::any_io_executor ex_;
};

IoExecutor* make_io_executor(asio::io_context& ioc) {
  // Reachable from a static, so leak checkers do not report it.
  static std::mutex mu;
  static auto* all = new std::vector<std::unique_ptr<IoExecutor>>();
  std::lock_guard lk(mu);
  all->push_back(std::make_unique<IoExecutor>(ioc.get_executor()));
  return all->back().get();
}

// State shared by the server and its connections (Server::Impl is private).
struct ServerCore {
  ServerCore(ServerOptions o, ServerHandlers h)
      : opts(std::move(o)),
        handlers(std::move(h)),
        ioc(std::max(1, opts.threads)),
        strand(asio::make_strand(ioc)),
        acceptor(strand),
        grace_timer(strand),
        executor(make_io_executor(ioc)) {}
  ~ServerCore() { executor->close(); }

  void begin_shutdown();  // on strand
  void connection_finished(Connection* c);
  awaitable<void> accept_loop();

  // Reserves n bytes of the shared body budget; false when it is spent.
  bool reserve_body(std::size_t n);
  void release_body(std::size_t n) { body_bytes.fetch_sub(n, std::memory_order_relaxed); }
  // Memory a streamed body holds (its chunk buffer and its connection's read
  // buffer): never reserved, only counted, so a test and an operator can see
  // that it does not grow with the body.
  void stream_held_changed(std::size_t before, std::size_t after);

  ServerOptions opts;
  ServerHandlers handlers;

  asio::io_context ioc;
  asio::any_io_executor strand;
  tcp::acceptor acceptor;
  asio::steady_timer grace_timer;
  IoExecutor* executor;
  std::optional<asio::signal_set> signals;
  bool listening = false;

  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> ws_clients{0};
  std::atomic<std::size_t> ws_queued{0};     // bytes queued for all WebSocket clients
  std::atomic<std::size_t> body_bytes{0};    // request bodies being buffered
  std::atomic<std::size_t> stream_bytes{0};  // held by streamed bodies being read
  std::atomic<std::size_t> stream_peak{0};
  std::atomic<std::size_t> streams_open{0};
  std::atomic<std::uint64_t> refused{0};     // connections over the cap

  std::mutex mu;
  bool shutdown_begun = false;                                         // under mu
  std::unordered_map<Connection*, std::weak_ptr<Connection>> conns;    // under mu
};

bool ServerCore::reserve_body(std::size_t n) {
  std::size_t cur = body_bytes.load(std::memory_order_relaxed);
  do {
    if (n > opts.max_buffered_body_bytes || cur > opts.max_buffered_body_bytes - n) return false;
  } while (!body_bytes.compare_exchange_weak(cur, cur + n, std::memory_order_relaxed));
  return true;
}

void ServerCore::stream_held_changed(std::size_t before, std::size_t after) {
  const std::size_t now = stream_bytes.fetch_add(after - before, std::memory_order_relaxed) + (after - before);
  std::size_t peak = stream_peak.load(std::memory_order_relaxed);
  while (now > peak && !stream_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

// What a streamed request holds while its connection serves it.
class StreamAccount {
 public:
  explicit StreamAccount(ServerCore& srv) : srv_(srv) { srv_.streams_open.fetch_add(1, std::memory_order_relaxed); }
  ~StreamAccount() {
    set(0);
    srv_.streams_open.fetch_sub(1, std::memory_order_relaxed);
  }
  StreamAccount(const StreamAccount&) = delete;
  StreamAccount& operator=(const StreamAccount&) = delete;
  void set(std::size_t n) {
    if (n == held_) return;
    srv_.stream_held_changed(held_, n);
    held_ = n;
  }

 private:
  ServerCore& srv_;
  std::size_t held_ = 0;
};

// A request body's share of the server-wide budget, returned when the
// request is answered (or the connection dies).
class BodyReservation {
 public:
  explicit BodyReservation(ServerCore& srv) : srv_(srv) {}
  ~BodyReservation() { release(); }
  bool take(std::size_t n) {
    if (!srv_.reserve_body(n)) return false;
    held_ = n;
    return true;
  }
  void release() {
    if (held_) srv_.release_body(std::exchange(held_, 0));
  }

 private:
  ServerCore& srv_;
  std::size_t held_ = 0;
};

// ---------------------------------------------------------------------------
// WebSocketSink: the application's handle on one connection, any thread.

class Sink final : public WebSocketSink {
 public:
  Sink(std::weak_ptr<Connection> conn, std::size_t limit, std::atomic<std::size_t>& total, std::size_t total_limit)
      : conn_(std::move(conn)), limit_(limit), total_(total), total_limit_(total_limit) {}

  bool send(std::string text) override;
  void close(std::uint16_t code, std::string reason) override;
  std::size_t queued_bytes() const override { return queued_.load(std::memory_order_relaxed); }

  // Called on the connection strand (or after the io threads are joined).
  void mark_closed() {
    std::lock_guard lk(mu_);
    closed_ = true;
  }
  void written(std::size_t n) {
    queued_.fetch_sub(n, std::memory_order_relaxed);
    total_.fetch_sub(n, std::memory_order_relaxed);
  }

 private:
  std::mutex mu_;  // held while posting, so nothing is posted after mark_closed()
  bool closed_ = false;
  std::weak_ptr<Connection> conn_;
  const std::size_t limit_;
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::size_t>& total_;
  const std::size_t total_limit_;
};

// ---------------------------------------------------------------------------
// What a connection and the application's task share while a request is
// answered. The task completes on any thread; the connection's coroutine
// waits on a timer that never expires on its own and is cancelled (on the
// strand) when there is something to do: the answer is in, or (streamed
// bodies) the handler asks for the next chunk.

using ChunkResult = Result<std::string_view>;

struct RespondState {
  std::mutex mu;
  std::optional<Response> value;
  std::exception_ptr error;
  asio::steady_timer* timer = nullptr;  // null once the awaiting coroutine is gone
  asio::any_io_executor strand;
  beast::tcp_stream* reading = nullptr;  // strand only: a body read is in progress on it
};

// answered: the application's answer is in, so a body read still in
// progress is no longer wanted either.
void wake(const std::shared_ptr<RespondState>& w, bool answered = false) {
  asio::post(w->strand, [w, answered] {
    std::lock_guard lk(w->mu);
    if (!w->timer) return;
    w->timer->cancel();
    if (answered && w->reading) w->reading->cancel();
  });
}

// The handler's side of a streamed body. Each read_some() hands the
// connection a Completion and wakes it; the connection reads from the socket
// into chunk_ and completes it. The view it returns points into chunk_, which
// lives as long as this reader, so a handler that outlives its connection
// never sees freed memory.
class StreamedBody final : public BodyReader {
 public:
  explicit StreamedBody(std::shared_ptr<RespondState> w, bool ended)
      : w_(std::move(w)), chunk_(new char[kMaxChunk]), ended_(ended) {}

  Task<Result<std::string_view>> read_some() override {
    auto done = std::make_shared<Completion<ChunkResult>>();
    if (auto now = begin(done)) co_return std::move(*now);
    co_return co_await done->wait();
  }
  std::uint64_t bytes_read() const override { return bytes_.load(std::memory_order_relaxed); }

  // Connection side.
  char* chunk() { return chunk_.get(); }
  void add_bytes(std::size_t n) { bytes_.fetch_add(n, std::memory_order_relaxed); }
  std::shared_ptr<Completion<ChunkResult>> take_pending() {  // under w->mu
    return std::move(pending_);
  }
  void settle(const ChunkResult& r) {  // under w->mu: an error or the end stays
    if (!r) failed_ = r.error();
    else if (r->empty()) ended_ = true;
  }
  // The request was answered: a read still waiting fails, and so does every later one.
  std::shared_ptr<Completion<ChunkResult>> close() {  // under w->mu
    if (!failed_ && !ended_)
      failed_ = Error{ErrorCode::unavailable, "the request was already answered; its body can no longer be read"};
    return std::move(pending_);
  }

 private:
  // Under the lock: an answer now (an earlier error, the end, a misuse), or
  // none when the read is queued for the connection.
  std::optional<ChunkResult> begin(const std::shared_ptr<Completion<ChunkResult>>& done) {
    std::lock_guard lk(w_->mu);
    if (failed_) return ChunkResult(tl::unexpected(*failed_));
    if (ended_) return ChunkResult(std::string_view{});
    if (pending_) return ChunkResult(fail(ErrorCode::internal, "read_some called before the previous read finished"));
    pending_ = done;
    wake(w_);
    return std::nullopt;
  }

  std::shared_ptr<RespondState> w_;
  std::unique_ptr<char[]> chunk_;
  std::atomic<std::uint64_t> bytes_{0};
  // Under w_->mu:
  std::shared_ptr<Completion<ChunkResult>> pending_;
  std::optional<Error> failed_;
  bool ended_ = false;
};

// ---------------------------------------------------------------------------
// One TCP connection: HTTP keep-alive loop, then possibly a WebSocket session.

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerCore& srv, tcp::socket&& sock)
      : srv_(srv), ex_(sock.get_executor()), stream_(std::move(sock)), close_timer_(ex_) {
    error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  const asio::any_io_executor& executor() const { return ex_; }

  static awaitable<void> run(std::shared_ptr<Connection> self);

  // On the strand: the server is shutting down.
  void request_shutdown();
  // WebSocket queue, on the strand.
  void enqueue(std::string text);
  void start_close(std::uint16_t code, std::string_view reason, bool slow);
  void app_close(std::uint16_t code, std::string reason);
  // After the io threads were joined with this connection still alive (the
  // grace period ran out): finish the application side.
  void abandon();

 private:
  enum class State { idle, busy, websocket };

  awaitable<void> serve();
  awaitable<bool> handle_request();
  awaitable<bool> handle_streamed(std::shared_ptr<Request> req, unsigned version, bool keep, bool head);
  awaitable<ChunkResult> read_chunk(Request& req, StreamedBody& body);
  Error chunk_error(error_code ec, Request& req, const StreamedBody& body);
  awaitable<bool> answer_early(unsigned version, bool keep, bool head, Response res);
  Response bad_target(Request& req);
  Response bodies_busy(Request& req);
  Response body_too_large(Request& req);
  Error body_limit_error() const;
  Response upgrade_required(Request& req);
  awaitable<void> handle_read_error(error_code ec, std::shared_ptr<Request> req);
  void describe_partial(Request& req);
  awaitable<bool> write_response(Response& r, unsigned version, bool keep, bool head);
  awaitable<void> linger();
  awaitable<void> run_websocket(bhttp::request<bhttp::string_body>& breq, Response res);
  static awaitable<void> write_loop(std::shared_ptr<Connection> self);

  Response call_error(Request& req, const Error& err, int status);
  std::optional<Response> call_admit(Request& req);
  // body: the request's streamed body, whose reads this serves meanwhile.
  awaitable<Response> call_respond(std::shared_ptr<Request> req, std::shared_ptr<RespondState> w = nullptr,
                                   StreamedBody* body = nullptr);
  void end_websocket();

  ServerCore& srv_;
  asio::any_io_executor ex_;
  beast::tcp_stream stream_;  // moved into ws_ on upgrade
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // A streamed body: the parser above, moved over once the headers are in.
  std::optional<bhttp::request_parser<bhttp::buffer_body>> stream_parser_;
  std::optional<StreamAccount> stream_account_;
  bool continue_pending_ = false;  // Expect: 100-continue, answered on the first read
  bool stream_over_limit_ = false;
  std::string remote_;
  std::string request_line_;  // of the request being read
  std::size_t body_limit_ = 0;
  State state_ = State::busy;
  bool shutdown_requested_ = false;

  // WebSocket
  std::optional<websocket::stream<beast::tcp_stream>> ws_;
  std::shared_ptr<WebSocketSession> session_;
  std::shared_ptr<Sink> sink_;
  std::deque<std::string> outq_;
  bool writing_ = false;
  bool close_started_ = false;
  bool ws_done_ = false;
  bool session_open_ = false;  // on_open called, on_close not yet
  std::optional<std::pair<std::uint16_t, std::string>> queued_close_;
  asio::steady_timer close_timer_;
};

// ---------------------------------------------------------------------------
// Sink

bool Sink::send(std::string text) {
  std::lock_guard lk(mu_);
  if (closed_) return false;
  auto conn = conn_.lock();
  if (!conn) {
    closed_ = true;
    return false;
  }
  const std::size_t n = text.size();
  auto drop = [&](const char* why) {
    // Drop the message and the client rather than grow memory.
    closed_ = true;
    asio::post(conn->executor(), [conn, why] { conn->start_close(1008, why, true); });
    return false;
  };
  std::size_t cur = queued_.load(std::memory_order_relaxed);
  do {
    if (n > limit_ || cur > limit_ - n) return drop("client too slow");
  } while (!queued_.compare_exchange_weak(cur, cur + n, std::memory_order_relaxed));
  // The server-wide cap: with many slow clients each under its own limit,
  // the one whose message does not fit goes.
  std::size_t all = total_.load(std::memory_order_relaxed);
  do {
    if (n > total_limit_ || all > total_limit_ - n) {
      queued_.fetch_sub(n, std::memory_order_relaxed);
      return drop("server send queue full");
    }
  } while (!total_.compare_exchange_weak(all, all + n, std::memory_order_relaxed));
  asio::post(conn->executor(), [conn, t = std::move(text)]() mutable { conn->enqueue(std::move(t)); });
  return true;
}

void Sink::close(std::uint16_t code, std::string reason) {
  std::lock_guard lk(mu_);
  if (closed_) return;
  closed_ = true;
  auto conn = conn_.lock();
  if (!conn) return;
  asio::post(conn->executor(),
             [conn, code, r = std::move(reason)]() mutable { conn->app_close(code, std::move(r)); });
}

// ---------------------------------------------------------------------------
// Connection: HTTP

awaitable<void> Connection::run(std::shared_ptr<Connection> self) {
  try {
    co_await self->serve();
  } catch (...) {
    log_exception("connection", std::current_exception());
  }
  try {
    if (self->ws_) {
      self->end_websocket();
    } else {
      error_code ec;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      self->stream_.close();
    }
  } catch (...) {
    log_exception("connection close", std::current_exception());
  }
  self->srv_.connection_finished(self.get());
}

awaitable<void> Connection::serve() {
  error_code ec;
  const auto& opts = srv_.opts;
  for (;;) {
    if (buffer_.size() == 0) {
      // Idle between requests: wait for the first byte under idle_timeout.
      state_ = State::idle;
      if (shutdown_requested_) co_return;
      stream_.expires_after(opts.idle_timeout);
      std::size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadSize), use_ec(ec));
      if (ec) co_return;  // closed by the peer, idle timeout, or cancelled at shutdown
      buffer_.commit(n);
    }
    state_ = State::busy;

    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(opts.max_header_bytes, UINT32_MAX)));
    body_limit_ = opts.max_body_bytes ? opts.max_body_bytes() : std::size_t{1024 * 1024};
    // The limit depends on the route (a streamed one has its own): checked
    // once the request is admitted.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_parser_.reset();
    // The parser consumes what it reads: keep the request line for the log
    // of a request that fails before its headers are complete (431).
    {
      auto data = buffer_.cdata();
      std::string_view head(static_cast<const char*>(data.data()), std::min<std::size_t>(data.size(), 8192));
      request_line_.assign(head.substr(0, head.find("\r\n")));
    }
    stream_.expires_after(opts.request_timeout);
    co_await bhttp::async_read_header(stream_, buffer_, *parser_, use_ec(ec));
    if (ec) {
      co_await handle_read_error(ec, nullptr);
      co_return;
    }
    if (!co_await handle_request()) co_return;
  }
}

// What a request that failed before its headers were parsed can still say
// about itself (for the log line and the dialect): its request line, if the
// bytes are still in the buffer.
void Connection::describe_partial(Request& req) {
  req.remote_address = remote_;
  if (parser_ && parser_->is_header_done()) {
    const auto& h = parser_->get();
    req.method = parse_method(sv(h.method_string()));
    req.target = std::string(sv(h.target()));
  } else {
    std::string_view line = request_line_;
    auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return;
    auto sp2 = line.find(' ', sp1 + 1);
    req.method = parse_method(line.substr(0, sp1));
    req.target = std::string(line.substr(sp1 + 1, sp2 == std::string_view::npos ? sp2 : sp2 - sp1 - 1));
  }
  if (!parse_target(req.target, req.path, req.query)) {
    req.path.clear();
    req.query.clear();
  }
}

awaitable<void> Connection::handle_read_error(error_code ec, std::shared_ptr<Request> req) {
  int status = 0;
  Error err;
  if (ec == bhttp::error::body_limit) {
    status = 413;
    err = body_limit_error();
  } else if (ec == bhttp::error::header_limit) {
    status = 431;
    err = Error{ErrorCode::invalid_request,
                "request headers exceed " + std::to_string(srv_.opts.max_header_bytes) + " bytes"};
  } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
             ec == bhttp::error::buffer_overflow) {
    co_return;  // the peer went away mid-request
  } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
    status = 400;
    err = Error{ErrorCode::invalid_request, "malformed request: " + ec.message()};
  } else {
    co_return;  // timeout, reset, cancelled
  }

  unsigned version = 11;
  if (!req) {
    req = std::make_shared<Request>();
    describe_partial(*req);
  }
  if (parser_->is_header_done()) version = parser_->get().version() == 10 ? 10 : 11;
  Response res = call_error(*req, err, status);
  co_await write_response(res, version, false, req->method == Method::head);
  co_await linger();
}

Response Connection::call_error(Request& req, const Error& err, int status) {
  Response res;
  try {
    res = srv_.handlers.error ? srv_.handlers.error(req, err, status) : Response::text(status, err.message);
  } catch (...) {
    log_exception("error responder", std::current_exception());
    res = Response::text(status, err.message);
  }
  res.status = status;
  res.upgrade.reset();
  return res;
}

std::optional<Response> Connection::call_admit(Request& req) {
  if (!srv_.handlers.admit) return std::nullopt;
  try {
    return srv_.handlers.admit(req);
  } catch (...) {
    log_exception("admit", std::current_exception());
    return call_error(req, Error{ErrorCode::internal, "internal server error"}, 500);
  }
}

// Awaits the application's task without holding the thread (see
// RespondState). If this coroutine is destroyed first (forced shutdown), the
// late completion is dropped. For a streamed body it also serves the
// handler's reads, one at a time, until the answer is in.
awaitable<Response> Connection::call_respond(std::shared_ptr<Request> req, std::shared_ptr<RespondState> w,
                                             StreamedBody* body) {
  if (!w) w = std::make_shared<RespondState>();
  asio::steady_timer wake_timer(ex_, asio::steady_timer::time_point::max());
  w->timer = &wake_timer;
  w->strand = ex_;
  struct Detach {
    std::shared_ptr<RespondState> w;
    StreamedBody* body;
    ~Detach() {
      std::shared_ptr<Completion<ChunkResult>> orphan;
      {
        std::lock_guard lk(w->mu);
        w->timer = nullptr;
        if (body) orphan = body->close();
      }
      if (orphan) orphan->complete(fail(ErrorCode::unavailable, "the request was answered before its body was read"));
    }
  } detach{w, body};
  // The deadline (or the client going away) cancels a read in progress; the
  // next one sees the stop request before it starts.
  auto cancel_read = [w] {
    asio::post(w->strand, [w] {
      std::lock_guard lk(w->mu);
      if (w->timer && w->reading) w->reading->cancel();
    });
  };
  std::stop_callback on_cancel(req->cancel.get_token(), std::move(cancel_read));

  Task<Response> task;
  try {
    task = srv_.handlers.respond(req);
  } catch (...) {
    log_exception("respond", std::current_exception());
    co_return call_error(*req, Error{ErrorCode::internal, "internal server error"}, 500);
  }
  std::move(task).start(srv_.executor, [w](std::optional<Response> v, std::exception_ptr e) {
    {
      std::lock_guard lk(w->mu);
      if (!w->timer) return;
      if (v) w->value = std::move(v);
      w->error = e ? e : (v ? nullptr : std::make_exception_ptr(std::runtime_error("no response")));
      if (!w->value && !w->error) w->error = std::make_exception_ptr(std::runtime_error("no response"));
    }
    wake(w, true);
  });
  for (;;) {
    std::shared_ptr<Completion<ChunkResult>> wanted;
    {
      std::lock_guard lk(w->mu);
      if (w->value) co_return std::move(*w->value);
      if (w->error) break;
      if (body) wanted = body->take_pending();
    }
    if (wanted) {
      w->reading = &stream_;
      ChunkResult chunk = co_await read_chunk(*req, *body);
      w->reading = nullptr;
      {
        std::lock_guard lk(w->mu);
        body->settle(chunk);
      }
      wanted->complete(std::move(chunk));
      continue;
    }
    error_code ec;
    co_await wake_timer.async_wait(use_ec(ec));
  }
  log_exception("respond", w->error);
  co_return call_error(*req, Error{ErrorCode::internal, "internal server error"}, 500);
}

// The next bytes of a streamed body into body.chunk(), on the strand.
awaitable<ChunkResult> Connection::read_chunk(Request& req, StreamedBody& body) {
  auto& p = *stream_parser_;
  error_code ec;
  if (continue_pending_) {
    // Only now: a handler that answers without reading spares the client
    // sending a body nobody reads.
    continue_pending_ = false;
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(srv_.opts.request_timeout);
    co_await asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()), use_ec(ec));
    if (ec) co_return tl::unexpected(chunk_error(ec, req, body));
  }
  for (;;) {
    if (p.is_done()) co_return std::string_view{};
    if (req.cancel.stop_requested()) co_return tl::unexpected(chunk_error(asio::error::operation_aborted, req, body));
    auto& b = p.get().body();
    b.data = body.chunk();
    b.size = BodyReader::kMaxChunk;
    b.more = true;
    // A client that sends nothing for request_timeout is given up on; the
    // whole body has the route's deadline, not this one.
    stream_.expires_after(srv_.opts.request_timeout);
    co_await bhttp::async_read_some(stream_, buffer_, p, use_ec(ec));
    const std::size_t n = BodyReader::kMaxChunk - b.size;
    b.data = nullptr;
    stream_account_->set(BodyReader::kMaxChunk + buffer_.capacity());
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) co_return tl::unexpected(chunk_error(ec, req, body));
    if (n > 0) {
      body.add_bytes(n);
      co_return std::string_view(body.chunk(), n);
    }
  }
}

Error Connection::chunk_error(error_code ec, Request& req, const StreamedBody& body) {
  if (req.cancel.stop_requested())
    return Error{ErrorCode::timeout, "the request's deadline passed before its body was read"};
  if (ec == bhttp::error::body_limit) {
    stream_over_limit_ = true;
    return body_limit_error();
  }
  if (ec == asio::error::operation_aborted)
    return Error{ErrorCode::unavailable, "the request was answered before its body was read"};
  if (ec == beast::error::timeout)
    return Error{ErrorCode::timeout, fmt::format("the client sent no body bytes for {} s", srv_.opts.request_timeout.count())};
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_chunk).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
    return Error{ErrorCode::invalid_request, "malformed request body: " + ec.message()};
  // The peer closed or reset the connection: nobody is left to answer, so
  // whatever else this request waits on can stop too.
  req.cancel.request_stop();
  return Error{ErrorCode::invalid_request,
               fmt::format("the client closed the connection after {} body bytes, before the body was complete",
                           body.bytes_read())};
}

// (Built outside the coroutines: g++ 12 miscompiles braced JSON initialisers
// inside co_await expressions.)
Response Connection::bad_target(Request& req) {
  return call_error(req, Error{ErrorCode::invalid_request, "malformed percent-encoding in the request target"}, 400);
}

Error Connection::body_limit_error() const {
  return Error{ErrorCode::payload_too_large, "request body exceeds " + std::to_string(body_limit_) + " bytes"};
}

Response Connection::body_too_large(Request& req) {
  return call_error(req, body_limit_error(), 413);
}

Response Connection::upgrade_required(Request& req) {
  Response res = call_error(req, Error{ErrorCode::invalid_request, "Upgrade Required"}, 426);
  res.headers.set("Upgrade", "websocket");
  return res;
}

Response Connection::bodies_busy(Request& req) {
  return call_error(req,
                    Error{ErrorCode::unavailable, "the server is receiving too many request bodies; try again shortly",
                          {{"retry_after", 1}}},
                    503);
}

// Answered before the body is read: a refused body is never buffered. The
// connection then closes, since the unread body is still on the wire.
awaitable<bool> Connection::answer_early(unsigned version, bool keep, bool head, Response res) {
  const bool body_pending = !parser_->is_done();
  const bool ok = co_await write_response(res, version, keep && !body_pending, head);
  if (body_pending) co_await linger();
  co_return ok && keep && !body_pending;
}

awaitable<bool> Connection::handle_request() {
  auto& breq = parser_->get();
  const unsigned version = breq.version();
  bool keep = breq.keep_alive();

  auto req = std::make_shared<Request>();
  req->method = parse_method(sv(breq.method_string()));
  req->target = std::string(sv(breq.target()));
  req->remote_address = remote_;
  for (const auto& f : breq) req->headers.add(std::string(sv(f.name_string())), std::string(sv(f.value())));
  req->websocket_upgrade = websocket::is_upgrade(breq);
  const bool head = req->method == Method::head;

  if (!parse_target(req->target, req->path, req->query)) {
    Response bad = bad_target(*req);
    co_return co_await answer_early(version, false, head, std::move(bad));
  }
  if (auto refused = call_admit(*req)) {
    refused->upgrade.reset();
    co_return co_await answer_early(version, keep && !req->websocket_upgrade, head, std::move(*refused));
  }

  const bool streamed =
      !req->websocket_upgrade && req->route && req->route->policy.body == BodyMode::streamed;
  if (streamed)
    body_limit_ = static_cast<std::size_t>(
        std::min<std::uint64_t>(req->route->policy.max_stream_bytes, std::numeric_limits<std::size_t>::max()));
  // A body over the limit by its own account is refused before a byte of it is read.
  if (const auto length = parser_->content_length(); length && *length > body_limit_) {
    co_await handle_read_error(bhttp::error::body_limit, req);
    co_return false;
  }
  if (streamed) co_return co_await handle_streamed(std::move(req), version, keep, head);
  parser_->body_limit(body_limit_);

  BodyReservation reservation(srv_);
  if (!parser_->is_done()) {
    const auto length = parser_->content_length();
    const std::size_t need = length ? static_cast<std::size_t>(*length) : body_limit_;
    if (!reservation.take(need)) {
      Response busy = bodies_busy(*req);
      co_return co_await answer_early(version, false, head, std::move(busy));
    }
    error_code ec;
    auto expect = breq[bhttp::field::expect];
    if (version >= 11 && iequals(sv(expect), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      co_await asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()), use_ec(ec));
    }
    if (!ec) co_await bhttp::async_read(stream_, buffer_, *parser_, use_ec(ec));
    if (ec) {
      co_await handle_read_error(ec, req);
      co_return false;
    }
  }
  req->body = std::move(breq.body());

  Response res = co_await call_respond(req);
  reservation.release();

  if (req->websocket_upgrade) {
    if (res.upgrade) {
      co_await run_websocket(breq, std::move(res));
    } else {
      co_await write_response(res, version, false, head);  // e.g. 401: answer and close
    }
    co_return false;
  }
  if (res.upgrade) res = upgrade_required(*req);
  co_return co_await write_response(res, version, keep, head);
}

// A streamed body: the handler runs at once and reads the body through
// req->body_stream while call_respond serves its reads. It holds one chunk
// buffer, never the body, and nothing of the buffered-body budget. A body
// left unread when the answer is in closes the connection after it.
awaitable<bool> Connection::handle_streamed(std::shared_ptr<Request> req, unsigned version, bool keep, bool head) {
  const bool ended = parser_->is_done();
  continue_pending_ = false;
  if (!ended) {
    continue_pending_ = version >= 11 && iequals(sv(parser_->get()[bhttp::field::expect]), "100-continue");
    stream_parser_.emplace(std::move(*parser_));  // no body octet parsed yet: allowed
    stream_parser_->body_limit(body_limit_);
  }
  stream_over_limit_ = false;
  // Socket reads of up to a chunk, not the 8 KiB an idle connection uses;
  // given back after the request.
  if (!ended) buffer_.reserve(BodyReader::kMaxChunk);
  stream_account_.emplace(srv_);
  stream_account_->set(BodyReader::kMaxChunk + buffer_.capacity());
  auto w = std::make_shared<RespondState>();
  auto body = std::make_shared<StreamedBody>(w, ended);
  req->body_stream = body;

  Response res = co_await call_respond(req, w, body.get());
  stream_account_.reset();
  buffer_.shrink_to_fit();
  const bool complete = ended || stream_parser_->is_done();
  if (stream_over_limit_ && res.status < 400) res = body_too_large(*req);  // the handler carried on regardless
  if (res.upgrade) res = upgrade_required(*req);
  const bool ok = co_await write_response(res, version, keep && complete, head);
  if (!complete) co_await linger();
  co_return ok && keep && complete;
}

awaitable<bool> Connection::write_response(Response& r, unsigned version, bool keep, bool head) {
  bhttp::response<bhttp::string_body> res;
  res.version(version);
  const unsigned status = r.status >= 100 && r.status <= 999 ? static_cast<unsigned>(r.status) : 500u;
  res.result(status);
  res.set(bhttp::field::server, "helmarr");
  if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
  for (const auto& [name, value] : r.headers.items()) {
    if (name.empty() || value.find_first_of("\r\n") != std::string::npos ||
        name.find_first_of("\r\n: ") != std::string::npos)
      continue;  // would break the framing
    if (iequals(name, "content-length") || iequals(name, "transfer-encoding")) continue;
    if (iequals(name, "connection")) {
      if (icontains_token(value, "close")) keep = false;
      continue;
    }
    res.insert(name, value);
  }
  const bool informational = status < 200;
  const bool no_content = informational || status == 204 || status == 304;
  if (!no_content) res.content_length(r.body.size());
  if (!no_content && !head) res.body() = std::move(r.body);
  keep = keep && !shutdown_requested_ && !srv_.stopping.load(std::memory_order_relaxed);
  res.keep_alive(keep);

  error_code ec;
  stream_.expires_after(srv_.opts.request_timeout);
  co_await bhttp::async_write(stream_, res, use_ec(ec));
  co_return !ec && keep;
}

awaitable<void> Connection::linger() {
  error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  stream_.expires_after(kLingerTime);
  std::size_t total = 0;
  buffer_.consume(buffer_.size());
  while (total < kLingerBytes) {
    std::size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadSize), use_ec(ec));
    if (ec) break;
    total += n;
  }
}

void Connection::request_shutdown() {
  shutdown_requested_ = true;
  switch (state_) {
    case State::idle:
      stream_.cancel();  // the pending first-byte read ends; serve() returns
      break;
    case State::busy:
      break;  // the response goes out with Connection: close
    case State::websocket:
      start_close(1001, "going away", false);
      break;
  }
}

// ---------------------------------------------------------------------------
// Connection: WebSocket

awaitable<void> Connection::run_websocket(bhttp::request<bhttp::string_body>& breq, Response res) {
  error_code ec;
  session_ = std::move(res.upgrade);
  stream_.expires_never();  // the websocket stream has its own timeouts
  ws_.emplace(std::move(stream_));
  ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_->set_option(websocket::stream_base::decorator([headers = std::move(res.headers)](websocket::response_type& r) {
    r.set(bhttp::field::server, "helmarr");
    for (const auto& [name, value] : headers.items()) {
      if (name.empty() || value.find_first_of("\r\n") != std::string::npos ||
          name.find_first_of("\r\n: ") != std::string::npos)
        continue;
      r.set(name, value);
    }
  }));
  ws_->read_message_max(srv_.opts.ws_max_message_bytes);
  ws_->text(true);

  co_await ws_->async_accept(breq, use_ec(ec));
  if (ec) co_return;

  state_ = State::websocket;
  sink_ = std::make_shared<Sink>(weak_from_this(), srv_.opts.ws_max_queue_bytes, srv_.ws_queued,
                                 srv_.opts.ws_max_total_queue_bytes);
  srv_.ws_clients.fetch_add(1, std::memory_order_relaxed);
  session_open_ = true;
  try {
    session_->on_open(sink_);
  } catch (...) {
    log_exception("websocket on_open", std::current_exception());
    start_close(1011, "internal error", false);
  }
  if (shutdown_requested_) start_close(1001, "going away", false);

  buffer_.consume(buffer_.size());
  for (;;) {
    co_await ws_->async_read(buffer_, use_ec(ec));
    if (ec) break;
    if (!ws_->got_text()) {
      buffer_.consume(buffer_.size());
      start_close(1003, "binary messages are not supported", false);
      continue;  // keep reading: the close handshake completes the read with an error
    }
    if (!close_started_) {
      auto data = buffer_.cdata();
      try {
        session_->on_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
      } catch (...) {
        log_exception("websocket on_message", std::current_exception());
        start_close(1011, "internal error", false);
      }
    }
    buffer_.consume(buffer_.size());
  }
  if (ec != websocket::error::closed) {
    // Reset, timeout, oversized message: make sure a stuck writer ends too.
    beast::get_lowest_layer(*ws_).close();
  }
}

void Connection::end_websocket() {
  ws_done_ = true;
  close_timer_.cancel();
  error_code ignored;
  beast::get_lowest_layer(*ws_).socket().close(ignored);
  if (sink_) {
    sink_->mark_closed();
    for (const auto& m : outq_) sink_->written(m.size());
  }
  outq_.clear();
  if (session_open_) {
    session_open_ = false;
    srv_.ws_clients.fetch_sub(1, std::memory_order_relaxed);
    try {
      session_->on_close();
    } catch (...) {
      log_exception("websocket on_close", std::current_exception());
    }
  }
  session_.reset();
}

void Connection::abandon() {
  if (ws_) end_websocket();
}

void Connection::enqueue(std::string text) {
  if (close_started_ || ws_done_ || !ws_) {
    if (sink_) sink_->written(text.size());
    return;
  }
  outq_.push_back(std::move(text));
  if (!writing_) {
    writing_ = true;
    asio::co_spawn(ex_, write_loop(shared_from_this()),
                   [](std::exception_ptr e) { log_exception("websocket writer", e); });
  }
}

awaitable<void> Connection::write_loop(std::shared_ptr<Connection> self) {
  auto& c = *self;
  error_code ec;
  while (!c.outq_.empty() && !c.close_started_ && !c.ws_done_) {
    std::string msg = std::move(c.outq_.front());
    c.outq_.pop_front();
    co_await c.ws_->async_write(asio::buffer(msg), use_ec(ec));
    c.sink_->written(msg.size());
    if (ec) break;
  }
  c.writing_ = false;
  if (ec || c.close_started_ || c.ws_done_) {
    for (const auto& m : c.outq_) c.sink_->written(m.size());
    c.outq_.clear();
  }
  if (!ec && c.queued_close_ && !c.close_started_) {
    auto [code, reason] = std::move(*c.queued_close_);
    c.queued_close_.reset();
    c.start_close(code, reason, false);
  }
}

void Connection::app_close(std::uint16_t code, std::string reason) {
  if (close_started_ || ws_done_) return;
  if (writing_) {
    queued_close_.emplace(code, std::move(reason));  // after the queued messages
  } else {
    start_close(code, reason, false);
  }
}

void Connection::start_close(std::uint16_t code, std::string_view reason, bool slow) {
  if (!ws_ || close_started_ || ws_done_) return;
  close_started_ = true;
  if (sink_) {
    sink_->mark_closed();
    for (const auto& m : outq_) sink_->written(m.size());
  }
  outq_.clear();
  if (ws_->is_open()) {
    websocket::close_reason cr(code);
    cr.reason.assign(reason.substr(0, cr.reason.max_size()).data(),
                     std::min(reason.size(), cr.reason.max_size()));
    ws_->async_close(cr, [self = shared_from_this()](error_code) {});
  }
  // If the peer does not answer the close (or cannot: its reads are stuck
  // behind our queued data), tear the socket down.
  close_timer_.expires_after(slow ? kSlowCloseTimeout : kCloseTimeout);
  close_timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (ec || self->ws_done_) return;
    error_code ignored;
    beast::get_lowest_layer(*self->ws_).socket().close(ignored);
  });
}

// ---------------------------------------------------------------------------
// ServerCore

// Out of file descriptors and the like: back off (50 ms doubling to 2 s) and
// log the first failure, then at most one summary line every 10 s.
awaitable<void> ServerCore::accept_loop() {
  asio::steady_timer backoff(strand);
  auto delay = std::chrono::milliseconds(50);
  std::uint64_t failures = 0;
  std::chrono::steady_clock::time_point last_log{}, last_refused_log{};
  constexpr auto kLogEvery = std::chrono::seconds(10);
  for (;;) {
    error_code ec;
    asio::any_io_executor conn_ex = asio::make_strand(ioc);
    tcp::socket sock = co_await acceptor.async_accept(conn_ex, use_ec(ec));
    if (stopping.load() || !acceptor.is_open()) co_return;
    const auto now = std::chrono::steady_clock::now();
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      ++failures;
      if (failures == 1 || now - last_log >= kLogEvery) {
        spdlog::warn("http server: accept failed: {} ({} failure(s) so far; retrying in {} ms)", ec.message(),
                     failures, delay.count());
        last_log = now;
      }
      backoff.expires_after(delay);
      co_await backoff.async_wait(use_ec(ec));
      delay = std::min(delay * 2, std::chrono::milliseconds(2000));
      continue;
    }
    if (failures) {
      spdlog::info("http server: accepting again after {} failed accept(s)", failures);
      failures = 0;
    }
    delay = std::chrono::milliseconds(50);
    std::size_t open;
    {
      std::lock_guard lk(mu);
      open = conns.size();
    }
    const std::size_t cap = opts.max_connections ? opts.max_connections() : std::size_t{1024};
    if (open >= cap) {
      // Over the cap: refuse at once rather than hold memory for it.
      const auto n = refused.fetch_add(1, std::memory_order_relaxed) + 1;
      if (n == 1 || now - last_refused_log >= kLogEvery) {
        spdlog::warn("http server: {} connections open (max_connections {}); refusing new ones ({} refused so far)",
                     open, cap, n);
        last_refused_log = now;
      }
      sock.close(ec);
      continue;
    }
    sock.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Connection>(*this, std::move(sock));
    {
      std::lock_guard lk(mu);
      conns.emplace(conn.get(), conn);
    }
    asio::co_spawn(conn->executor(), Connection::run(conn),
                   [](std::exception_ptr e) { log_exception("connection", e); });
  }
}

void ServerCore::begin_shutdown() {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lk(mu);
    if (shutdown_begun) return;
    shutdown_begun = true;
    stopping.store(true);
    for (auto& [ptr, weak] : conns)
      if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  error_code ec;
  acceptor.close(ec);
  if (signals) signals->cancel(ec);
  for (auto& c : live) asio::post(c->executor(), [c] { c->request_shutdown(); });
  if (live.empty()) return;
  grace_timer.expires_after(opts.shutdown_grace);
  grace_timer.async_wait([this](error_code wait_ec) {
    if (wait_ec) return;
    std::size_t left;
    {
      std::lock_guard lk(mu);
      left = conns.size();
    }
    if (left == 0) return;
    spdlog::warn("http server: {} connection(s) still open after the shutdown grace period; stopping", left);
    ioc.stop();
  });
}

void ServerCore::connection_finished(Connection* c) {
  bool last = false;
  {
    std::lock_guard lk(mu);
    conns.erase(c);
    last = shutdown_begun && conns.empty();
  }
  if (last) asio::post(strand, [this] { grace_timer.cancel(); });
}

}  // namespace server_detail

// ---------------------------------------------------------------------------
// Server

struct Server::Impl : server_detail::ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, ServerHandlers handlers)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handlers))) {}

namespace {
Task<Response> run_sync(std::shared_ptr<Pipeline> pipeline, std::shared_ptr<Request> req) { co_return (*pipeline)(*req); }
}  // namespace

Server::Server(ServerOptions options, Pipeline pipeline, ErrorResponder error_responder)
    : Server(std::move(options),
             ServerHandlers{
                 .admit = nullptr,
                 .respond = [p = std::make_shared<Pipeline>(std::move(pipeline))](
                                std::shared_ptr<Request> req) { return run_sync(p, std::move(req)); },
                 .error = [e = std::move(error_responder)](Request& req, const Error& err, int status) {
                   Response r = e ? e(req, err) : Response::text(status, err.message);
                   r.status = status;
                   return r;
                 }}) {}

Server::~Server() = default;

Result<std::uint16_t> Server::listen() {
  using namespace helmarr::net;
  auto& s = *impl_;
  const std::string where = (s.opts.bind.find(':') != std::string::npos ? "[" + s.opts.bind + "]" : s.opts.bind) +
                            ":" + std::to_string(s.opts.port);
  if (s.listening) return fail(ErrorCode::internal, "already listening on " + where);
  error_code ec;
  auto addr = asio::ip::make_address(s.opts.bind, ec);
  if (ec) {
    // A name ("localhost"): the first address it resolves to, IPv4 first.
    tcp::resolver resolver(s.ioc);
    auto results = resolver.resolve(s.opts.bind, std::to_string(s.opts.port), tcp::resolver::passive, ec);
    if (ec || results.empty())
      return fail(ErrorCode::invalid_request,
                  "cannot listen on " + where + ": cannot resolve the bind address (" + ec.message() + ")");
    std::optional<asio::ip::address> v4, v6;
    for (const auto& r : results) {
      auto a = r.endpoint().address();
      if (a.is_v4() && !v4) v4 = a;
      if (a.is_v6() && !v6) v6 = a;
    }
    addr = v4 ? *v4 : *v6;
    ec.clear();
  }
  tcp::endpoint ep(addr, s.opts.port);
  auto failed = [&](const char* what) {
    error_code ignored;
    s.acceptor.close(ignored);
    return fail(ErrorCode::unavailable, "cannot listen on " + where + ": " + what + ": " + ec.message());
  };
  s.acceptor.open(ep.protocol(), ec);
  if (ec) return failed("open");
  s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return failed("SO_REUSEADDR");
  s.acceptor.bind(ep, ec);
  if (ec) return failed("bind");
  s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return failed("listen");
  auto local = s.acceptor.local_endpoint(ec);
  if (ec) return failed("local_endpoint");
  s.listening = true;
  asio::co_spawn(s.strand, s.accept_loop(), [](std::exception_ptr e) { server_detail::log_exception("accept loop", e); });
  return local.port();
}

void Server::run() {
  using namespace helmarr::net;
  auto& s = *impl_;
  if (!s.listening) {
    auto port = listen();
    if (!port) {
      spdlog::error("http server: {}", port.error().message);
      return;
    }
  }
  s.signals.emplace(s.strand, SIGINT, SIGTERM);
  s.signals->async_wait([&s](error_code ec, int sig) {
    if (ec) return;
    spdlog::info("http server: signal {}, shutting down", sig);
    s.begin_shutdown();
  });

  auto worker = [&s] {
    for (;;) {
      try {
        s.ioc.run();
        return;
      } catch (...) {
        server_detail::log_exception("io_context", std::current_exception());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < s.opts.threads; ++i) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  // Normally every connection has finished. After a forced stop (grace
  // period over) finish the application side of what is left: on_close once,
  // and sinks that refuse further sends.
  std::vector<std::shared_ptr<server_detail::Connection>> left;
  {
    std::lock_guard lk(s.mu);
    for (auto& [ptr, weak] : s.conns)
      if (auto c = weak.lock()) left.push_back(std::move(c));
  }
  for (auto& c : left) c->abandon();
  s.signals.reset();
}

void Server::stop() {
  auto* s = impl_.get();
  s->stopping.store(true);
  boost::asio::post(s->strand, [s] { s->begin_shutdown(); });
}

std::size_t Server::websocket_clients() const { return impl_->ws_clients.load(std::memory_order_relaxed); }

std::size_t Server::connections() const {
  std::lock_guard lk(impl_->mu);
  return impl_->conns.size();
}

std::uint64_t Server::refused_connections() const { return impl_->refused.load(std::memory_order_relaxed); }

BodyMemory Server::body_memory() const {
  const auto& s = *impl_;
  return BodyMemory{.buffered_bytes = s.body_bytes.load(std::memory_order_relaxed),
                    .streamed_bytes = s.stream_bytes.load(std::memory_order_relaxed),
                    .streamed_peak = s.stream_peak.load(std::memory_order_relaxed),
                    .streams_open = s.streams_open.load(std::memory_order_relaxed)};
}

}  // namespace helmarr::http
