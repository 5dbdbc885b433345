#include "media/release.h"

#include <charconv>

namespace helmarr::media {
namespace {

// Names are arbitrary bytes; nlohmann's dump() throws on invalid UTF-8, so
// invalid sequences become U+FFFD here.
std::string valid_utf8(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 2) ok = c >= 0xC2;
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

nlohmann::json str_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(valid_utf8(s));
}

// --- append_json: hand-written serialiser matching nlohmann's dump() --------

// Length of the well-formed UTF-8 sequence starting at s[i] (its lead byte is
// >= 0x80), or 0 when it is not well-formed; the same rules as valid_utf8.
// When `consumed` is given it receives the length of the maximal prefix of a
// well-formed sequence (at least 1), which is what nlohmann's decoder skips.
std::size_t utf8_seq(std::string_view s, std::size_t i, std::size_t* consumed) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 2 && c < 0xC2) len = 0;
  if (len == 4 && c > 0xF4) len = 0;
  if (consumed) *consumed = 1;
  if (len == 0) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= s.size()) return 0;
    auto b = static_cast<unsigned char>(s[i + k]);
    unsigned char lo = 0x80, hi = 0xBF;
    if (k == 1) {
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    if (b < lo || b > hi) return 0;
    if (consumed) *consumed = k + 1;
  }
  return len;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Appends s as a JSON string. Invalid UTF-8 becomes U+FFFD: with
// `nlohmann_replace` false one per invalid byte (valid_utf8's rule, used for
// the fields to_json sanitises); with it true one per maximal invalid prefix
// (nlohmann's error_handler_t::replace, for fields to_json passes raw).
void append_string(std::string_view s, std::string& out, bool nlohmann_replace) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0, run = 0;  // s[run, i) is pending plain output
  auto flush = [&] {
    out.append(s.data() + run, i - run);
  };
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      std::size_t consumed = 1;
      std::size_t len = utf8_seq(s, i, nlohmann_replace ? &consumed : nullptr);
      if (len) {
        i += len;
        continue;
      }
      flush();
      out += kReplacement;
      i += consumed;
      run = i;
      continue;
    }
    flush();
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
    }
    ++i;
    run = i;
  }
  flush();
  out += '"';
}

void append_int(int v, std::string& out) {
  char buf[16];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

void append_opt_int(const std::optional<int>& v, std::string& out) {
  if (v) append_int(*v, out);
  else out += "null";
}

void append_bool(bool b, std::string& out) { out += b ? "true" : "false"; }

void append_ints(const std::vector<int>& v, std::string& out) {
  out += '[';
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (k) out += ',';
    append_int(v[k], out);
  }
  out += ']';
}

void append_strings(const std::vector<std::string>& v, std::string& out) {
  out += '[';
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (k) out += ',';
    append_string(v[k], out, true);
  }
  out += ']';
}

void append_str_or_null(const std::string& s, std::string& out) {
  if (s.empty()) out += "null";
  else append_string(s, out, false);
}

}  // namespace

std::string_view to_string(ReleaseKind k) {
  switch (k) {
    case ReleaseKind::tv: return "tv";
    case ReleaseKind::movie: return "movie";
    case ReleaseKind::unknown: break;
  }
  return "unknown";
}

nlohmann::json to_json(const ParsedRelease& r) {
  // nlohmann sorts object keys, so the order here does not change the output.
  nlohmann::json j = {
      {"title", valid_utf8(r.title)},
      {"year", r.year ? nlohmann::json(*r.year) : nlohmann::json(nullptr)},
      {"kind", to_string(r.kind)},
      {"season", r.season ? nlohmann::json(*r.season) : nlohmann::json(nullptr)},
      {"seasons", r.seasons},
      {"episodes", r.episodes},
      {"absolute_episodes", r.absolute_episodes},
      {"full_season", r.full_season},
      {"quality", r.quality},
      {"proper", r.proper},
      {"repack", r.repack},
      {"version", r.version},
      {"hdr", r.hdr},
      {"languages", r.languages},
      {"multi", r.multi},
  };
  // The text fields that are null when the parser found nothing.
  const std::pair<const char*, const std::string*> optional_text[] = {
      {"air_date", &r.air_date}, {"resolution", &r.resolution}, {"source", &r.source}, {"codec", &r.codec},
      {"audio", &r.audio},       {"group", &r.group},           {"edition", &r.edition}, {"hash", &r.hash}};
  for (const auto& [key, value] : optional_text) j[key] = str_or_null(*value);
  return j;
}

void append_json(const ParsedRelease& r, std::string& out) {
  // Keys in std::map (sorted) order, as nlohmann's object_t stores them.
  out += "{\"absolute_episodes\":"; append_ints(r.absolute_episodes, out);
  out += ",\"air_date\":"; append_str_or_null(r.air_date, out);
  out += ",\"audio\":"; append_str_or_null(r.audio, out);
  out += ",\"codec\":"; append_str_or_null(r.codec, out);
  out += ",\"edition\":"; append_str_or_null(r.edition, out);
  out += ",\"episodes\":"; append_ints(r.episodes, out);
  out += ",\"full_season\":"; append_bool(r.full_season, out);
  out += ",\"group\":"; append_str_or_null(r.group, out);
  out += ",\"hash\":"; append_str_or_null(r.hash, out);
  out += ",\"hdr\":"; append_strings(r.hdr, out);
  out += ",\"kind\":"; append_string(to_string(r.kind), out, true);
  out += ",\"languages\":"; append_strings(r.languages, out);
  out += ",\"multi\":"; append_bool(r.multi, out);
  out += ",\"proper\":"; append_bool(r.proper, out);
  out += ",\"quality\":"; append_string(r.quality, out, true);
  out += ",\"repack\":"; append_bool(r.repack, out);
  out += ",\"resolution\":"; append_str_or_null(r.resolution, out);
  out += ",\"season\":"; append_opt_int(r.season, out);
  out += ",\"seasons\":"; append_ints(r.seasons, out);
  out += ",\"source\":"; append_str_or_null(r.source, out);
  out += ",\"title\":"; append_string(r.title, out, false);
  out += ",\"version\":"; append_int(r.version, out);
  out += ",\"year\":"; append_opt_int(r.year, out);
  out += '}';
}

}  // namespace helmarr::media
