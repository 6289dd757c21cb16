// Origins only ever listen on loopback: a conformance run must not open ports to the network.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

namespace connectspec {

namespace asio = boost::asio;

// Parses `host` as a loopback IP literal (127.0.0.0/8 or ::1); throws std::runtime_error for
// anything else, including host names, so nothing is resolved and nothing escapes the machine.
asio::ip::address loopback_address(const std::string& host);

}  // namespace connectspec
