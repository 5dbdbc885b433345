#pragma once
// Route table with {param} segments. Each route also carries the metadata the
// middleware needs (public or not, rate-limit category), so the table itself
// is what a test walks to prove no route is left open by accident.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/request.h"

namespace helmarr::http {

using Handler = std::function<Result<Response>(Request&)>;

struct RouteOptions {
  bool is_public = false;        // answers without an API key
  std::string rate_category;     // "" = not rate limited
};

struct Route {
  Method method;
  std::string pattern;           // "/api/wants/{id}"
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split on '/'
};

struct RouteMatch {
  const Route* route = nullptr;                              // null: no route for this method
  std::vector<std::pair<std::string, std::string>> params;
  std::string allow;  // when the path exists under other methods: "GET, PUT" (→ 405)
};

class Router {
 public:
  // Throws std::invalid_argument for a malformed pattern or a duplicate route:
  // both are programming errors found at startup.
  void add(Method method, std::string pattern, Handler handler, RouteOptions options = {});
  RouteMatch match(Method method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace helmarr::http
