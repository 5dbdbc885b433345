#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace helmarr::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Handler tagged(std::string tag) {
  return [tag](Request&) -> Result<Response> { return Response::text(200, tag); };
}

std::string run(const RouteMatch& m) {
  if (!m.route) return "<none>";
  Request r;
  auto res = m.route->handler(r);
  return res ? res->body : "<error>";
}

TEST(Router, ExtractsPathParams) {
  Router r;
  r.add(Method::get, "/api/wants/{id}", tagged("want"));
  r.add(Method::get, "/api/{kind}/{id}/files", tagged("files"));
  auto m = r.match(Method::get, "/api/wants/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(run(m), "want");
  EXPECT_EQ(m.params, (Pairs{{"id", "42"}}));

  m = r.match(Method::get, "/api/shows/7/files");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params, (Pairs{{"kind", "shows"}, {"id", "7"}}));
  EXPECT_EQ(m.route->pattern, "/api/{kind}/{id}/files");
}

TEST(Router, AStreamedBodyIsRefusedOnASyncRouteAtMountTime) {
  Router r;
  const RoutePolicy streamed{.body = BodyMode::streamed};
  EXPECT_THROW(r.add(Method::post, "/import", tagged("sync"), streamed), std::invalid_argument);
  EXPECT_TRUE(r.routes().empty());
  EXPECT_THROW(r.add_surface(Surface{"/api", streamed}), std::invalid_argument);
  r.add_async(Method::post, "/import", [](Request&) -> Task<Result<Response>> { co_return Response::empty(204); },
              streamed);
  ASSERT_EQ(r.routes().size(), 1u);
  EXPECT_EQ(r.routes()[0]->policy.body, BodyMode::streamed);
  EXPECT_EQ(r.routes()[0]->policy.max_stream_bytes, std::uint64_t{16} << 30);
  EXPECT_EQ(RoutePolicy{}.body, BodyMode::buffered);
}

TEST(Router, NotFoundHasNoRouteAndNoAllow) {
  Router r;
  r.add(Method::get, "/a/b", tagged("ab"));
  auto m = r.match(Method::get, "/a/c");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allow.empty());
  m = r.match(Method::get, "/a/b/c");  // more segments
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allow.empty());
  m = r.match(Method::get, "/a");
  EXPECT_EQ(m.route, nullptr);
}

TEST(Router, MethodNotAllowedListsAllowedMethods) {
  Router r;
  r.add(Method::get, "/api/wants/{id}", tagged("get"));
  r.add(Method::put, "/api/wants/{id}", tagged("put"));
  r.add(Method::del, "/api/wants/{id}", tagged("del"));
  r.add(Method::post, "/api/other", tagged("other"));
  auto m = r.match(Method::post, "/api/wants/1");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "GET, PUT, DELETE");
  EXPECT_TRUE(m.params.empty());
}

TEST(Router, AllowIsClearedWhenTheMethodMatches) {
  Router r;
  r.add(Method::get, "/x", tagged("get"));
  r.add(Method::post, "/x", tagged("post"));
  auto m = r.match(Method::post, "/x");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(run(m), "post");
  EXPECT_TRUE(m.allow.empty());
}

TEST(Router, TrailingSlashIsEquivalent) {
  Router r;
  r.add(Method::get, "/api/wants/", tagged("list"));
  r.add(Method::get, "/api/items", tagged("items"));
  EXPECT_EQ(run(r.match(Method::get, "/api/wants")), "list");
  EXPECT_EQ(run(r.match(Method::get, "/api/wants/")), "list");
  EXPECT_EQ(run(r.match(Method::get, "/api/items/")), "items");
  EXPECT_EQ(run(r.match(Method::get, "/api/items")), "items");
}

TEST(Router, SlashOnlyPatternMatchesRoot) {
  Router r;
  r.add(Method::get, "/", tagged("root"));
  EXPECT_EQ(run(r.match(Method::get, "/")), "root");
  EXPECT_EQ(r.match(Method::get, "/x").route, nullptr);
}

TEST(Router, DuplicateAndTrailingSlashDuplicateThrow) {
  Router r;
  r.add(Method::get, "/a/b", tagged("1"));
  EXPECT_THROW(r.add(Method::get, "/a/b", tagged("2")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::get, "/a/b/", tagged("2")), std::invalid_argument);
  EXPECT_NO_THROW(r.add(Method::post, "/a/b", tagged("3")));  // other method: fine
}

TEST(Router, SameShapeWithDifferentParamNamesIsADuplicate) {
  Router r;
  r.add(Method::get, "/a/{id}", tagged("1"));
  EXPECT_THROW(r.add(Method::get, "/a/{name}", tagged("2")), std::invalid_argument);
}

TEST(Router, HeadIsServedByGetRoutes) {
  Router r;
  r.add(Method::get, "/health", tagged("health"));
  auto m = r.match(Method::head, "/health");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(run(m), "health");
  EXPECT_EQ(m.route->method, Method::get);
}

