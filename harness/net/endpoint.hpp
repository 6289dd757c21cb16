// A host and port on the network: what the proxy, the origins and the bench listen on, read from
// HOST:PORT as given on the command line (--proxy 127.0.0.1:3128, --proxy [::1]:8080).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace connectspec {

struct Endpoint {
  std::string host;  // "127.0.0.1" or "::1" (no brackets)
  std::uint16_t port = 0;
  bool is_v6() const { return host.find(':') != std::string::npos; }
  std::string authority() const;  // host:port, with brackets for IPv6
};

// Returns the endpoint, or nullopt with `error` set to what is wrong with the text.
std::optional<Endpoint> parse_host_port(const std::string& text, std::string& error);

// True for 127.0.0.0/8, ::1 and "localhost": the only places connectspec sends traffic.
bool is_loopback_host(const std::string& host);

// Why connectspec will not send traffic to `host` (empty when it may): only loopback, unless the
// user says otherwise (--allow-non-loopback), and then only an IP address, never a name to resolve,
// so that it cannot become a scanner by accident.
std::string refuse_host(const std::string& host, bool allow_non_loopback);

}  // namespace connectspec
