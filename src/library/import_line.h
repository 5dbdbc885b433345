#pragma once
// One NDJSON line of an import, in the shape bitmagnet's /import takes:
// {"infoHash", "name", "size", "publishedAt", "source", "contentType",
//  "files": [{"path", "size"}], "seeders", "leechers"}. Untrusted: every field
// is checked and an error names the field; unknown fields are ignored.
#include <memory>
#include <string_view>

#include "core/result.h"
#include "library/library.h"

namespace helmarr::library {

inline constexpr std::size_t kMaxImportLineBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxNameBytes = 4096;
inline constexpr std::size_t kMaxFilesPerRecord = 100000;

// Reusable parser state (simdjson's buffers): one per thread.
class ImportLineParser {
 public:
  ImportLineParser();
  ~ImportLineParser();
  ImportLineParser(const ImportLineParser&) = delete;
  ImportLineParser& operator=(const ImportLineParser&) = delete;

  // default_source: the record's source when the line names none.
  // Errors (invalid_request): "not valid JSON", "infoHash must be 40 or 64
  // hex digits", "name is required", "size must be a non-negative integer",
  // "publishedAt must be an RFC 3339 timestamp", "files[2].path must be a
  // string", "contentType 'films' is not one of movie, tv_show, ...".
  Result<ImportRecord> parse(std::string_view line, std::string_view default_source);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace helmarr::library
