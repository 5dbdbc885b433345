#pragma once
// Where a coroutine resumes. The HTTP server gives each request an executor
// bound to its connection's strand; the worker pool is another. Code outside
// src/http awaits through this interface and never sees Asio.
#include "core/unique_function.h"

namespace helmarr {

class Executor {
 public:
  virtual ~Executor() = default;
  // Runs fn soon, never inside this call. Thread-safe.
  virtual void post(UniqueFunction<void()> fn) = 0;
};

}  // namespace helmarr
