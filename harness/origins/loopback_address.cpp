#include "origins/loopback_address.hpp"

#include <stdexcept>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace connectspec {

asio::ip::address loopback_address(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec || !address.is_loopback()) {
    throw std::runtime_error("origin host must be a loopback address such as 127.0.0.1 or ::1, "
                             "not '" + host + "'");
  }
  return address;
}

bool ipv6_loopback_available() {
  try {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("::1"), 0));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace connectspec
