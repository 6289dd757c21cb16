#include "launch/free_port.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <fstream>
#include <random>

namespace connectspec {

namespace asio = boost::asio;

std::pair<std::uint16_t, std::uint16_t> ephemeral_port_range() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned lo = 0, hi = 0;
  if (in >> lo >> hi && lo > 0 && lo <= hi && hi < 65536)
    return {static_cast<std::uint16_t>(lo), static_cast<std::uint16_t>(hi)};
  return {32768, 60999};
}

std::pair<std::uint16_t, std::uint16_t> launch_port_range(std::pair<std::uint16_t, std::uint16_t> ephemeral) {
  constexpr unsigned floor = 10000, min_width = 2000;
  if (ephemeral.first >= floor + min_width) return {static_cast<std::uint16_t>(floor), static_cast<std::uint16_t>(ephemeral.first - 1)};
  if (ephemeral.second + min_width <= 65535u) return {static_cast<std::uint16_t>(ephemeral.second + 1), 65535};
  return {0, 0};  // the range covers almost everything: nothing better than the kernel's choice
}

std::uint16_t free_loopback_port(const std::string& host) {
  asio::io_context io;
  const auto address = asio::ip::make_address(host);
  auto [lo, hi] = launch_port_range(ephemeral_port_range());
  if (lo != 0) {
    std::mt19937 pick(std::random_device{}());
    std::uniform_int_distribution<unsigned> port(lo, hi);
    for (int attempt = 0; attempt < 64; ++attempt) {
      asio::ip::tcp::acceptor a(io);
      boost::system::error_code ec;
      asio::ip::tcp::endpoint ep(address, static_cast<std::uint16_t>(port(pick)));
      a.open(ep.protocol(), ec);
      if (!ec) a.bind(ep, ec);
      if (!ec) a.listen(1, ec);  // a port someone else listens on with SO_REUSEPORT would bind too
      if (!ec) return ep.port();
    }
  }
  asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(address, 0));
  return a.local_endpoint().port();
}

}  // namespace connectspec
