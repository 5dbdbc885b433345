#pragma once
// GET /api/me — who the request authenticated as (dashboard seed).
#include "http/router.h"

namespace helmarr::api::dashboard {

class MeController {
 public:
  void register_routes(http::Router& router);
};

}  // namespace helmarr::api::dashboard
