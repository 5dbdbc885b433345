#include "core/json_depth.h"

#include <fmt/format.h>

namespace helmarr {

bool json_nesting_within(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped byte cannot end the string
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > max_depth) return false;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;  // unbalanced: the parser refuses it
        break;
      default: break;
    }
  }
  return true;
}

Result<nlohmann::json> parse_untrusted_json(std::string_view text) {
  if (!json_nesting_within(text, kMaxJsonDepth))
    return fail(ErrorCode::invalid_request, fmt::format("JSON nesting deeper than {} levels", kMaxJsonDepth));
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return fail(ErrorCode::invalid_request, "not valid JSON");
  return parsed;
}

}  // namespace helmarr
