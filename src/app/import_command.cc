#include "app/import_command.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "app/line_reader.h"
#include "app/progress.h"

namespace helmarr::app {
namespace {

namespace fs = std::filesystem;

struct Input {
  std::string arg;
  fs::path path;  // empty for "-"
};

// Lines of one NDJSON stream into the importer; rejections carry the file.
Result<void> import_lines(std::istream& in, const std::string& label, library::Importer& importer,
                          Progress* progress, std::uint64_t& bytes_done) {
  LineReader reader(in, library::kMaxImportLineBytes);
  std::string_view line;
  bool too_long = false;
  std::int64_t number = 0;
  importer.set_input(label);
  while (reader.next(line, too_long)) {
    ++number;
    bytes_done += line.size() + 1;
    if (too_long) {
      importer.reject({.line = number, .reason = fmt::format("line longer than {} bytes",
                                                             library::kMaxImportLineBytes)});
    } else if (auto added = importer.add_line(line, number); !added) {
      return added;
    }
    if (progress) progress->update(importer.summary().records(), bytes_done);
  }
  return {};
}

void print_summary(const library::ImportSummary& s, bool json, std::FILE* out) {
  if (json) {
    std::fprintf(out, "%s\n", library::to_json(s).dump(2).c_str());
    return;
  }
  std::fprintf(out, "imported %s, updated %s, rejected %s\n", with_thousands(s.imported).c_str(),
               with_thousands(s.updated).c_str(), with_thousands(s.rejected).c_str());
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < s.rejections.size() && i < kShown; ++i) {
    const auto& r = s.rejections[i];
    if (r.line > 0) {
      std::fprintf(out, "  %s line %lld: %s\n", r.file.c_str(), static_cast<long long>(r.line), r.reason.c_str());
    } else {
      std::fprintf(out, "  %s: %s\n", r.file.c_str(), r.reason.c_str());
    }
  }
  if (s.rejected > static_cast<std::int64_t>(kShown)) {
    std::fprintf(out, "  ... and %s more (--json lists the first %zu)\n",
                 with_thousands(s.rejected - static_cast<std::int64_t>(kShown)).c_str(), library::kMaxListedRejections);
  }
}

}  // namespace

int run_import(library::Library& library, const std::vector<std::string>& inputs, const ImportOptions& options,
               std::FILE* out, std::FILE* err) {
  if (inputs.empty()) {
    std::fprintf(err, "helmarr import: give at least one PATH (an NDJSON file, '-', a .torrent, a directory or a "
                      "magnet URI)\n");
    return 2;
  }
  // Every input is checked before anything is written.
  std::uint64_t total_bytes = 0;
  bool sizes_known = true;
  std::vector<Input> resolved;
  for (const auto& arg : inputs) {
    if (arg == "-") {
      sizes_known = false;
      resolved.push_back({arg, {}});
      continue;
    }
    std::error_code ec;
    const fs::path p(arg);
    if (!fs::exists(p, ec)) {
      std::fprintf(err, "helmarr import: %s: no such file or directory\n", arg.c_str());
      return 2;
    }
    if (fs::is_regular_file(p, ec)) total_bytes += fs::file_size(p, ec);
    resolved.push_back({arg, p});
  }

  library::Importer importer(library, {.batch_size = options.batch_size});
  std::optional<Progress> progress;
  if (options.progress) {
    progress.emplace(err, ::isatty(::fileno(err)) == 1,
                     sizes_known ? std::optional<std::uint64_t>(total_bytes) : std::nullopt);
  }
  Progress* bar = progress ? &*progress : nullptr;
  std::uint64_t bytes_done = 0;
  Result<void> ok;
  for (const auto& in : resolved) {
    if (in.path.empty()) {
      ok = import_lines(std::cin, "stdin", importer, bar, bytes_done);
    } else {
      std::ifstream file(in.path, std::ios::binary);
      if (!file) {
        importer.reject({.file = in.arg, .reason = "cannot be read"});
        continue;
      }
      ok = import_lines(file, in.arg, importer, bar, bytes_done);
    }
    if (!ok) break;
  }
  if (ok) ok = importer.flush();
  if (bar) bar->finish(importer.summary().records(), bytes_done);
  print_summary(importer.summary(), options.json, out);
  if (!ok) {
    std::fprintf(err, "helmarr import: writing to the library failed: %s (the records counted above are written)\n",
                 ok.error().message.c_str());
    return 1;
  }
  return 0;
}

}  // namespace helmarr::app
