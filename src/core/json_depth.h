#pragma once
// JSON from outside (request bodies, WebSocket messages, NDJSON lines) is
// checked for nesting depth before nlohmann sees it: its dump() and parts of
// its DOM handling recurse once per level, so 100,000 '[' overflow the stack.
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace helmarr {

inline constexpr std::size_t kMaxJsonDepth = 64;

// True when no array or object in `text` opens more than `max_depth` levels
// deep. One pass over the bytes, no recursion; brackets inside strings (with
// their escapes) do not count. Says nothing about validity otherwise.
bool json_nesting_within(std::string_view text, std::size_t max_depth);

// Parses untrusted JSON text. Errors: "JSON nesting deeper than 64 levels",
// "not valid JSON".
Result<nlohmann::json> parse_untrusted_json(std::string_view text);

}  // namespace helmarr
