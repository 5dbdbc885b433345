#pragma once
// A request body read as it arrives, for routes whose policy streams it
// (BodyMode::streamed): an import of gigabytes never sits in memory whole.
// Engine-free: handlers see this, never Beast.
//
//   Task<Result<Response>> import(Request& req) {
//     for (;;) {
//       auto chunk = co_await req.body_stream->read_some();
//       if (!chunk) co_return tl::unexpected(chunk.error());  // 413, 504, gone, malformed
//       if (chunk->empty()) break;                           // the whole body is in
//       consume(*chunk);
//     }
//     co_return Response::json(200, ...);
//   }
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "core/task.h"

namespace helmarr::http {

class BodyReader {
 public:
  // The most one read_some() returns: what a streamed request holds of its body.
  static constexpr std::size_t kMaxChunk = 64 * 1024;

  virtual ~BodyReader() = default;

  // The next bytes of the body (1..kMaxChunk, decoded from chunked transfer
  // encoding if it was used), valid until the next call; an empty view once
  // the body is complete. One call at a time. Errors, after which every
  // further call fails the same way:
  //   payload_too_large  the body passed the route's max_stream_bytes
  //   timeout            the request's deadline passed (req.cancel), or no
  //                      body bytes arrived within the server's request_timeout
  //   invalid_request    malformed chunked encoding, or the client closed the
  //                      connection before the body was complete
  //   unavailable        the request was already answered (e.g. it lost its deadline)
  virtual Task<Result<std::string_view>> read_some() = 0;

  // Body bytes handed out so far.
  virtual std::uint64_t bytes_read() const = 0;
};

}  // namespace helmarr::http
