#include "app/classify_command.h"

#include <istream>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/line_reader.h"
#include "core/file.h"
#include "media/torrent_json.h"

namespace helmarr::app {

namespace {

std::string summary(std::string_view name, const media::Classification& c) {
  return fmt::format("{}\n  content_type: {}  categories: {}  confidence: {}  title: {}  rules: {}\n", name,
                     media::to_string(c.content_type), fmt::join(c.categories, ","), c.confidence, c.parsed.title,
                     c.rules.empty() ? std::string("(none)") : fmt::format("{}", fmt::join(c.rules, ",")));
}

// `line` is NDJSON when it starts with '{' and may_be_json (input lines; an
// argument is always a name).
void answer(const media::Classifier& classifier, const ClassifyOptions& options, std::string_view line,
            bool may_be_json, std::size_t line_no, bool too_long, std::string& buf, bool& had_error) {
  auto error = [&](const std::string& message) {
    had_error = true;
    const auto text = fmt::format("line {}: {}", line_no, message);
    if (options.json) buf += nlohmann::json{{"error", text}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    else buf += "error: " + text + "\n";
  };
  if (too_long) return error(fmt::format("longer than {} bytes", kMaxClassifyLineBytes));
  const auto start = line.find_first_not_of(" \t");
  media::Classification c;
  std::string_view name = line;
  Result<media::TorrentJson> torrent;  // owns the strings `name` and the classification view
  if (may_be_json && start != std::string_view::npos && line[start] == '{') {
    torrent = media::TorrentJson::parse(line);
    if (!torrent) return error(torrent.error().message);
    c = classifier.classify(torrent->description());
    name = torrent->description().name;
  } else {
    c = classifier.classify({.name = line});
  }
  if (options.json) {
    media::append_json(c, options.explain, buf);
    buf += '\n';
  } else {
    buf += summary(name, c);
  }
}

}  // namespace

int run_classify(const media::Classifier& classifier, const ClassifyOptions& options,
                 const std::vector<std::string>& names, std::istream& in, std::ostream& out,
                 const std::function<bool()>& input_ready) {
  bool had_error = false;
  std::string buf;
  auto flush = [&] {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  };
  if (!names.empty()) {
    std::size_t n = 0;
    for (const auto& name : names) {
      answer(classifier, options, name, /*may_be_json=*/false, ++n, false, buf, had_error);
      if (buf.size() > 1 << 16) flush();
    }
  } else {
    LineReader reader(in, kMaxClassifyLineBytes);
    std::string_view line;
    bool too_long = false;
    for (std::size_t n = 1; reader.next(line, too_long); ++n) {
      answer(classifier, options, line, /*may_be_json=*/true, n, too_long, buf, had_error);
      if (buf.size() > 1 << 16 || !input_ready()) {
        flush();
        out.flush();  // answers reach a waiting reader now
      }
    }
  }
  flush();
  out.flush();
  if (!out.good()) return 1;
  return had_error ? 1 : 0;
}

Result<media::ClassifierRules> load_classifier_rules(const std::string& path) {
  auto rules = media::builtin_classifier_rules();
  if (path.empty()) return rules;
  auto text = read_file(path, media::kMaxRulesFileBytes);
  if (!text) return fail(ErrorCode::invalid_request, "classifier_rules: " + text.error().message);
  if (auto r = media::apply_classifier_rules(rules, *text, path); !r)
    return fail(ErrorCode::invalid_request, "classifier_rules: " + r.error().message);
  return rules;
}

}  // namespace helmarr::app
