// In-process cost of one request through the pipeline (route match, API key
// check, rate limiter, controller, metrics, access-log level check) without
// sockets: what the server adds on top of Beast for each request.
#include <benchmark/benchmark.h>

#include "api/pipeline.h"
#include "app/app.h"
#include "core/log.h"
#include "core/sync_wait.h"

namespace {

using namespace helmarr;

constexpr const char* kKey = "bench-key-0123456789abcdef";

app::App& shared_app() {
  static std::unique_ptr<app::App> app = [] {
    log::init(log::Format::text, spdlog::level::warn);
    app::Config config;
    config.api_key = kKey;
    config.log_level = "warn";  // the access log is measured by bench/run.sh, not here
    auto created = app::App::create(config, /*in_memory=*/true);
    if (!created) throw std::runtime_error(created.error().message);
    auto& a = **created;
    (void)a.settings().set_override("rate_limit_general_per_minute", 1000000, "bench");
    return std::move(*created);
  }();
  return *app;
}

void run(benchmark::State& state, const char* path, bool with_key) {
  auto& app = shared_app();
  for (auto _ : state) {
    auto req = std::make_shared<http::Request>();
    req->method = http::Method::get;
    req->path = path;
    req->remote_address = "127.0.0.1";
    if (with_key) req->headers.add("X-API-Key", kKey);
    auto res = sync_wait(app.pipeline().handle(std::move(req)));
    if (res.status != 200) state.SkipWithError("unexpected status");
    benchmark::DoNotOptimize(res.body.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Healthz(benchmark::State& state) { run(state, "/healthz", false); }
void BM_ApiMe(benchmark::State& state) { run(state, "/api/me", true); }
void BM_ApiSettings(benchmark::State& state) { run(state, "/api/settings", true); }

BENCHMARK(BM_Healthz);
BENCHMARK(BM_ApiMe);
BENCHMARK(BM_ApiSettings);

}  // namespace
