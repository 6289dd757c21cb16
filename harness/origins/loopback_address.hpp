// Origins only ever listen on loopback: a conformance run must not open ports to the network.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace connectspec {

namespace asio = boost::asio;

// Parses `host` as a loopback IP literal (127.0.0.0/8 or ::1); throws std::runtime_error for
// anything else, including host names, so nothing is resolved and nothing escapes the machine.
asio::ip::address loopback_address(const std::string& host);

// Whether this machine has an IPv6 loopback to listen on (::1): cases with a ::1 origin need it.
bool ipv6_loopback_available();

// Why a name lookup made on this machine could leave it, or nothing when none can: the cases
// tagged `offline` run only then. None can when every network interface that is up is a loopback
// one (so no packet leaves), the hosts line of /etc/nsswitch.conf names no service but `files`,
// `dns` and `myhostname` (nss-resolve, mdns and the like ask a daemon over a Unix socket, which may be outside
// this network namespace), and no nscd socket is there (nscd looks up for its clients).
// scripts/offline-run makes such a place.
std::optional<std::string> offline_network_problem();

// The part of it that reads /etc/nsswitch.conf: the first lookup service of its hosts line other
// than `files`, `dns` and `myhostname` (which answers for this host's own names itself) ("the hosts line of /etc/nsswitch.conf names 'resolve'"), or
// nothing. `[NOTFOUND=return]`-style actions and comments are not services.
std::optional<std::string> nsswitch_hosts_problem(std::string_view nsswitch_conf);

}  // namespace connectspec
