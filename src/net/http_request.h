#pragma once
// What a service client asks of an upstream. Plain data: the fake in tests
// records it as is, and the curl engine turns it into a transfer.
#include <chrono>
#include <cstddef>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace helmarr::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

// One part of a multipart/form-data body (qBittorrent's torrents/add).
struct MultipartPart {
  std::string name;
  std::string filename;      // empty: a plain field, no filename parameter
  std::string content_type;  // empty: none sent (a plain field)
  std::string data;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // http:// or https:// only
  Headers headers;
  std::string body;

  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds total_timeout{std::chrono::seconds(30)};
  // A response body over this is an error, never an allocation.
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  // 0: a 3xx is returned as the response; n > 0: followed up to n times.
  int max_redirects = 5;
  // A redirect to another host is refused unless allowed: libcurl would send
  // this request's headers (an X-Api-Key, say) to that host too.
  bool redirect_to_other_hosts = false;
  bool verify_tls = true;
  // Cancels the request: it ends promptly with the error kind "cancelled".
  std::stop_token stop;

  static HttpRequest get(std::string url);
  static HttpRequest post(std::string url);

  HttpRequest& header(std::string name, std::string value);
  // application/x-www-form-urlencoded body of the fields, in order.
  HttpRequest& form(const std::vector<std::pair<std::string, std::string>>& fields);
  // multipart/form-data body with a random boundary that none of the parts contains.
  HttpRequest& multipart(const std::vector<MultipartPart>& parts);
  HttpRequest& json(const nlohmann::json& value);

  // The first value of a header, by case-insensitive name; empty when absent.
  std::string_view header_value(std::string_view name) const;
};

// Percent-encoding of a form field name or value (WHATWG): alphanumerics and *-._ stay,
// space becomes '+', everything else %XX.
std::string form_escape(std::string_view text);
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
// The multipart body for a given boundary (the caller makes it unique).
std::string multipart_body(const std::vector<MultipartPart>& parts, std::string_view boundary);

bool iequals(std::string_view a, std::string_view b);
// The first value of a header by case-insensitive name; empty when absent.
std::string_view find_header(const Headers& headers, std::string_view name);

}  // namespace helmarr::net
