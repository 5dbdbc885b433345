#include "library/importer.h"

namespace helmarr::library {

nlohmann::json to_json(const ImportSummary& s) {
  auto rejections = nlohmann::json::array();
  for (const auto& r : s.rejections) {
    nlohmann::json one = {{"reason", r.reason}};
    if (r.line > 0) one["line"] = r.line;
    if (!r.file.empty()) one["file"] = r.file;
    rejections.push_back(std::move(one));
  }
  return {{"imported", s.imported},
          {"updated", s.updated},
          {"rejected", s.rejected},
          {"rejections", std::move(rejections)},
          {"rejections_truncated", static_cast<std::int64_t>(s.rejections.size()) < s.rejected}};
}

Importer::Importer(Library& library, ImporterOptions options) : library_(library), options_(std::move(options)) {
  pending_.reserve(options_.batch_size);
}

Result<void> Importer::add_line(std::string_view line, std::int64_t number) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return {};
  auto record = parser_.parse(line, options_.default_source);
  if (!record) {
    reject({.line = number, .reason = record.error().message});
    return {};
  }
  return add_record(std::move(*record));
}

Result<void> Importer::add_record(ImportRecord record) {
  pending_.push_back(std::move(record));
  if (pending_.size() >= options_.batch_size) return flush();
  return {};
}

void Importer::reject(ImportRejection rejection) {
  ++summary_.rejected;
  if (rejection.file.empty()) rejection.file = input_;
  if (summary_.rejections.size() < kMaxListedRejections) summary_.rejections.push_back(std::move(rejection));
}

Result<void> Importer::flush() {
  if (pending_.empty()) return {};
  auto written = library_.upsert(pending_);
  pending_.clear();
  if (!written) return tl::unexpected(written.error());
  summary_.imported += written->imported;
  summary_.updated += written->updated;
  return {};
}

}  // namespace helmarr::library
