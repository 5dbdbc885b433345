#include "http/request.h"

#include <gtest/gtest.h>

namespace helmarr::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(PercentDecode, DecodesEscapesAndKeepsPlainText) {
  std::string out;
  ASSERT_TRUE(percent_decode("a%20b%2Fc%7e", out, false));
  EXPECT_EQ(out, "a b/c~");
  ASSERT_TRUE(percent_decode("", out, false));
  EXPECT_EQ(out, "");
  ASSERT_TRUE(percent_decode("%41", out, false));
  EXPECT_EQ(out, "A");
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  std::string out;
  ASSERT_TRUE(percent_decode("a+b", out, true));
  EXPECT_EQ(out, "a b");
  ASSERT_TRUE(percent_decode("a+b", out, false));
  EXPECT_EQ(out, "a+b");
  ASSERT_TRUE(percent_decode("%2B", out, true));
  EXPECT_EQ(out, "+");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
  std::string out;
  EXPECT_FALSE(percent_decode("%", out, false));
  EXPECT_FALSE(percent_decode("%2", out, false));
  EXPECT_FALSE(percent_decode("abc%", out, false));
  EXPECT_FALSE(percent_decode("%zz", out, false));
  EXPECT_FALSE(percent_decode("%2g", out, false));
  EXPECT_FALSE(percent_decode("%g2", out, false));
}

TEST(ParseTarget, SplitsPathAndDecodedQueryInOrder) {
  std::string path;
  Pairs query;
  ASSERT_TRUE(parse_target("/a/b%20c?x=1&y=%20&z=a+b&flag", path, query));
  EXPECT_EQ(path, "/a/b c");
  EXPECT_EQ(query, (Pairs{{"x", "1"}, {"y", " "}, {"z", "a b"}, {"flag", ""}}));
}

TEST(ParseTarget, NoQueryAndEmptyPairs) {
  std::string path;
  Pairs query{{"stale", "1"}};
  ASSERT_TRUE(parse_target("/only/path", path, query));
  EXPECT_EQ(path, "/only/path");
  EXPECT_TRUE(query.empty());

  ASSERT_TRUE(parse_target("/p?&&a=1&&", path, query));
  EXPECT_EQ(query, (Pairs{{"a", "1"}}));

  ASSERT_TRUE(parse_target("/p?", path, query));
  EXPECT_TRUE(query.empty());
}

TEST(ParseTarget, PlusInPathIsLiteral) {
  std::string path;
  Pairs query;
  ASSERT_TRUE(parse_target("/a+b?q=a+b", path, query));
  EXPECT_EQ(path, "/a+b");
  EXPECT_EQ(query, (Pairs{{"q", "a b"}}));
}

TEST(ParseTarget, RejectsBadPercentEncodingAnywhere) {
  std::string path;
  Pairs query;
  EXPECT_FALSE(parse_target("/a%zz", path, query));
  EXPECT_FALSE(parse_target("/a?x=%", path, query));
  EXPECT_FALSE(parse_target("/a?%4=1", path, query));
  EXPECT_FALSE(parse_target("/a?ok=1&bad=%GG", path, query));
}

TEST(ParseTarget, EqualsInValueIsKept) {
  std::string path;
  Pairs query;
  ASSERT_TRUE(parse_target("/p?expr=a=b", path, query));
  EXPECT_EQ(query, (Pairs{{"expr", "a=b"}}));
}

TEST(Request, QueryParamAndParamLookups) {
  Request r;
  r.query = {{"a", "1"}, {"a", "2"}, {"b", ""}};
  r.params = {{"id", "42"}};
  EXPECT_EQ(r.query_param("a"), "1");
  EXPECT_EQ(r.query_param("b"), "");
  EXPECT_FALSE(r.query_param("c").has_value());
  EXPECT_EQ(r.param("id"), "42");
  EXPECT_EQ(r.param("missing"), "");
}

TEST(Headers, CaseInsensitiveGetAndSetReplaces) {
  Headers h;
  h.add("Content-Type", "text/plain");
  h.add("X-Thing", "1");
  EXPECT_EQ(h.get("content-type"), "text/plain");
  EXPECT_EQ(h.get("X-THING"), "1");
  EXPECT_FALSE(h.get("X-Thin").has_value());
  h.set("x-thing", "2");
  EXPECT_EQ(h.items().size(), 2u);
  EXPECT_EQ(h.get("X-Thing"), "2");
  h.set("New", "v");
  EXPECT_EQ(h.items().size(), 3u);
}

TEST(Method, ParseAndNameRoundTrip) {
  for (Method m : {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::del, Method::options})
    EXPECT_EQ(parse_method(method_name(m)), m);
  EXPECT_EQ(parse_method("get"), Method::other);  // methods are case-sensitive
  EXPECT_EQ(parse_method("BREW"), Method::other);
}

TEST(Response, Factories) {
  auto j = Response::json(201, "{}");
  EXPECT_EQ(j.status, 201);
  EXPECT_EQ(j.content_type, "application/json");
  auto t = Response::text(404, "nope");
  EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
  auto e = Response::empty(204);
  EXPECT_TRUE(e.content_type.empty());
  EXPECT_TRUE(e.body.empty());
}

}  // namespace
}  // namespace helmarr::http
