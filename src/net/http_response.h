#pragma once
// What came back: any status is a response (the service client decides what
// a 404 means); transport failures are Result errors (net/fetch_error.h).
#include <string>
#include <string_view>
#include <vector>

#include "net/http_request.h"

namespace helmarr::net {

// Seconds from the start of the transfer, as curl measured them.
struct Timings {
  double name_lookup = 0;
  double connect = 0;
  double tls = 0;  // TLS handshake done (0 for plain http)
  double first_byte = 0;
  double total = 0;
  int redirects = 0;
};

struct HttpResponse {
  int status = 0;
  Headers headers;  // of the final response, in arrival order
  std::string body;
  std::string effective_url;  // after redirects
  Timings timings;

  // The first value of a header, by case-insensitive name; empty when absent.
  std::string_view header(std::string_view name) const;
  // Every value of a header (Set-Cookie comes many times).
  std::vector<std::string_view> header_values(std::string_view name) const;
  bool ok() const { return status >= 200 && status < 300; }
};

}  // namespace helmarr::net
