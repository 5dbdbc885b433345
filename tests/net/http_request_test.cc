#include "net/http_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "net/http_response.h"

namespace helmarr::net {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(HttpRequest, FormEscapesAsBrowsersDo) {
  EXPECT_EQ(form_escape("AZaz09-._*"), "AZaz09-._*");
  EXPECT_EQ(form_escape("a b"), "a+b");
  EXPECT_EQ(form_escape("&=+%/?#~\n"), "%26%3D%2B%25%2F%3F%23%7E%0A");
  EXPECT_EQ(form_escape("\xc3\xa9"), "%C3%A9");
  EXPECT_EQ(form_encode({{"hashes", "a|b"}, {"deleteFiles", "false"}}), "hashes=a%7Cb&deleteFiles=false");
  EXPECT_EQ(form_encode({}), "");
}

TEST(HttpRequest, FormReplacesAnEarlierContentType) {
  auto r = HttpRequest::post("http://x/").header("content-type", "text/plain").form({{"a", "1"}});
  EXPECT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.header_value("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(r.body, "a=1");
}

TEST(HttpRequest, MultipartQuotesNamesAndKeepsDataAsIs) {
  const std::string body = multipart_body(
      {{.name = "a\"b", .filename = "x\r\ny.torrent", .content_type = "a/b\r\nX: y", .data = std::string("\0\1", 2)},
       {.name = "plain", .data = "v"}},
      "BOUND");
  EXPECT_EQ(body,
            std::string("--BOUND\r\nContent-Disposition: form-data; name=\"a%22b\"; filename=\"x%0D%0Ay.torrent\"\r\n"
                        "Content-Type: a/bX: y\r\n\r\n") +
                std::string("\0\1", 2) +
                "\r\n--BOUND\r\nContent-Disposition: form-data; name=\"plain\"\r\n\r\nv\r\n--BOUND--\r\n");
}

TEST(HttpRequest, MultipartBoundaryIsInTheContentTypeAndNotInTheData) {
  auto r = HttpRequest::post("http://x/").multipart({{.name = "f", .data = "----helmarr"}});
  const std::string type(r.header_value("Content-Type"));
  ASSERT_THAT(type, StartsWith("multipart/form-data; boundary=----helmarr"));
  const std::string boundary = type.substr(type.find('=') + 1);
  EXPECT_GT(boundary.size(), std::string("----helmarr").size());
  EXPECT_THAT(r.body, StartsWith("--" + boundary + "\r\n"));
  EXPECT_THAT(r.body, HasSubstr("\r\n--" + boundary + "--\r\n"));
}

TEST(HttpRequest, JsonBodyNeverThrowsOnBadUtf8) {
  auto r = HttpRequest::post("http://x/").json({{"name", std::string("bad\xff")}});
  EXPECT_EQ(r.header_value("Content-Type"), "application/json");
  EXPECT_THAT(r.body, StartsWith("{\"name\":\"bad"));
}

TEST(HttpResponse, HeaderLookupIgnoresCaseAndKeepsRepeats) {
  HttpResponse r;
  r.headers = {{"Set-Cookie", "a=1"}, {"content-type", "text/plain"}, {"SET-COOKIE", "b=2"}};
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.header("set-cookie"), "a=1");
  EXPECT_THAT(r.header_values("Set-Cookie"), ::testing::ElementsAre("a=1", "b=2"));
  EXPECT_TRUE(r.header_values("X").empty());
}

}  // namespace
}  // namespace helmarr::net
