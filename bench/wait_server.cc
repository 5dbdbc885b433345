// The two processes of bench/waiting.sh (issue 7 §1): a slow local
// upstream, and Helmarr with one extra route whose handler waits on that
// upstream through the outbound client.
//   wait_server upstream PORT DELAY_MS     answers every request after DELAY_MS
//   wait_server helmarr PORT UPSTREAM_URL  GET /api/bench/upstream fetches UPSTREAM_URL
// Both serve until SIGTERM/SIGINT.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/app.h"
#include "core/log.h"
#include "core/timer_service.h"
#include "http/server.h"

namespace {

using namespace helmarr;

Task<http::Response> slow_answer(TimerService& timers, std::chrono::milliseconds delay) {
  co_await sleep_for(timers, delay);
  co_return http::Response::text(200, "slow");
}

int serve_upstream(std::uint16_t port, std::chrono::milliseconds delay) {
  ThreadTimers timers;
  http::ServerOptions opts;
  opts.bind = "127.0.0.1";
  opts.port = port;
  opts.max_connections = [] { return std::size_t{4096}; };
  http::Server server(opts, http::ServerHandlers{
                                .admit = nullptr,
                                .respond = [&timers, delay](std::shared_ptr<http::Request>) {
                                  return slow_answer(timers, delay);
                                },
                                .error = [](http::Request&, const Error& e, int status) {
                                  return http::Response::text(status, e.message);
                                }});
  if (auto p = server.listen(); !p) {
    std::fprintf(stderr, "upstream: %s\n", p.error().message.c_str());
    return 1;
  }
  server.run();
  return 0;
}

// The route under test: waits on the upstream without holding a thread.
class UpstreamModule final : public app::Module {
 public:
  UpstreamModule(app::ModuleContext ctx, std::string url)
      : client_(ctx.http.client({.upstream = "bench", .observer = &ctx.upstream_metrics})), url_(std::move(url)) {}
  std::string_view name() const override { return "bench"; }
  void register_routes(http::Router& router) override {
    router.add_async(http::Method::get, "/api/bench/upstream", [this](http::Request& req) -> Task<Result<http::Response>> {
      auto request = net::HttpRequest::get(url_);
      request.stop = req.cancel.get_token();
      auto r = co_await client_->fetch(std::move(request));
      if (!r) co_return tl::unexpected(r.error());
      co_return http::Response::text(r->status == 200 ? 200 : 502, r->body);
    }, {.access = http::Access::open, .rate_category = ""});
  }

 private:
  std::unique_ptr<net::HttpClient> client_;
  std::string url_;
};

int serve_helmarr(std::uint16_t port, std::string upstream) {
  log::init(log::Format::text, spdlog::level::warn);
  app::Config config;
  config.api_key = "bench-key-0123456789abcdef";
  config.log_level = "warn";
  auto created = app::App::create(config, /*in_memory=*/true);
  if (!created) {
    std::fprintf(stderr, "helmarr: %s\n", created.error().message.c_str());
    return 1;
  }
  auto& app = **created;
  if (auto added = app.add_module(std::make_unique<UpstreamModule>(app.module_context(), std::move(upstream))); !added) {
    std::fprintf(stderr, "helmarr: %s\n", added.error().message.c_str());
    return 1;
  }
  http::ServerOptions opts;
  opts.bind = "127.0.0.1";
  opts.port = port;
  opts.threads = config.threads;
  http::Server server(opts, app.server_handlers());
  if (auto p = server.listen(); !p) {
    std::fprintf(stderr, "helmarr: %s\n", p.error().message.c_str());
    return 1;
  }
  server.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: wait_server upstream PORT DELAY_MS | wait_server helmarr PORT UPSTREAM_URL\n");
    return 2;
  }
  const std::string mode = argv[1];
  const auto port = static_cast<std::uint16_t>(std::atoi(argv[2]));
  if (mode == "upstream") return serve_upstream(port, std::chrono::milliseconds(std::atoi(argv[3])));
  if (mode == "helmarr") return serve_helmarr(port, argv[3]);
  std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
  return 2;
}
