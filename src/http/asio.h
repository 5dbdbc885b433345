#pragma once
// The one project header that includes Boost.Asio and Boost.Beast. Only
// server.cc (and the http tests) include it; everything else talks to the
// server through server.h and websocket.h.
//
// g++ 12 in C++20: <utility> must come before boost/asio/awaitable.hpp or it
// fails with "'exchange' is not a member of 'std'".
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace helmarr::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;  // not "http": that is helmarr::http
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

// co_await op(..., use_ec(ec)): Boost 1.74 has no asio::as_tuple.
inline auto use_ec(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

}  // namespace helmarr::net
