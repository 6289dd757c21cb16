#include "origins/loopback_address.hpp"

#include <stdexcept>

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

}  // namespace connectspec
