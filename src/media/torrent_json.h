#pragma once
// One torrent as JSON, the NDJSON line `helmarr classify` reads:
// {"name": "...", "size": bytes, "files": [{"path": "...", "size": bytes}]}.
// Untrusted input: checked here, errors name the field.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "media/classifier.h"

namespace helmarr::media {

class TorrentJson {
 public:
  // Errors: "not valid JSON", "JSON nesting deeper than 64 levels", "must be
  // a JSON object", "\"name\" must be a string", "files[3].size must be ...".
  static Result<TorrentJson> parse(std::string_view line);

  // Views into this object: valid while it lives (moving it keeps them valid,
  // nlohmann keeps strings on the heap).
  TorrentDescription description() const { return {name_, size_, files_}; }

 private:
  nlohmann::json object_;  // owns the name and paths the views point at
  std::string_view name_;
  std::optional<std::uint64_t> size_;
  std::vector<TorrentFileEntry> files_;
};

}  // namespace helmarr::media
