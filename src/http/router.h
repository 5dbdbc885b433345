#pragma once
// Route table with {param} segments. Each route also carries its policy
// (access, error dialect, rate category, execution), so the table itself is
// what a test walks to prove no route is left open by accident.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/task.h"
#include "http/request.h"
#include "http/route_policy.h"

namespace helmarr::http {

// A handler that answers at once (on the server thread, or on the worker
// pool when its policy says blocking).
using Handler = std::function<Result<Response>(Request&)>;
// A handler that waits (outbound HTTP, timers, pool jobs) without holding a
// thread. The request outlives the task.
using AsyncHandler = std::function<Task<Result<Response>>(Request&)>;

struct Route {
  Method method;
  std::string pattern;           // "/api/wants/{id}"
  Handler handler;               // one of handler / async_handler is set
  AsyncHandler async_handler;
  RoutePolicy policy;
  std::vector<std::string> segments;  // pattern split on '/'
};

struct RouteMatch {
  const Route* route = nullptr;                              // null: no route for this method
  std::vector<std::pair<std::string, std::string>> params;
  std::string allow;  // when the path exists under other methods: "GET, PUT" (→ 405)
};

class Router {
 public:
  // Throws std::invalid_argument for a malformed pattern, a duplicate route,
  // or a streamed body (BodyMode::streamed) on a sync handler: programming
  // errors found at startup.
  void add(Method method, std::string pattern, Handler handler, RoutePolicy policy = {});
  void add_async(Method method, std::string pattern, AsyncHandler handler, RoutePolicy policy = {});
  RouteMatch match(Method method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

  // Policy for paths no route matches: the surface with the longest prefix
  // of the (normalised) path, else the default surface.
  void add_surface(Surface surface);
  void set_default_policy(RoutePolicy policy) { default_policy_ = std::move(policy); }
  const RoutePolicy& fallback_policy(std::string_view path) const;
  const std::vector<Surface>& surfaces() const { return surfaces_; }

 private:
  Route& insert(Method method, std::string pattern, RoutePolicy policy);
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<Surface> surfaces_;
  RoutePolicy default_policy_;
};

// "//api//me/" → "/api/me": the form policy is decided on, so every spelling
// of a path is limited and routed alike.
std::string normalise_path(std::string_view path);

}  // namespace helmarr::http
