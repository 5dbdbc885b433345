#pragma once
// The small set of primitives the project needs from OpenSSL.
#include <cstddef>
#include <string>
#include <string_view>

namespace helmarr {

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view data);
// Compares in time that depends only on the lengths, never on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);
// Cryptographically random bytes as lower-case hex (2 * bytes characters).
std::string random_hex(std::size_t bytes);
std::string to_hex(std::string_view bytes);

}  // namespace helmarr
