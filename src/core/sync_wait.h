#pragma once
// Blocks the calling thread until a task is done: for the CLI, tests and
// benchmarks, never for server threads. Resumptions happen inline on
// whatever thread completes the awaited operation.
#include <future>
#include <optional>

#include "core/task.h"

namespace helmarr {

template <class T>
T sync_wait(Task<T> task) {
  std::promise<T> result;
  auto future = result.get_future();
  if constexpr (std::is_void_v<T>) {
    std::move(task).start(nullptr, [&result](std::exception_ptr e) {
      if (e) result.set_exception(e); else result.set_value();
    });
  } else {
    std::move(task).start(nullptr, [&result](std::optional<T> v, std::exception_ptr e) {
      if (e) result.set_exception(e); else result.set_value(std::move(*v));
    });
  }
  return future.get();
}

}  // namespace helmarr
