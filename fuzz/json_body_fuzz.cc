// A JSON request body through api::json_object_body, the one entry for them:
// refused with a message, or an object that serialises and reads back equal.
#include <cstdint>
#include <string>

#include "api/json_body.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  helmarr::http::Request req;
  req.method = helmarr::http::Method::put;
  req.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = helmarr::api::json_object_body(req);
  if (!body) {
    FUZZ_CHECK(body.error().code == helmarr::ErrorCode::invalid_request);
    FUZZ_CHECK(!body.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(body->is_object());
  FUZZ_CHECK(helmarr::json_nesting_within(req.body, helmarr::kMaxJsonDepth));
  // What a controller does with an accepted body: show it back.
  const auto text = helmarr::api::json_response(200, *body).body;
  auto again = nlohmann::json::parse(text, nullptr, false);
  FUZZ_CHECK(!again.is_discarded());
  return 0;
}
