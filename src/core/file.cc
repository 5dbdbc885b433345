#include "core/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "core/log.h"

namespace helmarr {
namespace {

constexpr mode_t kPrivateDirectory = 0700;
constexpr mode_t kPrivateFile = 0600;
constexpr mode_t kGroupOrOthers = 0077;

Result<PrivatePath> cannot_create(const std::string& path, int err) {
  return fail(ErrorCode::unavailable, fmt::format("{}: cannot create: {}", path, std::strerror(err)));
}

enum class Kind { directory, file };

// After creating failed with err: when something already is there, report,
// never change, what the operator chose, but say so when it is accessible
// beyond its owner.
Result<PrivatePath> existing(const std::string& path, int err, Kind kind) {
  if (err != EEXIST) return cannot_create(path, err);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return cannot_create(path, errno);
  const bool directory = kind == Kind::directory;
  if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
    return fail(ErrorCode::unavailable, fmt::format("{}: not a {}", path, directory ? "directory" : "regular file"));
  }
  PrivatePath out;
  out.mode = static_cast<unsigned>(st.st_mode & 07777);
  out.shared = (st.st_mode & kGroupOrOthers) != 0;
  if (out.shared) {
    log::event(spdlog::level::warn,
               fmt::format("{} is accessible by group or others", directory ? "directory" : "file"),
               {{"path", path}, {"mode", fmt::format("{:04o}", out.mode)},
                {"hint", fmt::format("chmod {} it unless that is intended", directory ? "700" : "600")}});
  }
  return out;
}

}  // namespace

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

Result<PrivatePath> create_private_directory(const std::string& path) {
  if (path.empty()) return fail(ErrorCode::invalid_request, "directory path is empty");
  std::filesystem::path dir(path);
  if (!dir.has_filename()) dir = dir.parent_path();  // "data/" is "data", not a child of it
  // Parents are ordinary directories (/var/lib, a home): the default mode.
  const auto parent = dir.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return fail(ErrorCode::unavailable, fmt::format("{}: cannot create: {}", parent.string(), ec.message()));
  }
  if (::mkdir(dir.c_str(), kPrivateDirectory) == 0) {
    // mkdir's mode passes through the umask; chmod does not.
    if (::chmod(dir.c_str(), kPrivateDirectory) != 0) return cannot_create(path, errno);
    return PrivatePath{.created = true, .shared = false, .mode = kPrivateDirectory};
  }
  return existing(path, errno, Kind::directory);
}

Result<PrivatePath> create_private_file(const std::string& path) {
  if (path.empty()) return fail(ErrorCode::invalid_request, "file path is empty");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFile);
  if (fd >= 0) {
    const bool tightened = ::fchmod(fd, kPrivateFile) == 0;
    const int err = errno;
    ::close(fd);
    if (!tightened) return cannot_create(path, err);
    return PrivatePath{.created = true, .shared = false, .mode = kPrivateFile};
  }
  return existing(path, errno, Kind::file);
}

}  // namespace helmarr
