#include "core/log.h"

#include <algorithm>
#include <atomic>
#include <cctype>

#include <fmt/format.h>
#include <spdlog/details/log_msg.h>
#include <spdlog/details/os.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "core/clock.h"

// Design of structured fields in JSON mode
// ----------------------------------------
// event() must put its fields into the same JSON object as ts/level/msg, but
// ts and level belong to the formatter (it sees the record's time and level).
// Rather than smuggling a pre-serialized, marked JSON object through the
// message text (which an ordinary message could imitate, and which costs a
// parse per line), event() points a thread-local at its fields for the
// duration of the logger call. spdlog's synchronous logger formats on the
// calling thread, so the formatter picks them up there. An ordinary
// spdlog::info(...) line leaves the pointer null and gets ts/level/msg only.
// Consequence: the logger must stay synchronous (no async sinks).

namespace helmarr::log {
namespace {

constexpr const char* kTextPattern = "%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v";
constexpr const char* kLoggerName = "helmarr";

std::atomic<Format> g_format{Format::text};
thread_local const nlohmann::json* t_fields = nullptr;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::ordered_json line;  // keeps ts, level, msg first
    line["ts"] = iso8601(msg.time);
    const auto level = spdlog::level::to_string_view(msg.level);
    line["level"] = std::string(level.data(), level.size());
    line["msg"] = std::string(msg.payload.data(), msg.payload.size());
    if (t_fields != nullptr && !t_fields->is_null()) {
      if (t_fields->is_object()) {
        for (const auto& [key, value] : t_fields->items()) {
          if (!line.contains(key)) line[key] = value;  // ts, level and msg win over same-named fields
        }
      } else {
        line["fields"] = *t_fields;
      }
    }
    // replace: a message with invalid UTF-8 must not throw out of the logger.
    const std::string out = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    dest.append(out.data(), out.data() + out.size());
    const std::string_view eol = spdlog::details::os::default_eol;
    dest.append(eol.data(), eol.data() + eol.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

// "key=value": strings bare unless they would be ambiguous (empty, spaces,
// quotes, '=', control characters), then JSON-quoted; other values as JSON.
void append_text_field(std::string& out, const std::string& key, const nlohmann::json& value) {
  out += ' ';
  out += key;
  out += '=';
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    const bool quote = s.empty() || std::any_of(s.begin(), s.end(), [](unsigned char c) {
                         return c <= ' ' || c == '"' || c == '=' || c == 0x7f;
                       });
    out += quote ? value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) : s;
  } else {
    out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

}  // namespace

std::unique_ptr<spdlog::formatter> make_formatter(Format format) {
  if (format == Format::json) return std::make_unique<JsonFormatter>();
  return std::make_unique<spdlog::pattern_formatter>(kTextPattern, spdlog::pattern_time_type::utc);
}

void init(Format format, spdlog::level::level_enum level, std::vector<spdlog::sink_ptr> sinks) {
  auto logger = std::make_shared<spdlog::logger>(kLoggerName, sinks.begin(), sinks.end());
  logger->set_formatter(make_formatter(format));
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  g_format = format;
  spdlog::set_default_logger(std::move(logger));
}

void init(Format format, spdlog::level::level_enum level) {
  init(format, level, {std::make_shared<spdlog::sinks::stderr_sink_mt>()});
}

Result<spdlog::level::level_enum> parse_level(std::string_view name) {
  const std::string n = lower(name);
  if (n == "trace") return spdlog::level::trace;
  if (n == "debug") return spdlog::level::debug;
  if (n == "info") return spdlog::level::info;
  if (n == "warn" || n == "warning") return spdlog::level::warn;
  if (n == "error") return spdlog::level::err;
  if (n == "critical") return spdlog::level::critical;
  if (n == "off") return spdlog::level::off;
  return fail(ErrorCode::invalid_request,
              fmt::format("unknown log level '{}' (use trace, debug, info, warn, error, critical or off)", name));
}

Result<Format> parse_format(std::string_view name) {
  const std::string n = lower(name);
  if (n == "text") return Format::text;
  if (n == "json") return Format::json;
  return fail(ErrorCode::invalid_request, fmt::format("unknown log format '{}' (use text or json)", name));
}

void set_level(spdlog::level::level_enum level) { spdlog::default_logger_raw()->set_level(level); }

Format format() { return g_format.load(); }

void event(spdlog::level::level_enum level, std::string_view msg, const nlohmann::json& fields) {
  spdlog::logger* logger = spdlog::default_logger_raw();
  if (!logger->should_log(level)) return;
  if (format() == Format::json) {
    struct FieldsScope {  // resets even if a sink throws past spdlog's own handler
      explicit FieldsScope(const nlohmann::json* f) { t_fields = f; }
      ~FieldsScope() { t_fields = nullptr; }
      FieldsScope(const FieldsScope&) = delete;
      FieldsScope& operator=(const FieldsScope&) = delete;
    } scope(&fields);
    logger->log(level, spdlog::string_view_t(msg.data(), msg.size()));
    return;
  }
  std::string line(msg);
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) append_text_field(line, key, value);
  } else if (!fields.is_null()) {
    append_text_field(line, "fields", fields);
  }
  logger->log(level, spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace helmarr::log
