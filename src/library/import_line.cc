#include "library/import_line.h"

#include <simdjson.h>

#include <fmt/format.h>

#include "core/clock.h"

namespace helmarr::library {
namespace {

namespace dom = simdjson::dom;

tl::unexpected<Error> bad(std::string message) { return fail(ErrorCode::invalid_request, std::move(message)); }

std::string content_type_words() {
  std::string out;
  for (auto n : media::kContentTypeNames) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// A JSON number that is a non-negative integer (1e3 is a double to simdjson;
// a size must be exact).
Result<std::uint64_t> unsigned_field(dom::element v, std::string_view field) {
  std::uint64_t n = 0;
  if (v.get_uint64().get(n) != simdjson::SUCCESS) {
    return bad(fmt::format("{} must be a non-negative integer", field));
  }
  return n;
}

Result<std::optional<std::int64_t>> count_field(dom::element v, std::string_view field) {
  if (v.is_null()) return std::optional<std::int64_t>();
  auto n = unsigned_field(v, field);
  if (!n) return tl::unexpected(n.error());
  if (*n > static_cast<std::uint64_t>(INT64_MAX)) return bad(fmt::format("{} is too large", field));
  return std::optional<std::int64_t>(static_cast<std::int64_t>(*n));
}

Result<std::string_view> string_field(dom::element v, std::string_view field) {
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) return bad(fmt::format("{} must be a string", field));
  return s;
}

Result<std::vector<TorrentFile>> files_field(dom::element v) {
  dom::array array;
  if (v.get_array().get(array) != simdjson::SUCCESS) return bad("files must be an array");
  if (array.size() > kMaxFilesPerRecord) return bad(fmt::format("files has more than {} entries", kMaxFilesPerRecord));
  std::vector<TorrentFile> files;
  files.reserve(array.size());
  std::size_t i = 0;
  for (dom::element element : array) {
    dom::object file;
    if (element.get_object().get(file) != simdjson::SUCCESS) return bad(fmt::format("files[{}] must be an object", i));
    TorrentFile f;
    bool has_path = false;
    for (auto [key, value] : file) {
      if (key == "path") {
        auto s = string_field(value, fmt::format("files[{}].path", i));
        if (!s) return tl::unexpected(s.error());
        f.path = std::string(*s);
        has_path = true;
      } else if (key == "size") {
        auto n = unsigned_field(value, fmt::format("files[{}].size", i));
        if (!n) return tl::unexpected(n.error());
        f.size = *n;
      }
    }
    if (!has_path || f.path.empty()) return bad(fmt::format("files[{}].path is required", i));
    files.push_back(std::move(f));
    ++i;
  }
  return files;
}

}  // namespace

struct ImportLineParser::State {
  dom::parser parser;  // simdjson picks the CPU's fastest kernel at run time
  std::string buffer;  // the line with simdjson's padding after it
};

ImportLineParser::ImportLineParser() : state_(std::make_unique<State>()) {}
ImportLineParser::~ImportLineParser() = default;

Result<ImportRecord> ImportLineParser::parse(std::string_view line, std::string_view default_source) {
  if (line.size() > kMaxImportLineBytes) return bad(fmt::format("line longer than {} bytes", kMaxImportLineBytes));
  auto& st = *state_;
  st.buffer.assign(line);
  st.buffer.resize(line.size() + simdjson::SIMDJSON_PADDING);
  dom::element doc;
  if (st.parser.parse(st.buffer.data(), line.size(), false).get(doc) != simdjson::SUCCESS) {
    return bad("not valid JSON");
  }
  dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) return bad("must be a JSON object");

  ImportRecord r;
  bool has_hash = false;
  bool has_name = false;
  {
    for (auto [key, value] : object) {
      if (key == "infoHash") {
        auto s = string_field(value, "infoHash");
        if (!s) return tl::unexpected(s.error());
        auto h = torrent::parse_info_hash_hex(*s);
        if (!h) return bad(fmt::format("infoHash: {}", h.error().message));
        r.info_hash = *h;
        has_hash = true;
      } else if (key == "name") {
        auto s = string_field(value, "name");
        if (!s) return tl::unexpected(s.error());
        if (s->size() > kMaxNameBytes) return bad(fmt::format("name longer than {} bytes", kMaxNameBytes));
        r.name = std::string(*s);
        has_name = !r.name.empty();
      } else if (key == "size") {
        auto n = unsigned_field(value, "size");
        if (!n) return tl::unexpected(n.error());
        r.size = *n;
      } else if (key == "publishedAt") {
        if (value.is_null()) continue;
        auto s = string_field(value, "publishedAt");
        if (!s) return tl::unexpected(s.error());
        auto t = parse_rfc3339(*s);
        if (!t) return bad("publishedAt must be an RFC 3339 timestamp");
        r.published_at = *t;
      } else if (key == "source") {
        auto s = string_field(value, "source");
        if (!s) return tl::unexpected(s.error());
        if (s->size() > 64) return bad("source longer than 64 bytes");
        r.source = std::string(*s);
      } else if (key == "contentType") {
        if (value.is_null()) continue;
        auto s = string_field(value, "contentType");
        if (!s) return tl::unexpected(s.error());
        if (s->empty()) continue;
        auto t = media::parse_content_type(*s);
        if (!t) return bad(fmt::format("contentType '{}' is not one of {}", *s, content_type_words()));
        r.content_type = *t;
      } else if (key == "files") {
        if (value.is_null()) continue;
        auto files = files_field(value);
        if (!files) return tl::unexpected(files.error());
        r.files = std::move(*files);
      } else if (key == "seeders") {
        auto n = count_field(value, "seeders");
        if (!n) return tl::unexpected(n.error());
        r.seeders = *n;
      } else if (key == "leechers") {
        auto n = count_field(value, "leechers");
        if (!n) return tl::unexpected(n.error());
        r.leechers = *n;
      }
      // Other fields (bitmagnet's contentSource, contentId, ...) are ignored.
    }
  }
  if (!has_hash) return bad("infoHash is required");
  if (!has_name) return bad("name is required");
  if (r.source.empty()) r.source = std::string(default_source);
  // Sources are words: a source names a set member, so no commas.
  for (char& c : r.source) {
    if (c == ',') c = ' ';
  }
  return r;
}

}  // namespace helmarr::library
