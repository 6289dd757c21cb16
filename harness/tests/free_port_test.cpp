#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "launch/free_port.hpp"

using namespace connectspec;

TEST_CASE("launch ports are drawn from below the ephemeral range, or above it when it starts low") {
  CHECK(launch_port_range({32768, 60999}) == std::pair<std::uint16_t, std::uint16_t>{10000, 32767});
  CHECK(launch_port_range({1024, 50000}) == std::pair<std::uint16_t, std::uint16_t>{50001, 65535});
  CHECK(launch_port_range({1024, 65000}) == std::pair<std::uint16_t, std::uint16_t>{0, 0});
}

TEST_CASE("a chosen port is outside this machine's ephemeral range, free, and bindable") {
  auto [lo, hi] = ephemeral_port_range();
  auto [from, to] = launch_port_range({lo, hi});
  for (int i = 0; i < 20; ++i) {
    std::uint16_t port = free_loopback_port("127.0.0.1");
    if (from != 0) {
      CHECK(port >= from);
      CHECK(port <= to);
    }
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io);
    boost::system::error_code ec;
    boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
    a.open(ep.protocol(), ec);
    a.set_option(boost::asio::socket_base::reuse_address(true), ec);
    a.bind(ep, ec);
    CHECK_FALSE(ec);
  }
}
