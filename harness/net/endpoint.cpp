#include "net/endpoint.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace connectspec {

std::string Endpoint::authority() const {
  return (is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

std::string refuse_host(const std::string& host, bool allow_non_loopback) {
  if (is_loopback_host(host)) return "";
  if (!allow_non_loopback)
    return "connectspec only sends traffic to loopback (127.0.0.0/8 or ::1); to test a proxy at another address of "
           "a machine or network you control, pass --allow-non-loopback";
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, host.c_str(), &v4) != 1 && inet_pton(AF_INET6, host.c_str(), &v6) != 1)
    return "with --allow-non-loopback the address must be an IP address, not a name";
  return "";
}

std::optional<Endpoint> parse_host_port(const std::string& text, std::string& error) {
  Endpoint ep;
  std::string port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      error = "'" + text + "' is not [IPv6]:PORT";
      return std::nullopt;
    }
    ep.host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
    in6_addr v6{};
    if (inet_pton(AF_INET6, ep.host.c_str(), &v6) != 1) {
      error = "'" + ep.host + "' is not an IPv6 address";
      return std::nullopt;
    }
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
      error = "'" + text + "' is not HOST:PORT";
      return std::nullopt;
    }
    ep.host = text.substr(0, colon);
    if (ep.host.find(':') != std::string::npos) {
      error = "IPv6 addresses need brackets: [" + ep.host + "]:PORT";
      return std::nullopt;
    }
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || p != port_text.data() + port_text.size() || port == 0 || port > 65535) {
    error = "port '" + port_text + "' is not a number from 1 to 65535";
    return std::nullopt;
  }
  ep.port = static_cast<std::uint16_t>(port);
  return ep;
}

}  // namespace connectspec
