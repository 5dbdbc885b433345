#include "app/import_command.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "app/line_reader.h"
#include "app/progress.h"
#include "core/file.h"
#include "torrent/magnet.h"
#include "torrent/metainfo.h"

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
    if (progress) progress->update(importer.records_seen(), bytes_done);
  }
  return {};
}

bool has_extension(const fs::path& p, std::initializer_list<std::string_view> extensions) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto e : extensions) {
    if (ext == e) return true;
  }
  return false;
}

library::ImportRecord from_metainfo(const torrent::Metainfo& m) {
  library::ImportRecord r;
  r.info_hash = m.info_hash;
  r.name = m.name;
  r.size = m.total_size;
  r.source = "import";
  std::vector<library::TorrentFile> files;
  files.reserve(m.files.size());
  for (const auto& f : m.files) files.push_back({f.path, f.size});
  r.files = std::move(files);
  r.file_count = m.file_count;
  if (m.creation_date) r.published_at = *m.creation_date;
  return r;
}

Result<void> import_torrent_file(const fs::path& path, library::Importer& importer) {
  const torrent::MetainfoLimits limits{.max_files = 10000};
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > limits.max_bytes) {
    importer.reject({.file = path.string(), .reason = ec ? "cannot be read" : "torrent larger than 10 MiB"});
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    importer.reject({.file = path.string(), .reason = "cannot be read"});
    return {};
  }
  auto meta = torrent::parse_metainfo(bytes, limits);
  if (!meta) {
    importer.reject({.file = path.string(), .reason = meta.error().message});
    return {};
  }
  if (meta->name.empty()) {
    importer.reject({.file = path.string(), .reason = "metainfo has no name"});
    return {};
  }
  return importer.add_record(from_metainfo(*meta));
}

Result<void> import_magnet(const std::string& uri, library::Importer& importer) {
  auto magnet = torrent::parse_magnet_uri(uri);
  const std::string shown = uri.size() > 80 ? uri.substr(0, 77) + "..." : uri;
  if (!magnet) {
    importer.reject({.file = shown, .reason = magnet.error().message});
    return {};
  }
  if (magnet->name.empty()) {
    importer.reject({.file = shown, .reason = "magnet has no name (dn): the library needs one until metadata can be "
                                              "fetched"});
    return {};
  }
  library::ImportRecord r;
  r.info_hash = magnet->info_hash;
  r.name = magnet->name;
  r.size = magnet->size;
  r.source = "import";
  return importer.add_record(std::move(r));
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
    if (arg == "-" || arg.starts_with("magnet:")) {
      if (arg == "-") sizes_known = false;
      resolved.push_back({arg, {}});
      continue;
    }
    std::error_code ec;
    const fs::path p(arg);
    if (!fs::exists(p, ec)) {
      std::fprintf(err, "helmarr import: %s: no such file or directory\n", arg.c_str());
      return 2;
    }
    if (fs::is_regular_file(p, ec)) {
      total_bytes += fs::file_size(p, ec);
    } else {
      sizes_known = false;  // a directory: not walked twice just for the bar
    }
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
  auto ndjson = [&](const fs::path& path, const std::string& label) -> Result<void> {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      importer.reject({.file = label, .reason = "cannot be read"});
      return {};
    }
    return import_lines(file, label, importer, bar, bytes_done);
  };
  for (const auto& in : resolved) {
    std::error_code ec;
    if (in.arg == "-") {
      ok = import_lines(std::cin, "stdin", importer, bar, bytes_done);
    } else if (in.path.empty()) {
      ok = import_magnet(in.arg, importer);
    } else if (fs::is_directory(in.path, ec)) {
      // .torrent files, and NDJSON files by their extension; the rest is not ours.
      for (auto it = fs::recursive_directory_iterator(in.path, fs::directory_options::skip_permission_denied, ec);
           ok && !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        if (has_extension(it->path(), {".torrent"})) {
          ok = import_torrent_file(it->path(), importer);
          bytes_done += it->file_size(ec);
          if (bar) bar->update(importer.records_seen(), bytes_done);
        } else if (has_extension(it->path(), {".ndjson", ".jsonl"})) {
          ok = ndjson(it->path(), it->path().string());
        }
      }
    } else if (has_extension(in.path, {".torrent"})) {
      ok = import_torrent_file(in.path, importer);
    } else {
      ok = ndjson(in.path, in.arg);
    }
    if (!ok) break;
  }
  if (ok) ok = importer.flush();
  if (bar) bar->finish(importer.records_seen(), bytes_done);
  print_summary(importer.summary(), options.json, out);
  if (!ok) {
    std::fprintf(err, "helmarr import: writing to the library failed: %s (the records counted above are written)\n",
                 ok.error().message.c_str());
    return 1;
  }
  return 0;
}

}  // namespace helmarr::app
