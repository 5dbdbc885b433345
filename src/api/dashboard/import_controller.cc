#include "api/dashboard/import_controller.h"

#include "api/json_body.h"
#include "core/line_splitter.h"
#include "http/body_reader.h"
#include "library/importer.h"

namespace helmarr::api::dashboard {
namespace {

// What one import holds between chunks: lives in the coroutine's frame and
// is only touched by the pool job that is running.
struct ImportState {
  explicit ImportState(library::Library& library) : importer(library) {}
  LineSplitter lines{library::kMaxImportLineBytes};
  library::Importer importer;

  Result<void> drain() {
    LineSplitter::Line line;
    while (lines.next(line)) {
      const auto number = static_cast<std::int64_t>(line.number);
      if (line.too_long) {
        importer.reject({.line = number, .reason = "line longer than 16 MiB"});
        continue;
      }
      if (auto added = importer.add_line(line.text, number); !added) return added;
    }
    return {};
  }
};

}  // namespace

void ImportController::register_routes(http::Router& router) {
  const http::RoutePolicy policy{.dialect = http::ErrorDialect::dashboard,
                                 .rate_category = "general",
                                 .execution = http::Execution::inline_run,  // the handler hops to the pool per chunk
                                 .deadline = std::chrono::hours(6),
                                 .body = http::BodyMode::streamed};
  for (const char* path : {"/import", "/api/import"}) {
    router.add_async(http::Method::post, path, [this](http::Request& req) { return import(req); }, policy);
  }
}

Task<Result<http::Response>> ImportController::import(http::Request& req) {
  if (running_.fetch_add(1) >= kMaxConcurrent) {
    running_.fetch_sub(1);
    co_return fail(ErrorCode::unavailable, "other imports are running; try again when they finish",
                   {{"retry_after", 5}});
  }
  struct Release {
    std::atomic<int>& n;
    ~Release() { n.fetch_sub(1); }
  } release{running_};

  ImportState state(library_);
  std::shared_ptr<http::BodyReader> body = req.body_stream;
  Result<void> ok;
  for (;;) {
    auto chunk = co_await body->read_some();
    if (!chunk) {
      ok = tl::unexpected(chunk.error());
      break;
    }
    const bool last = chunk->empty();
    auto feed = [&state, view = *chunk, last]() -> Result<void> {
      if (last) {
        state.lines.finish();
      } else {
        state.lines.feed(view);
      }
      return state.drain();
    };
    ok = co_await pool_.run(std::move(feed), req.cancel.get_token());
    if (!ok || last) break;
  }
  // The last batch is committed (or the one in flight finished) before the
  // state goes: nothing waits on the server thread.
  auto finish = [&state]() -> Result<void> { return state.importer.flush(); };
  auto flushed = co_await pool_.run(std::move(finish));
  if (ok && !flushed) ok = flushed;
  const auto summary = state.importer.summary();
  if (summary.imported + summary.updated > 0) {
    bus_.publish("library.import_finished", {{"imported", summary.imported}, {"updated", summary.updated},
                                              {"rejected", summary.rejected}});
  }
  if (!ok) {
    Error e = ok.error();
    e.details["imported"] = summary.imported;  // written before the failure: committed
    e.details["updated"] = summary.updated;
    co_return tl::unexpected(std::move(e));
  }
  co_return json_response(200, library::to_json(summary));
}

}  // namespace helmarr::api::dashboard
