// Section 1 of the house issue, proved without timing: 500 requests whose
// handler waits (on a gate only the test opens) are all in flight at once,
// and /healthz is still answered while every one of them waits, on the real
// App, pipeline and server with its default two threads.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/pipeline.h"
#include "app/app.h"
#include "core/completion.h"

namespace helmarr::app {
namespace {

using namespace std::chrono_literals;

// A module with one route that waits until the test opens its gate.
class WaitingModule final : public Module {
 public:
  std::string_view name() const override { return "waiting"; }
  void register_routes(http::Router& router) override {
    router.add_async(http::Method::get, "/api/test/wait", [this](http::Request&) -> Task<Result<http::Response>> {
      auto gate = std::make_shared<Completion<int>>();
      {
        std::lock_guard lk(mu);
        gates.push_back(gate);
      }
      co_await gate->wait();
      co_return http::Response::text(200, "released");
    });
  }
  void open_all() {
    std::vector<std::shared_ptr<Completion<int>>> all;
    {
      std::lock_guard lk(mu);
      all = gates;
    }
    for (auto& g : all) g->complete(1);
  }
  std::mutex mu;
  std::vector<std::shared_ptr<Completion<int>>> gates;
};

int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{60, 0};  // a hung server fails the test instead of hanging it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

bool send_all(int fd, const std::string& s) { return ::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size()); }

// Reads one response (headers and a Content-Length body).
std::string read_response(int fd) {
  std::string got;
  char buf[4096];
  for (;;) {
    auto end = got.find("\r\n\r\n");
    if (end != std::string::npos) {
      auto cl = got.find("Content-Length: ");
      std::size_t len = cl == std::string::npos ? 0 : std::stoul(got.substr(cl + 16));
      if (got.size() >= end + 4 + len) return got;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return got;
    got.append(buf, static_cast<std::size_t>(n));
  }
}

template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 6000; ++i) {  // the limit only bounds a failing test
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

TEST(WaitingRequests, HealthzIsAnsweredWhileFiveHundredRequestsWait) {
  constexpr int kWaiting = 500;
  rlimit rl{};
  ::getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < 2 * kWaiting + 100) {
    rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, 2 * kWaiting + 100);
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  if (rl.rlim_cur < 2 * kWaiting + 100) GTEST_SKIP() << "not enough file descriptors";

  Config config;
  config.api_key = "waiting-test-key-0123456789";
  config.log_level = "warn";
  auto created = App::create(config, /*in_memory=*/true);
  ASSERT_TRUE(created) << created.error().message;
  App& app = **created;
  ASSERT_TRUE(app.settings().set_override("rate_limit_general_per_minute", 1000000, "test"));
  auto module = std::make_unique<WaitingModule>();
  WaitingModule* waiting = module.get();
  ASSERT_TRUE(app.add_module(std::move(module)));

  http::ServerOptions opts;
  opts.bind = "127.0.0.1";
  opts.port = 0;
  opts.threads = 2;
  http::Server server(opts, app.server_handlers());
  auto port = server.listen();
  ASSERT_TRUE(port) << port.error().message;
  std::thread runner([&] { server.run(); });

  std::vector<int> fds;
  const std::string wait_req = "GET /api/test/wait HTTP/1.1\r\nHost: x\r\nX-API-Key: " + *config.api_key + "\r\n\r\n";
  for (int i = 0; i < kWaiting; ++i) {
    int fd = connect_to(*port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(send_all(fd, wait_req));
    fds.push_back(fd);
  }
  // Every one of them is inside its handler, waiting.
  ASSERT_TRUE(eventually([&] { return app.pipeline().in_flight() == kWaiting; })) << app.pipeline().in_flight();

  int probe = connect_to(*port);
  ASSERT_GE(probe, 0);
  ASSERT_TRUE(send_all(probe, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string health = read_response(probe);
  EXPECT_EQ(health.rfind("HTTP/1.1 200", 0), 0u) << health;
  EXPECT_EQ(app.pipeline().in_flight(), static_cast<std::size_t>(kWaiting));  // still all waiting
  ::close(probe);

  waiting->open_all();
  int released = 0;
  for (int fd : fds) {
    const std::string r = read_response(fd);
    if (r.rfind("HTTP/1.1 200", 0) == 0 && r.find("released") != std::string::npos) ++released;
    ::close(fd);
  }
  EXPECT_EQ(released, kWaiting);
  server.stop();
  runner.join();
}

}  // namespace
}  // namespace helmarr::app
