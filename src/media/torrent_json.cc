#include "media/torrent_json.h"

#include <fmt/format.h>

#include "core/json_depth.h"

namespace helmarr::media {

namespace {

std::optional<std::uint64_t> non_negative(const nlohmann::json& j) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer() && j.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(j.get<std::int64_t>());
  return std::nullopt;
}

}  // namespace

Result<TorrentJson> TorrentJson::parse(std::string_view line) {
  auto bad = [](std::string m) { return fail(ErrorCode::invalid_request, std::move(m)); };
  auto parsed = parse_untrusted_json(line);
  if (!parsed) return tl::unexpected(parsed.error());
  TorrentJson t;
  t.object_ = std::move(*parsed);
  const auto& j = t.object_;
  if (!j.is_object()) return bad("must be a JSON object");
  auto name = j.find("name");
  if (name == j.end() || !name->is_string()) return bad("\"name\" must be a string");
  t.name_ = name->get_ref<const std::string&>();
  if (auto s = j.find("size"); s != j.end() && !s->is_null()) {
    t.size_ = non_negative(*s);
    if (!t.size_) return bad("\"size\" must be a non-negative integer (bytes)");
  }
  if (auto f = j.find("files"); f != j.end() && !f->is_null()) {
    if (!f->is_array()) return bad("\"files\" must be an array of {\"path\", \"size\"}");
    t.files_.reserve(f->size());
    for (std::size_t i = 0; i < f->size(); ++i) {
      const auto& e = (*f)[i];
      auto path = e.is_object() ? e.find("path") : e.end();
      if (!e.is_object() || path == e.end() || !path->is_string())
        return bad(fmt::format("files[{}].path must be a string", i));
      TorrentFileEntry entry{path->get_ref<const std::string&>(), std::nullopt};
      if (auto s = e.find("size"); s != e.end() && !s->is_null()) {
        entry.size = non_negative(*s);
        if (!entry.size) return bad(fmt::format("files[{}].size must be a non-negative integer (bytes)", i));
      }
      t.files_.push_back(entry);
    }
  }
  return t;
}

}  // namespace helmarr::media
