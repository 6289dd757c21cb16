// A proxy the harness starts, supervises and stops: its own process group (so nothing it forks
// outlives the run), its output captured to a log file, readiness = its port accepts, then the
// profile's own checks (a CONNECT through it, a log line).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "launch/free_port.hpp"
#include "launch/proxy_under_test.hpp"

namespace connectspec {

struct LaunchSpec {
  std::string display_name;                  // "squid 5.7"
  std::filesystem::path executable;
  std::vector<std::string> args;
  std::vector<std::string> env;              // "NAME=value", added to the harness's environment
  std::filesystem::path working_dir;         // empty: the harness's
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                    // 0: chosen by the harness, or announced (below)
  // When set, the proxy is started on port 0 and announces the port it bound in its output as
  // "<announce_prefix>host:port": no window in which another process can take a port we chose.
  std::string announce_prefix;
  std::filesystem::path log_file;            // the proxy's stdout and stderr
  std::vector<std::filesystem::path> extra_logs;  // files the proxy writes itself (tails on failure)
  std::optional<std::pair<std::filesystem::path, std::string>> ready_log;  // file (empty: log_file), text
  ReadinessProbe probe;                      // optional
  double timeout_scale = 1.0;
  int ready_timeout_ms = 10000;
  int stop_signal = 15;
  int stop_grace_ms = 2000;
};

std::unique_ptr<ProxyUnderTest> launch_proxy(asio::any_io_executor ex, LaunchSpec spec);

// The last max_bytes of a file ("" when it cannot be read).
std::string file_tail(const std::filesystem::path& file, std::size_t max_bytes);

}  // namespace connectspec
