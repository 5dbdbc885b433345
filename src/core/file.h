#pragma once
// Reading a whole file with a size bound: configuration and rules files are
// operator input, so a wrong path (a device, a huge log) must fail, not hang.
#include <cstddef>
#include <string>

#include "core/result.h"

namespace helmarr {

// Errors read "<path>: cannot read: <reason>" or "<path>: larger than N bytes".
Result<std::string> read_file(const std::string& path, std::size_t max_bytes);

}  // namespace helmarr