TEST(Router, MostLiteralMatchWinsRegardlessOfOrder) {
  Router r;
  r.add(Method::get, "/health/{service}/x", tagged("param"));
  r.add(Method::get, "/health/circuit-breaker/x", tagged("literal"));
  r.add(Method::get, "/{a}/{b}/{c}", tagged("all-params"));
  EXPECT_EQ(run(r.match(Method::get, "/health/circuit-breaker/x")), "literal");
  auto m = r.match(Method::get, "/health/db/x");
  EXPECT_EQ(run(m), "param");
  EXPECT_EQ(m.params, (Pairs{{"service", "db"}}));
  EXPECT_EQ(run(r.match(Method::get, "/q/r/s")), "all-params");

  Router r2;  // literal added first
  r2.add(Method::get, "/health/circuit-breaker/x", tagged("literal"));
  r2.add(Method::get, "/health/{service}/x", tagged("param"));
  EXPECT_EQ(run(r2.match(Method::get, "/health/circuit-breaker/x")), "literal");
}

TEST(Router, MalformedPatternsThrow) {
  Router r;
  EXPECT_THROW(r.add(Method::get, "", tagged("x")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::get, "no/slash", tagged("x")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::get, "/a/{}", tagged("x")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::get, "/a/{id", tagged("x")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::get, "/a/id}", tagged("x")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::get, "/a/x{id}", tagged("x")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::get, "/a/{i{d}", tagged("x")), std::invalid_argument);
  EXPECT_THROW(r.add(Method::get, "/a/{id}/{id}", tagged("x")), std::invalid_argument);
  EXPECT_TRUE(r.routes().empty());
}

TEST(Router, RoutePolicyIsKept) {
  Router r;
  r.add(Method::get, "/public", tagged("p"),
        {.access = Access::open, .dialect = ErrorDialect::newznab, .rate_category = "search",
         .execution = Execution::blocking});
  auto m = r.match(Method::get, "/public");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->policy.access, Access::open);
  EXPECT_EQ(m.route->policy.dialect, ErrorDialect::newznab);
  EXPECT_EQ(m.route->policy.rate_category, "search");
  EXPECT_EQ(m.route->policy.execution, Execution::blocking);
  ASSERT_EQ(r.routes().size(), 1u);
  EXPECT_EQ(r.routes()[0]->segments, (std::vector<std::string>{"public"}));
}

TEST(Router, NewRoutesNeedTheKeyAndCountAsGeneralByDefault) {
  Router r;
  r.add(Method::get, "/x", tagged("x"));
  const auto& p = r.routes()[0]->policy;
  EXPECT_EQ(p.access, Access::api_key);
  EXPECT_EQ(p.rate_category, "general");
  EXPECT_EQ(p.execution, Execution::inline_run);
}

TEST(Router, AsyncRoutesAreMatchedLikeOthers) {
  Router r;
  r.add_async(Method::get, "/slow/{id}", [](Request&) -> Task<Result<Response>> {
    co_return Response::text(200, "slow");
  });
  auto m = r.match(Method::get, "/slow/3");
  ASSERT_NE(m.route, nullptr);
  EXPECT_TRUE(m.route->async_handler);
  EXPECT_FALSE(m.route->handler);
  EXPECT_THROW(r.add(Method::get, "/slow/{other}", tagged("dup")), std::invalid_argument);
}

TEST(Router, NormalisedPathsCollapseEmptySegments) {
  EXPECT_EQ(normalise_path("//api//me/"), "/api/me");
  EXPECT_EQ(normalise_path("/api/me"), "/api/me");
  EXPECT_EQ(normalise_path(""), "/");
  EXPECT_EQ(normalise_path("///"), "/");
}

TEST(Router, UnknownPathsTakeTheLongestSurfacesPolicy) {
  Router r;
  r.set_default_policy({.dialect = ErrorDialect::dashboard, .rate_category = "general"});
  r.add_surface({"/api", {.dialect = ErrorDialect::dashboard, .rate_category = "general"}});
  r.add_surface({"/api/v1", {.dialect = ErrorDialect::autoarr, .rate_category = "general"}});
  r.add_surface({"/torznab/", {.dialect = ErrorDialect::newznab, .rate_category = "torznab"}});
  EXPECT_EQ(r.fallback_policy("/api/v1/nothing").dialect, ErrorDialect::autoarr);
  EXPECT_EQ(r.fallback_policy("/api/v1").dialect, ErrorDialect::autoarr);
  EXPECT_EQ(r.fallback_policy("/api/v10").dialect, ErrorDialect::dashboard);  // a segment, not a prefix
  EXPECT_EQ(r.fallback_policy("/torznab/api").dialect, ErrorDialect::newznab);
  EXPECT_EQ(r.fallback_policy("/elsewhere").dialect, ErrorDialect::dashboard);
  EXPECT_THROW(r.add_surface({"/api/v1/", {}}), std::invalid_argument);
}

TEST(Router, DecodedPathSegmentsMatchLiterally) {
  // The server matches on the percent-decoded path.
  Router r;
  r.add(Method::get, "/files/{name}", tagged("file"));
  auto m = r.match(Method::get, "/files/a b");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params, (Pairs{{"name", "a b"}}));
}

}  // namespace
}  // namespace helmarr::http
