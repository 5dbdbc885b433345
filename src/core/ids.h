#pragma once
// Identifiers with a readable prefix, as the seeds show them ("w_001", "ev_001").
#include <string>
#include <string_view>

namespace helmarr {

// prefix + "_" + 16 random hex characters, e.g. "req_9f2c4b1a7d3e8f60".
std::string make_id(std::string_view prefix);

// An id a client chose (request id, WebSocket client id) that is safe to echo
// in headers and logs: 1..64 letters, digits, '-', '_' or '.'.
bool is_safe_id(std::string_view id);

}  // namespace helmarr
