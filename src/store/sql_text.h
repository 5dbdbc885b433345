#pragma once
// SQL text for error messages, the same for every engine: whitespace
// collapsed, cut at 160 characters. Placeholders only, never bound values.
#include <string>
#include <string_view>

namespace helmarr::store {

std::string sql_excerpt(std::string_view sql);

}  // namespace helmarr::store
