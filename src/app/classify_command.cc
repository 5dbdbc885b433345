#include "app/classify_command.h"

#include <istream>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/line_reader.h"
#include "core/file.h"

namespace helmarr::app {

namespace {

std::optional<std::uint64_t> non_negative(const nlohmann::json& j) {
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer() && j.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(j.get<std::int64_t>());
  return std::nullopt;
}

// Checks one NDJSON object and classifies it; the error names the field.
Result<media::Classification> classify_object(const media::Classifier& classifier, const nlohmann::json& j) {
  auto bad = [](std::string m) { return fail(ErrorCode::invalid_request, std::move(m)); };
  if (!j.is_object()) return bad("must be a JSON object");
  auto name = j.find("name");
  if (name == j.end() || !name->is_string()) return bad("\"name\" must be a string");
  media::TorrentDescription t;
  t.name = name->get_ref<const std::string&>();
  if (auto s = j.find("size"); s != j.end() && !s->is_null()) {
    t.size = non_negative(*s);
    if (!t.size) return bad("\"size\" must be a non-negative integer (bytes)");
  }
  std::vector<media::TorrentFileEntry> files;
  if (auto f = j.find("files"); f != j.end() && !f->is_null()) {
    if (!f->is_array()) return bad("\"files\" must be an array of {\"path\", \"size\"}");
    files.reserve(f->size());
    for (std::size_t i = 0; i < f->size(); ++i) {
      const auto& e = (*f)[i];
      auto path = e.is_object() ? e.find("path") : e.end();
      if (!e.is_object() || path == e.end() || !path->is_string())
        return bad(fmt::format("files[{}].path must be a string", i));
      media::TorrentFileEntry entry{path->get_ref<const std::string&>(), std::nullopt};
      if (auto s = e.find("size"); s != e.end() && !s->is_null()) {
        entry.size = non_negative(*s);
        if (!entry.size) return bad(fmt::format("files[{}].size must be a non-negative integer (bytes)", i));
      }
      files.push_back(entry);
    }
  }
  t.files = files;
  return classifier.classify(t);
}

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
  nlohmann::json object;  // owns the name and paths classify_object() views
  std::string_view name = line;
  if (may_be_json && start != std::string_view::npos && line[start] == '{') {
    object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded()) return error("not valid JSON");
    auto r = classify_object(classifier, object);
    if (!r) return error(r.error().message);
    c = std::move(*r);
    name = object["name"].get_ref<const std::string&>();
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
