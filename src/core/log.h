#pragma once
// Logging on spdlog. One process-wide logger, text or JSON lines, level
// changeable at run time (the log_level setting applies on the next request).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include "core/result.h"

namespace helmarr::log {

enum class Format { text, json };

// Creates the stderr logger and makes it spdlog's default. Call once at
// startup; calling again replaces the logger. Flushes on warn and above.
void init(Format format, spdlog::level::level_enum level);
// The same logger writing to the given sinks instead of stderr (tests pass an
// ostream sink). The logger must stay synchronous: event() hands its fields to
// the formatter on the calling thread.
void init(Format format, spdlog::level::level_enum level, std::vector<spdlog::sink_ptr> sinks);
// The line formatter init() installs: text is
// "2026-04-27T14:30:00.000Z info msg" (UTC); json is one object per line
// {"ts":"...Z","level":"info","msg":"...", ...fields from event()}.
std::unique_ptr<spdlog::formatter> make_formatter(Format format);
Result<spdlog::level::level_enum> parse_level(std::string_view name);  // trace|debug|info|warn|error|critical|off
Result<Format> parse_format(std::string_view name);                    // text|json
void set_level(spdlog::level::level_enum level);
Format format();

// A structured line: in text mode "msg key=value ...", in JSON mode one object
// {"ts","level","msg", ...fields}. Fields must already be redacted.
void event(spdlog::level::level_enum level, std::string_view msg, const nlohmann::json& fields);

}  // namespace helmarr::log
