#include "net/http_request.h"

#include <algorithm>

#include "core/crypto.h"

namespace helmarr::net {

namespace {

// The bytes the WHATWG urlencoded serializer leaves as they are.
bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '*';
}

// A quoted Content-Disposition parameter as browsers write it: a quote or a
// line break inside would end the parameter or the header early.
std::string disposition_quote(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += "%22";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string without_line_breaks(std::string_view text) {
  std::string out;
  std::copy_if(text.begin(), text.end(), std::back_inserter(out), [](char c) { return c != '\r' && c != '\n'; });
  return out;
}

bool any_part_contains(const std::vector<MultipartPart>& parts, std::string_view needle) {
  return std::any_of(parts.begin(), parts.end(), [&](const MultipartPart& p) {
    return p.data.find(needle) != std::string::npos || p.name.find(needle) != std::string::npos ||
           p.filename.find(needle) != std::string::npos;
  });
}

void set_header(Headers& headers, std::string name, std::string value) {
  std::erase_if(headers, [&](const auto& h) { return iequals(h.first, name); });
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

HttpRequest HttpRequest::get(std::string url) {
  HttpRequest r;
  r.url = std::move(url);
  return r;
}

HttpRequest HttpRequest::post(std::string url) {
  HttpRequest r;
  r.method = "POST";
  r.url = std::move(url);
  return r;
}

HttpRequest& HttpRequest::header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

HttpRequest& HttpRequest::form(const std::vector<std::pair<std::string, std::string>>& fields) {
  body = form_encode(fields);
  set_header(headers, "Content-Type", "application/x-www-form-urlencoded");
  return *this;
}

HttpRequest& HttpRequest::multipart(const std::vector<MultipartPart>& parts) {
  std::string boundary;
  do {
    boundary = "----helmarr" + random_hex(12);
  } while (any_part_contains(parts, boundary));
  body = multipart_body(parts, boundary);
  set_header(headers, "Content-Type", "multipart/form-data; boundary=" + boundary);
  return *this;
}

HttpRequest& HttpRequest::json(const nlohmann::json& value) {
  // replace: invalid UTF-8 in a string must not throw out of a request builder.
  body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  set_header(headers, "Content-Type", "application/json");
  return *this;
}

std::string_view HttpRequest::header_value(std::string_view name) const {
  return find_header(headers, name);
}

std::string_view find_header(const Headers& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return v;
  }
  return {};
}

std::string form_escape(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out.push_back('&');
    out += form_escape(name);
    out.push_back('=');
    out += form_escape(value);
  }
  return out;
}

std::string multipart_body(const std::vector<MultipartPart>& parts, std::string_view boundary) {
  std::string out;
  for (const auto& p : parts) {
    out.append("--").append(boundary).append("\r\n");
    out.append("Content-Disposition: form-data; name=\"").append(disposition_quote(p.name)).append("\"");
    if (!p.filename.empty()) out.append("; filename=\"").append(disposition_quote(p.filename)).append("\"");
    out.append("\r\n");
    if (!p.content_type.empty())
      out.append("Content-Type: ").append(without_line_breaks(p.content_type)).append("\r\n");
    out.append("\r\n").append(p.data).append("\r\n");
  }
  out.append("--").append(boundary).append("--\r\n");
  return out;
}

}  // namespace helmarr::net
