// One tunnel to the bench origin: a CONNECT through the proxy answered 2xx, or (direct, relay) a
// plain TCP connection. Bounded by a deadline.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>
#include <variant>

#include "bench/bench_settings.hpp"

namespace connectspec::bench {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct Tunnel {
  asio::ip::tcp::socket sock;
  std::string early;       // bytes read past the response head (none from a correct origin)
  double setup_ms = 0;     // first CONNECT byte written to the end of the 2xx head read; 0 without a proxy
};

using Dialed = std::variant<Tunnel, std::string>;  // the tunnel, or what went wrong

asio::awaitable<Dialed> open_tunnel(const BenchTarget& target, Clock::time_point deadline);

}  // namespace connectspec::bench
