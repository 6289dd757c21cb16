// Choosing a port for a proxy that must be told its port (most real proxies cannot bind port 0 and
// announce what they got).
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace connectspec {

// A TCP port on host that nothing listens on right now, chosen outside the kernel's ephemeral
// range. Between our probe and the proxy's own bind (seconds for a Python or Node proxy under
// load) any outgoing connection on the machine could be given a port from that range as its local
// port, and the proxy would then fail to start with "address in use"; ports below the range are
// only ever handed out by an explicit bind. Falls back to a kernel-chosen port after a bounded
// number of tries.
std::uint16_t free_loopback_port(const std::string& host);

// The kernel's ephemeral port range (/proc/sys/net/ipv4/ip_local_port_range), Linux's default when
// it cannot be read.
std::pair<std::uint16_t, std::uint16_t> ephemeral_port_range();

// The ports free_loopback_port draws from, given the ephemeral range: below it, above 10000 (clear
// of well-known and commonly configured service ports), or above it when the range starts too low.
std::pair<std::uint16_t, std::uint16_t> launch_port_range(std::pair<std::uint16_t, std::uint16_t> ephemeral);

}  // namespace connectspec
