// Origins only ever listen on loopback: a conformance run must not open ports to the network.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

namespace connectspec {

namespace asio = boost::asio;

// Parses `host` as a loopback IP literal (127.0.0.0/8 or ::1); throws std::runtime_error for
// anything else, including host names, so nothing is resolved and nothing escapes the machine.
asio::ip::address loopback_address(const std::string& host);

// Whether this machine has an IPv6 loopback to listen on (::1): cases with a ::1 origin need it.
bool ipv6_loopback_available();

}  // namespace connectspec
