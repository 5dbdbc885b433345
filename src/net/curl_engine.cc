#include "net/curl_engine.h"

#include <pthread.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/completion.h"
#include "net/curl_transfer.h"
#include "net/fetch_error.h"

namespace helmarr::net {

using detail::Transfer;

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

}  // namespace

struct CurlEngine::Impl {
  using Queued = std::pair<std::uint64_t, std::unique_ptr<Transfer>>;

  CURLM* multi = nullptr;
  std::thread thread;
  std::atomic<std::size_t> in_flight{0};

  // Handed over by other threads; the engine thread takes them in one swap.
  std::mutex mu;
  std::vector<Queued> adds;
  std::vector<std::uint64_t> cancels;
  bool stopping = false;
  std::uint64_t next_id = 1;

  // Engine thread only.
  std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> running;

  void submit(std::unique_ptr<Transfer> t) {
    ++in_flight;
    std::unique_lock lk(mu);
    if (stopping) {
      lk.unlock();
      return finish(std::move(t), kind::cancelled, "the HTTP engine is stopping");
    }
    const std::uint64_t id = next_id++;
    lk.unlock();
    t->set_id(id);
    // Registered before the transfer is queued: a stop before the queueing
    // is seen by start() through stop_requested(), one after it through the
    // cancel queue, which is read after the adds of the same round.
    t->on_stop([this, id] { cancel(id); });
    lk.lock();
    adds.emplace_back(id, std::move(t));
    lk.unlock();
    curl_multi_wakeup(multi);
  }

  void cancel(std::uint64_t id) {
    {
      std::lock_guard lk(mu);
      cancels.push_back(id);
    }
    curl_multi_wakeup(multi);
  }

  // The awaiting coroutine may resume inside finish (no executor), so no
  // lock of ours is held here.
  void finish(std::unique_ptr<Transfer> t, std::string_view k, std::string_view what) {
    t->finish_with(k, what);
    t.reset();
    --in_flight;
  }

  void finish(std::unique_ptr<Transfer> t, CURLcode code) {
    t->finish(code);
    t.reset();
    --in_flight;
  }

  void start(std::uint64_t id, std::unique_ptr<Transfer> t) {
    if (t->request().stop.stop_requested()) return finish(std::move(t), kind::cancelled, "cancelled");
    if (!t->prepare()) return finish(std::move(t), kind::protocol, "curl could not create a transfer");
    if (curl_multi_add_handle(multi, t->easy()) != CURLM_OK) {
      return finish(std::move(t), kind::protocol, "curl_multi_add_handle failed");
    }
    running.emplace(id, std::move(t));
  }

  std::unique_ptr<Transfer> take(std::uint64_t id) {
    auto it = running.find(id);
    if (it == running.end()) return nullptr;  // finished meanwhile
    auto t = std::move(it->second);
    running.erase(it);
    curl_multi_remove_handle(multi, t->easy());
    return t;
  }

  void run() {
    pthread_setname_np(pthread_self(), "helmarr-net");
    for (;;) {
      std::vector<Queued> new_adds;
      std::vector<std::uint64_t> new_cancels;
      bool stop;
      {
        std::lock_guard lk(mu);
        new_adds.swap(adds);
        new_cancels.swap(cancels);
        stop = stopping;
      }
      for (auto& [id, t] : new_adds) start(id, std::move(t));
      for (auto id : new_cancels) {
        if (auto t = take(id)) finish(std::move(t), kind::cancelled, "cancelled");
      }
      if (stop) break;

      int still_running = 0;
      curl_multi_perform(multi, &still_running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
        if (msg->msg != CURLMSG_DONE) continue;
        const CURLcode code = msg->data.result;
        Transfer* raw = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
        // msg is invalid once the handle is removed: read it first.
        auto t = take(raw->id());
        if (t) finish(std::move(t), code);
      }
      // Wakes for socket activity, curl's own timers, or curl_multi_wakeup.
      curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    // Stopping: whatever is still running ends as cancelled.
    std::vector<std::uint64_t> left;
    for (const auto& [id, t] : running) left.push_back(id);
    for (auto id : left) {
      if (auto t = take(id)) finish(std::move(t), kind::cancelled, "the HTTP engine stopped");
    }
  }
};

CurlEngine::CurlEngine() : impl_(std::make_unique<Impl>()) {
  global_init();
  impl_->multi = curl_multi_init();
  if (!impl_->multi) throw std::runtime_error("curl_multi_init failed");
  impl_->thread = std::thread([this] { impl_->run(); });
}

CurlEngine::~CurlEngine() {
  {
    std::lock_guard lk(impl_->mu);
    impl_->stopping = true;
  }
  curl_multi_wakeup(impl_->multi);
  impl_->thread.join();
  // Submitted after the last round: nothing will run them.
  for (auto& [id, t] : impl_->adds) impl_->finish(std::move(t), kind::cancelled, "the HTTP engine stopped");
  curl_multi_cleanup(impl_->multi);
}

std::size_t CurlEngine::in_flight() const {
  return impl_->in_flight.load();
}

namespace {

class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient(CurlEngine::Impl& engine, ClientOptions options)
      : engine_(engine), session_(std::make_shared<detail::Session>(std::move(options))) {}

  Task<Result<HttpResponse>> fetch(HttpRequest request) override {
    if (auto refused = detail::validate(request, session_->options.upstream)) {
      session_->observe(0, kind::invalid_request, 0);
      co_return tl::unexpected(std::move(*refused));
    }
    auto done = std::make_shared<Completion<Result<HttpResponse>>>();
    engine_.submit(std::make_unique<Transfer>(std::move(request), session_, done));
    co_return co_await done->wait();
  }

 private:
  CurlEngine::Impl& engine_;
  std::shared_ptr<const detail::Session> session_;
};

}  // namespace

std::unique_ptr<HttpClient> CurlEngine::client(ClientOptions options) {
  return std::make_unique<CurlHttpClient>(*impl_, std::move(options));
}

}  // namespace helmarr::net
