#include "origins/loopback_address.hpp"

#include <ifaddrs.h>
#include <net/if.h>

#include <filesystem>
#include <fstream>
#include <sstream>
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

std::optional<std::string> nsswitch_hosts_problem(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::string database;
    if (!(words >> database) || database != "hosts:") continue;
    std::string word;
    int depth = 0;  // inside [ ... ]: an action, not a service
    while (words >> word) {
      for (const char c : word) depth += c == '[' ? 1 : c == ']' ? -1 : 0;
      if (word.front() == '[' || word.back() == ']' || depth > 0) continue;
      if (word != "files" && word != "dns" && word != "myhostname")
        return "the hosts line of /etc/nsswitch.conf names '" + word +
               "', which may look names up outside this network namespace";
    }
    return std::nullopt;
  }
  return std::nullopt;  // no hosts line: glibc's default is "dns files"
}

std::optional<std::string> offline_network_problem() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return std::string("cannot list the network interfaces");
  std::optional<std::string> up;
  for (const ifaddrs* i = list; i && !up; i = i->ifa_next)
    if ((i->ifa_flags & IFF_UP) && !(i->ifa_flags & IFF_LOOPBACK))
      up = std::string("network interface ") + i->ifa_name + " is up";
  ::freeifaddrs(list);
  if (up) return up;
  std::ifstream nsswitch("/etc/nsswitch.conf");
  if (nsswitch) {
    std::stringstream text;
    text << nsswitch.rdbuf();
    if (auto why = nsswitch_hosts_problem(text.str())) return why;
  }
  std::error_code ec;
  for (const char* socket : {"/run/nscd/socket", "/var/run/nscd/socket"})
    if (std::filesystem::exists(socket, ec)) return std::string("nscd listens at ") + socket + " and would look names up for its clients";
  return std::nullopt;
}

}  // namespace connectspec
