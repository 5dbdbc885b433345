// Request bodies: what json_object_body accepts and how it refuses. The
// nesting bound is defect 8.1 of issue 7 (a 200 KB body of nested arrays
// overflowed the stack).
#include "api/json_body.h"

#include <gtest/gtest.h>

namespace helmarr::api {
namespace {

http::Request with_body(std::string body) {
  http::Request req;
  req.method = http::Method::put;
  req.body = std::move(body);
  return req;
}

// {"value": ...} nested `depth` levels in all, counting the outer object:
// arrays [[...]] or objects {"a":{"a":...{}}}.
std::string nested(std::size_t depth, char open) {
  std::string s = "{\"value\":";
  const std::size_t inner = depth - 1;
  if (open == '[') {
    s.append(inner, '[');
    s.append(inner, ']');
  } else {
    for (std::size_t i = 1; i < inner; ++i) s += "{\"a\":";
    s += "{}";
    s.append(inner - 1, '}');
  }
  return s + "}";
}

constexpr const char* kTooDeep = "JSON nesting deeper than 64 levels";

TEST(JsonObjectBody, AcceptsAnObject) {
  auto r = json_object_body(with_body(R"({"value": [1, {"a": "b"}]})"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["value"][1]["a"], "b");
}

TEST(JsonObjectBody, RefusesEmptyInvalidAndNonObjectBodies) {
  for (const char* body : {"", "{", "[1]", "\"x\"", "{\"a\":1} x"}) {
    auto r = json_object_body(with_body(body));
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_request) << body;
  }
}

TEST(JsonObjectBody, RefusesOneHundredThousandNestedArraysWithoutCrashing) {
  std::string body = "{\"value\":";
  body.append(100000, '[');
  body.append(100000, ']');
  body += "}";
  auto r = json_object_body(with_body(body));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_NE(r.error().message.find(kTooDeep), std::string::npos) << r.error().message;
}

TEST(JsonObjectBody, RefusesDeepNestingEvenWhenUnbalanced) {
  // Never closed: the scan refuses at the 65th level, before parsing.
  std::string body = "{\"value\":";
  body.append(100000, '[');
  auto r = json_object_body(with_body(body));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find(kTooDeep), std::string::npos) << r.error().message;
}

TEST(JsonObjectBody, RefusesOneHundredThousandNestedObjects) {
  auto r = json_object_body(with_body(nested(100000, '{')));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find(kTooDeep), std::string::npos) << r.error().message;
}

TEST(JsonObjectBody, AcceptsExactly64LevelsAndRefuses65) {
  for (char open : {'[', '{'}) {
    auto at_limit = json_object_body(with_body(nested(kMaxJsonDepth, open)));
    EXPECT_TRUE(at_limit) << open << ": " << at_limit.error().message;
    auto over = json_object_body(with_body(nested(kMaxJsonDepth + 1, open)));
    ASSERT_FALSE(over) << open;
    EXPECT_NE(over.error().message.find(kTooDeep), std::string::npos) << over.error().message;
  }
}

TEST(JsonObjectBody, BracketsInsideStringsDoNotCount) {
  std::string brackets(1000, '[');
  brackets += std::string(1000, '{');
  auto r = json_object_body(with_body("{\"value\":\"" + brackets + "\"}"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["value"], brackets);
}

TEST(JsonObjectBody, EscapedQuotesDoNotEndAString) {
  // \" does not end a string: the brackets after it are text.
  std::string inside = "{\"value\":\"a\\\"" + std::string(100, '[') + "\"}";
  auto r = json_object_body(with_body(inside));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["value"], "a\"" + std::string(100, '['));

  // "\\" is one backslash and ends there: the arrays after it count (65
  // levels). A scanner that took \" for an escaped quote would see them
  // inside a string and pass them to the parser.
  std::string after_backslash = "{\"v\":\"\\\\\",\"w\":" + std::string(kMaxJsonDepth, '[') +
                                std::string(kMaxJsonDepth, ']') + "}";
  auto deep = json_object_body(with_body(after_backslash));
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find(kTooDeep), std::string::npos) << deep.error().message;
  auto shallow = json_object_body(with_body("{\"v\":\"\\\\\",\"w\":[[]]}"));
  ASSERT_TRUE(shallow) << shallow.error().message;
  EXPECT_EQ((*shallow)["v"], "\\");
}

TEST(JsonDepth, CountsOnlyStructureOutsideStrings) {
  EXPECT_TRUE(json_nesting_within("", 0));
  EXPECT_TRUE(json_nesting_within("1", 0));
  EXPECT_FALSE(json_nesting_within("[]", 0));
  EXPECT_TRUE(json_nesting_within("[]", 1));
  EXPECT_TRUE(json_nesting_within("[[],[],{\"a\":[]}]", 3));
  EXPECT_FALSE(json_nesting_within("[[],[],{\"a\":[[]]}]", 3));
  EXPECT_TRUE(json_nesting_within("[]]]]]]][]", 1));  // stray closers do not go below 0
  EXPECT_TRUE(json_nesting_within(R"(["[[[[", "\\", "\"[[["])", 1));
  // An unterminated string hides what follows it; the parser refuses it anyway.
  EXPECT_TRUE(json_nesting_within("[\"[[[[", 1));
}

}  // namespace
}  // namespace helmarr::api
