#pragma once
// Logging on spdlog. One process-wide logger, text or JSON lines, level
// changeable at run time (the log_level setting applies on the next request).
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "core/result.h"

namespace helmarr::log {

enum class Format { text, json };

// Creates the stderr logger. Call once at startup.
void init(Format format, spdlog::level::level_enum level);
Result<spdlog::level::level_enum> parse_level(std::string_view name);  // trace|debug|info|warn|error|critical|off
Result<Format> parse_format(std::string_view name);                    // text|json
void set_level(spdlog::level::level_enum level);
Format format();

// A structured line: in text mode "msg key=value ...", in JSON mode one object
// {"ts","level","msg", ...fields}. Fields must already be redacted.
void event(spdlog::level::level_enum level, std::string_view msg, const nlohmann::json& fields);

}  // namespace helmarr::log
