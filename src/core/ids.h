#pragma once
// Identifiers with a readable prefix, as the seeds show them ("w_001", "ev_001").
#include <string>
#include <string_view>

namespace helmarr {

// prefix + "_" + 16 random hex characters, e.g. "req_9f2c4b1a7d3e8f60".
std::string make_id(std::string_view prefix);

}  // namespace helmarr
