#include "net/fetch_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace helmarr::net {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RedactUrl, HidesUserinfoAndSecretQueryValues) {
  EXPECT_EQ(redact_url("http://admin:pw@host:8080/p?a=1"), "http://***@host:8080/p?a=1");
  EXPECT_EQ(redact_url("http://host/api?mode=queue&apikey=K&output=json"),
            "http://host/api?mode=queue&apikey=***&output=json");
  EXPECT_EQ(redact_url("https://plex/lib?X-Plex-Token=T#frag"), "https://plex/lib?X-Plex-Token=***#frag");
  EXPECT_EQ(redact_url("http://h/?api_key=1&access_token=2&password=3&Session=4"),
            "http://h/?api_key=***&access_token=***&password=***&Session=***");
  EXPECT_EQ(redact_url("http://h/path/with@sign?q=1"), "http://h/path/with@sign?q=1");
  EXPECT_EQ(redact_url("http://h/?apikey"), "http://h/?apikey");
  EXPECT_EQ(redact_url("not a url"), "not a url");
  EXPECT_EQ(redact_url(""), "");
}

TEST(ScrubSecrets, RemovesEverySecretOfTheUrlFromText) {
  const std::string url = "http://bob:letmein@h/x?token=abcdef&q=visible";
  EXPECT_EQ(scrub_secrets("failed for bob with letmein at /x?token=abcdef&q=visible", url),
            "failed for *** with *** at /x?token=***&q=visible");
  EXPECT_EQ(scrub_secrets("nothing here", "http://h/"), "nothing here");
}

TEST(FetchError, CarriesKindUpstreamAndARedactedUrl) {
  const Error e = fetch_error(kind::timeout, "tmdb", "GET", "https://api/3/movie?api_key=SECRET", "timed out");
  EXPECT_EQ(e.code, ErrorCode::unavailable);
  EXPECT_EQ(kind_of(e), "timeout");
  EXPECT_EQ(e.details["upstream"], "tmdb");
  EXPECT_EQ(e.details["url"], "https://api/3/movie?api_key=***");
  EXPECT_EQ(e.message, "tmdb: GET https://api/3/movie?api_key=***: timed out");
  EXPECT_THAT(e.message + e.details.dump(), Not(HasSubstr("SECRET")));
  EXPECT_EQ(fetch_error(kind::invalid_request, "x", "GET", "u", "bad").code, ErrorCode::invalid_request);
  EXPECT_EQ(kind_of(Error{}), "");
}

}  // namespace
}  // namespace helmarr::net
