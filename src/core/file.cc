#include "core/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

namespace helmarr {

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    return fail(ErrorCode::invalid_request, fmt::format("{}: cannot read: {}", path, std::strerror(err)));
  }
  std::string data;
  char buf[8192];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (data.size() + n > max_bytes) {
      std::fclose(f);
      return fail(ErrorCode::invalid_request, fmt::format("{}: larger than {} bytes", path, max_bytes));
    }
    data.append(buf, n);
  }
  const bool failed = std::ferror(f) != 0;
  const int err = errno;  // e.g. EISDIR for a directory
  std::fclose(f);
  if (failed) return fail(ErrorCode::invalid_request, fmt::format("{}: cannot read: {}", path, std::strerror(err)));
  return data;
}

}  // namespace helmarr
