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

Importer::Importer(Library& library, ImporterOptions options)
    : library_(library), options_(std::move(options)), writer_([this] { writer_loop(); }) {
  pending_.reserve(options_.batch_size);
}

Importer::~Importer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();
}

void Importer::writer_loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || in_flight_; });
    if (!in_flight_) return;  // stopping with nothing left to write
    auto batch = std::move(in_flight_->first);
    auto prepared = std::move(in_flight_->second);
    lock.unlock();
    auto written = library_.write(batch, std::move(prepared));
    lock.lock();
    if (written) {
      summary_.imported += written->imported;
      summary_.updated += written->updated;
    } else if (!error_) {
      error_ = written.error();
    }
    in_flight_.reset();
    cv_.notify_all();
  }
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
  ++seen_;
  pending_.push_back(std::move(record));
  if (pending_.size() >= options_.batch_size) return hand_over();
  return {};
}

void Importer::reject(ImportRejection rejection) {
  ++seen_;
  if (rejection.file.empty()) rejection.file = input_;
  std::lock_guard lock(mu_);
  ++summary_.rejected;
  if (summary_.rejections.size() < kMaxListedRejections) summary_.rejections.push_back(std::move(rejection));
}

// Parses and classifies on this thread, then waits for the writer to be free.
Result<void> Importer::hand_over() {
  if (pending_.empty()) {
    std::lock_guard lock(mu_);
    if (error_) return tl::unexpected(*error_);
    return {};
  }
  auto prepared = library_.prepare(pending_);
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !in_flight_ || error_; });
  if (error_) return tl::unexpected(*error_);
  in_flight_.emplace(std::move(pending_), std::move(prepared));
  pending_ = {};
  pending_.reserve(options_.batch_size);
  cv_.notify_all();
  return {};
}

Result<void> Importer::flush() {
  if (auto handed = hand_over(); !handed) return handed;
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !in_flight_; });
  if (error_) return tl::unexpected(*error_);
  return {};
}

ImportSummary Importer::summary() const {
  std::lock_guard lock(mu_);
  return summary_;
}

}  // namespace helmarr::library
