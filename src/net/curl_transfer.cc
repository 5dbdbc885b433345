#include "net/curl_transfer.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

#include "net/fetch_error.h"

namespace helmarr::net::detail {

namespace {

// Headers of one response are bounded too: a server that sends headers
// forever must not grow memory without bound.
constexpr std::size_t max_header_bytes = 256 * 1024;
constexpr int max_redirects_allowed = 50;

bool token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), token_char);
}

bool has_control(std::string_view s, bool allow_tab) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && !(allow_tab && c == '\t')) || u == 0x7f;
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

double seconds(CURL* easy, CURLINFO info) {
  curl_off_t us = 0;
  curl_easy_getinfo(easy, info, &us);
  return static_cast<double>(us) / 1e6;
}

std::string_view kind_of_code(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return kind::dns;
    case CURLE_COULDNT_CONNECT:
      return kind::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return kind::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      return kind::tls;
    case CURLE_FILESIZE_EXCEEDED:
      return kind::too_large;
    case CURLE_TOO_MANY_REDIRECTS:
    // The first URL was checked to be http(s), so an unsupported protocol
    // can only come from a Location header.
    case CURLE_UNSUPPORTED_PROTOCOL:
      return kind::redirect;
    case CURLE_URL_MALFORMAT:
      return kind::invalid_request;
    case CURLE_ABORTED_BY_CALLBACK:
      return kind::cancelled;
    default:
      return kind::protocol;
  }
}

struct ParsedUrl {
  bool ok = false;
  std::string scheme;
  std::string host;
};

// url resolved against base (absolute or null), as curl itself would.
ParsedUrl parse_url(const std::string& url, const char* base = nullptr) {
  ParsedUrl p;
  CURLU* u = curl_url();
  if (!u) return p;
  char* scheme = nullptr;
  char* host = nullptr;
  p.ok = (!base || curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK) &&
         curl_url_set(u, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
         curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
         curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host;
  if (p.ok) {
    p.scheme = scheme;
    p.host = host;
  }
  curl_free(scheme);
  curl_free(host);
  curl_url_cleanup(u);
  return p;
}

}  // namespace

CookieJar::CookieJar() : share_(curl_share_init()) {
  if (!share_) throw std::runtime_error("curl_share_init failed");
  curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CookieJar::lock);
  curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CookieJar::unlock);
  curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
}

CookieJar::~CookieJar() {
  curl_share_cleanup(share_);
}

// Only the engine thread touches a jar while it has transfers, but curl asks
// for locking on every share; a mutex makes any other use safe too.
void CookieJar::lock(CURL*, curl_lock_data, curl_lock_access, void* self) {
  static_cast<CookieJar*>(self)->mu_.lock();
}
void CookieJar::unlock(CURL*, curl_lock_data, void* self) {
  static_cast<CookieJar*>(self)->mu_.unlock();
}

void Session::observe(int status, std::string_view error_kind, double seconds) const {
  if (options.observer) options.observer->on_fetch(options.upstream, status, error_kind, seconds);
}

std::optional<Error> validate(const HttpRequest& r, std::string_view upstream) {
  auto refuse = [&](std::string_view what) {
    return fetch_error(kind::invalid_request, upstream, r.method, r.url, what);
  };
  if (!is_token(r.method)) return refuse("the method is not an HTTP token");
  if (r.url.empty() || has_control(r.url, false) || r.url.find(' ') != std::string::npos) {
    return refuse("the URL is empty or has spaces or control characters");
  }
  const ParsedUrl url = parse_url(r.url);
  if (!url.ok) return refuse("the URL does not parse or has no host");
  if (url.scheme != "http" && url.scheme != "https") return refuse("only http and https URLs are fetched");
  for (const auto& [name, value] : r.headers) {
    if (!is_token(name)) return refuse(fmt::format("header name '{}' is not an HTTP token", name));
    if (has_control(value, true)) return refuse(fmt::format("header {} has a control character", name));
  }
  if (r.connect_timeout.count() <= 0 || r.total_timeout.count() <= 0) return refuse("timeouts must be positive");
  if (r.max_response_bytes == 0) return refuse("max_response_bytes must be positive");
  if (r.max_redirects < 0 || r.max_redirects > max_redirects_allowed) {
    return refuse(fmt::format("max_redirects must be within 0..{}", max_redirects_allowed));
  }
  return std::nullopt;
}

Transfer::Transfer(HttpRequest request, std::shared_ptr<const Session> session, Done done)
    : request_(std::move(request)), session_(std::move(session)), done_(std::move(done)) {}

Transfer::~Transfer() {
  // The stop callback goes first: it may be running on another thread, and
  // its destructor waits for it.
  stop_.reset();
  if (easy_) curl_easy_cleanup(easy_);
  curl_slist_free_all(headers_);
}

