// A proxy the harness starts, supervises and stops: its own process group (so nothing it forks
// outlives the run), its output captured to a log file, readiness = its port accepts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "launch/proxy_under_test.hpp"

namespace connectspec {

struct LaunchSpec {
  std::string display_name;                  // used when the version cannot be read
  std::filesystem::path executable;
  std::vector<std::string> args;             // "{port}" and "{host}" are replaced
  std::vector<std::string> version_args;     // e.g. {"--version"}; first output line names it
  // When set, the proxy is started on port 0 and announces the port it bound in its output as
  // "<announce_prefix>host:port": no window in which another process can take a port we chose.
  std::string announce_prefix;
  std::string host = "127.0.0.1";
  std::filesystem::path log_file;
  double timeout_scale = 1.0;
  int ready_timeout_ms = 10000;
  int stop_grace_ms = 2000;
};

std::unique_ptr<ProxyUnderTest> launch_proxy(asio::any_io_executor ex, LaunchSpec spec);

// A TCP port on host that nothing listens on right now.
std::uint16_t free_loopback_port(const std::string& host);

}  // namespace connectspec
