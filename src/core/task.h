#pragma once
// Task<T>: the project's coroutine type. Lazy: nothing runs until it is
// awaited or started. A task inherits the executor of the coroutine that
// awaits it, and every leaf operation (a Completion, a timer, the worker
// pool) resumes it there, so a request handler always continues on its
// connection's strand, never on a curl or pool thread.
//
// g++ 12: never write a lambda inside a co_await expression
// (`co_await pool.run([r] {...})`): the closure's captures are destroyed
// twice. Name the lambda first and std::move it in. tests/lint checks this.
//
//   Task<Result<Response>> handler(Request& req) {
//     auto page = co_await http_client.fetch(...);   // no thread held meanwhile
//     co_return Response::json(200, page->body);
//   }
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "core/executor.h"
#include "core/unique_function.h"

namespace helmarr {

namespace task_detail {

struct PromiseBase {
  std::coroutine_handle<> continuation;
  Executor* executor = nullptr;  // null: leaf operations resume inline
  std::exception_ptr exception;

  std::suspend_always initial_suspend() noexcept { return {}; }
  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      auto next = h.promise().continuation;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { exception = std::current_exception(); }
};

template <class T>
struct ValuePromise : PromiseBase {
  std::optional<T> value;
  void return_value(T v) { value.emplace(std::move(v)); }
  T take() {
    if (exception) std::rethrow_exception(exception);
    return std::move(*value);
  }
};

template <>
struct ValuePromise<void> : PromiseBase {
  void return_void() {}
  void take() {
    if (exception) std::rethrow_exception(exception);
  }
};

// Resumes h on the awaiting coroutine's executor, or inline without one.
inline void resume_on(Executor* ex, std::coroutine_handle<> h) {
  if (ex) {
    ex->post([h] { h.resume(); });
  } else {
    h.resume();
  }
}

}  // namespace task_detail

// The executor of the coroutine being suspended, for leaf awaitables.
template <class P>
Executor* executor_of(std::coroutine_handle<P> h) {
  if constexpr (std::is_base_of_v<task_detail::PromiseBase, P>) {
    return h.promise().executor;
  } else {
    return nullptr;
  }
}

// co_await current_executor(): the executor this coroutine resumes on.
struct current_executor {
  Executor* ex = nullptr;
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    ex = executor_of(h);
    return false;  // never actually suspends
  }
  Executor* await_resume() const noexcept { return ex; }
};

template <class T = void>
class [[nodiscard]] Task {
 public:
  struct promise_type : task_detail::ValuePromise<T> {
    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }

  bool valid() const { return static_cast<bool>(h_); }

  // co_await task: runs it to completion on the awaiter's executor.
  bool await_ready() const noexcept { return !h_ || h_.done(); }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) noexcept {
    h_.promise().continuation = parent;
    h_.promise().executor = executor_of(parent);
    return h_;
  }
  T await_resume() { return h_.promise().take(); }

  // Runs the task detached on executor ex (null: inline); done gets its value
  // or the exception it ended with. The task frame lives until then.
  template <class Done>
  void start(Executor* ex, Done done) && {
    run_detached(std::move(*this), std::move(done), ex);
  }

 private:
  explicit Task(Handle h) : h_(h) {}

  // A self-destroying root coroutine that awaits the task.
  struct Detached {
    struct promise_type : task_detail::PromiseBase {
      Detached get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
      std::suspend_never final_suspend() noexcept { return {}; }
      void return_void() {}
    };
    std::coroutine_handle<promise_type> h;
  };

  template <class Done>
  static void run_detached(Task task, Done done, Executor* ex) {
    auto root = body(std::move(task), std::move(done));
    root.h.promise().executor = ex;
    root.h.resume();
  }

  template <class Done>
  static Detached body(Task task, Done done) {
    std::exception_ptr error;
    if constexpr (std::is_void_v<T>) {
      try {
        co_await task;
      } catch (...) {
        error = std::current_exception();
      }
      done(error);
    } else {
      std::optional<T> value;
      try {
        value.emplace(co_await task);
      } catch (...) {
        error = std::current_exception();
      }
      done(std::move(value), error);
    }
  }

  Handle h_;
};

}  // namespace helmarr
