#include "http/router.h"

#include <stdexcept>

namespace helmarr::http {

namespace {

// "/a/b/" and "/a/b" are the same resource; the AutoArr seed writes
// collection paths with a trailing slash and clients send both.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

// A parameter name is the text between the braces, without further braces.
bool is_well_formed_param(std::string_view seg) {
  return is_param(seg) && seg.substr(1, seg.size() - 2).find_first_of("{}") == std::string_view::npos;
}

// "/a/{id}" and "/a/{name}" match the same paths: compare patterns with the
// parameter names erased.
bool same_shape(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool pa = is_param(a[i]), pb = is_param(b[i]);
    if (pa != pb || (!pa && a[i] != b[i])) return false;
  }
  return true;
}

}  // namespace

const char* dialect_name(ErrorDialect d) {
  switch (d) {
    case ErrorDialect::autoarr: return "autoarr";
    case ErrorDialect::dashboard: return "dashboard";
    case ErrorDialect::newznab: return "newznab";
    case ErrorDialect::graphql: return "graphql";
  }
  return "dashboard";
}

std::string normalise_path(std::string_view path) {
  std::string out;
  out.reserve(path.size() + 1);
  for (auto seg : split_path(path)) {
    out += '/';
    out += seg;
  }
  if (out.empty()) out = "/";
  return out;
}

void Router::add(Method method, std::string pattern, Handler handler, RoutePolicy policy) {
  // A streamed body is read with co_await: a handler that cannot wait would
  // hold a thread for as long as the client takes to send it.
  if (policy.body == BodyMode::streamed)
    throw std::invalid_argument("route " + std::string(method_name(method)) + " " + pattern +
                                ": a streamed body needs an async handler (Router::add_async)");
  insert(method, std::move(pattern), std::move(policy)).handler = std::move(handler);
}

void Router::add_async(Method method, std::string pattern, AsyncHandler handler, RoutePolicy policy) {
  insert(method, std::move(pattern), std::move(policy)).async_handler = std::move(handler);
}

void Router::add_surface(Surface surface) {
  if (surface.policy.body == BodyMode::streamed)
    throw std::invalid_argument("surface " + surface.prefix + ": only a route can stream its body");
  surface.prefix = normalise_path(surface.prefix);
  for (const auto& s : surfaces_)
    if (s.prefix == surface.prefix) throw std::invalid_argument("duplicate surface " + surface.prefix);
  surfaces_.push_back(std::move(surface));
}

const RoutePolicy& Router::fallback_policy(std::string_view path) const {
  const Surface* best = nullptr;
  for (const auto& s : surfaces_) {
    const auto& p = s.prefix;
    const bool under = p == "/" || (path.substr(0, p.size()) == p && (path.size() == p.size() || path[p.size()] == '/'));
    if (under && (!best || p.size() > best->prefix.size())) best = &s;
  }
  return best ? best->policy : default_policy_;
}

Route& Router::insert(Method method, std::string pattern, RoutePolicy policy) {
  if (pattern.empty() || pattern.front() != '/') throw std::invalid_argument("route pattern must start with '/': " + pattern);
  auto route = std::make_unique<Route>();
  route->method = method;
  std::vector<std::string_view> names;
  for (auto seg : split_path(pattern)) {
    if ((seg.find('{') != std::string_view::npos || seg.find('}') != std::string_view::npos) &&
        !is_well_formed_param(seg))
      throw std::invalid_argument("malformed route parameter in " + pattern);
    if (is_param(seg)) {
      for (auto n : names)
        if (n == seg) throw std::invalid_argument("duplicate route parameter in " + pattern);
      names.push_back(seg);
    }
    route->segments.emplace_back(seg);
  }
  for (const auto& r : routes_) {
    if (r->method == method && same_shape(r->segments, route->segments))
      throw std::invalid_argument("duplicate route " + std::string(method_name(method)) + " " + pattern);
  }
  route->pattern = std::move(pattern);
  route->policy = std::move(policy);
  routes_.push_back(std::move(route));
  return *routes_.back();
}

RouteMatch Router::match(Method method, std::string_view path) const {
  RouteMatch result;
  const auto segs = split_path(path);
  // HEAD is served by GET routes.
  const Method wanted = method == Method::head ? Method::get : method;
  int best_literals = -1;
  for (const auto& r : routes_) {
    if (r->segments.size() != segs.size()) continue;
    int literals = 0;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      if (is_param(r->segments[i])) {
        ok = !segs[i].empty();
      } else {
        ok = r->segments[i] == segs[i];
        ++literals;
      }
    }
    if (!ok) continue;
    if (r->method != wanted) {
      std::string name = method_name(r->method);
      if (result.allow.find(name) == std::string::npos) result.allow += (result.allow.empty() ? "" : ", ") + name;
      continue;
    }
    // The most literal match wins: /health/circuit-breaker/x beats /health/{service}/x.
    if (literals > best_literals) {
      best_literals = literals;
      result.route = r.get();
    }
  }
  if (result.route) {
    result.allow.clear();
    for (std::size_t i = 0; i < segs.size(); ++i) {
      const auto& seg = result.route->segments[i];
      if (is_param(seg)) result.params.emplace_back(seg.substr(1, seg.size() - 2), std::string(segs[i]));
    }
  }
  return result;
}

}  // namespace helmarr::http
