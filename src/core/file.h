#pragma once
// Files Helmarr reads and files it creates. Reading is bounded: configuration
// and rules files are operator input, so a wrong path (a device, a huge log)
// must fail, not hang. What Helmarr creates (the data directory, the database)
// holds the API key's hash and the settings, so it is private to the user
// Helmarr runs as, whatever the umask.
#include <cstddef>
#include <string>

#include "core/result.h"

namespace helmarr {

// Errors read "<path>: cannot read: <reason>" or "<path>: larger than N bytes".
Result<std::string> read_file(const std::string& path, std::size_t max_bytes);

struct PrivatePath {
  bool created = false;  // Helmarr made it just now, with the private mode
  bool shared = false;   // it already existed and group or others have access
  unsigned mode = 0;     // permission bits as found (or as set when created)
};

// Creates the directory (and missing parents) with mode 0700, chmod-ed so the
// umask cannot loosen or tighten it. An existing directory is left as the
// operator made it, with a warning logged when group or others have access.
// Errors name the path and the reason; "not a directory" for anything else.
Result<PrivatePath> create_private_directory(const std::string& path);

// Creates an empty file with mode 0600 (regardless of umask) unless it exists.
// An existing regular file is left alone, with a warning logged when group or
// others have access; anything else there (a directory) is an error.
Result<PrivatePath> create_private_file(const std::string& path);

}  // namespace helmarr