bool Transfer::prepare() {
  easy_ = curl_easy_init();
  if (!easy_) return false;
  const auto& r = request_;
  CURL* e = easy_;
  curl_easy_setopt(e, CURLOPT_PRIVATE, this);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf_);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  original_host_ = parse_url(r.url).host;
  // http(s) only, for the first URL and for every redirect: no file://,
  // gopher:// or smb:// from a Location header.
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, r.max_redirects > 0 ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(r.max_redirects));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.total_timeout.count()));
  // A Content-Length over the bound is refused before any body arrives; the
  // write callback catches the rest (chunked, close-delimited, compressed).
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_response_bytes));
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, r.verify_tls ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, r.verify_tls ? 2L : 0L);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // what this libcurl can decode
  curl_easy_setopt(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, session_->options.user_agent.c_str());
  // The client's own jar; "" turns the cookie engine on without a file.
  curl_easy_setopt(e, CURLOPT_SHARE, session_->cookies.handle());
  curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
  // No proxy option is set: libcurl then reads http_proxy, https_proxy,
  // all_proxy and no_proxy from the environment, as an operator expects.

  if (r.method == "GET" && r.body.empty()) {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else if (r.method == "HEAD") {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  } else {
    if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (r.method == "POST" || !r.body.empty()) {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
    }
  }

  for (const auto& [name, value] : r.headers) {
    // "Name;" is curl's way to send a header with an empty value.
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    headers_ = curl_slist_append(headers_, line.c_str());
  }
  // No "Expect: 100-continue" wait before a large body: upstreams answer at once.
  headers_ = curl_slist_append(headers_, "Expect:");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_);
  return true;
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t len = size * n;
  if (len > t->request_.max_response_bytes - t->response_.body.size()) {
    t->too_large_ = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response_.body.append(data, len);
  return len;
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::size_t len = size * n;
  t->header_bytes_ += len;
  if (t->header_bytes_ > max_header_bytes) {
    t->too_large_ = true;
    return 0;
  }
  const std::string_view line(data, len);
  if (line.starts_with("HTTP/")) {
    // A new response (after a redirect or a 100 Continue): only the last one's headers count.
    t->response_.headers.clear();
    t->header_bytes_ = len;
    const auto sp = line.find(' ');
    t->status_ = sp == std::string_view::npos ? 0 : std::atoi(std::string(line.substr(sp + 1, 3)).c_str());
    return len;
  }
  if (trim(line).empty()) {  // end of this response's headers
    t->refused_host_ = t->refused_redirect_host();
    return t->refused_host_.empty() ? len : 0;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    t->response_.headers.emplace_back(std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
  }
  return len;
}

std::string Transfer::refused_redirect_host() const {
  if (request_.redirect_to_other_hosts || request_.max_redirects == 0 || status_ < 300 || status_ > 399) return {};
  const auto location = find_header(response_.headers, "Location");
  if (location.empty()) return {};
  char* current = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &current);
  const ParsedUrl target = parse_url(std::string(location), current);
  // One that does not parse, or names another scheme, is curl's to refuse.
  if (!target.ok || iequals(target.host, original_host_)) return {};
  return target.host;
}

double Transfer::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

Result<HttpResponse> Transfer::outcome(CURLcode code) {
  const auto& o = session_->options;
  const std::string detail = errbuf_[0] ? std::string(errbuf_) : std::string(curl_easy_strerror(code));
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    return tl::unexpected(fetch_error(kind::too_large, o.upstream, request_.method, request_.url,
                                      fmt::format("response larger than {} bytes", request_.max_response_bytes)));
  }
  if (!refused_host_.empty()) {
    return tl::unexpected(fetch_error(kind::redirect, o.upstream, request_.method, request_.url,
                                      fmt::format("redirect to another host ({}) refused", refused_host_)));
  }
  if (code != CURLE_OK) {
    const std::string_view k = kind_of_code(code);
    std::string what;
    if (code == CURLE_TOO_MANY_REDIRECTS) {
      what = fmt::format("more than {} redirects", request_.max_redirects);
    } else if (code == CURLE_UNSUPPORTED_PROTOCOL) {
      what = "redirected to a scheme other than http or https";
    } else {
      what = detail;
    }
    return tl::unexpected(fetch_error(k, o.upstream, request_.method, request_.url, what));
  }
  HttpResponse& r = response_;
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  r.status = static_cast<int>(status);
  char* url = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &url);
  r.effective_url = url ? url : request_.url;
  long redirects = 0;
  curl_easy_getinfo(easy_, CURLINFO_REDIRECT_COUNT, &redirects);
  r.timings = Timings{
      .name_lookup = seconds(easy_, CURLINFO_NAMELOOKUP_TIME_T),
      .connect = seconds(easy_, CURLINFO_CONNECT_TIME_T),
      .tls = seconds(easy_, CURLINFO_APPCONNECT_TIME_T),
      .first_byte = seconds(easy_, CURLINFO_STARTTRANSFER_TIME_T),
      .total = seconds(easy_, CURLINFO_TOTAL_TIME_T),
      .redirects = static_cast<int>(redirects),
  };
  return std::move(r);
}

void Transfer::finish(CURLcode code) {
  complete(outcome(code));
}

void Transfer::finish_with(std::string_view k, std::string_view what) {
  const auto& o = session_->options;
  complete(tl::unexpected(fetch_error(k, o.upstream, request_.method, request_.url, what)));
}

void Transfer::complete(Result<HttpResponse> result) {
  if (result) {
    session_->observe(result->status, "", elapsed());
  } else {
    session_->observe(0, net::kind_of(result.error()), elapsed());
  }
  done_->complete(std::move(result));
}

}  // namespace helmarr::net::detail
