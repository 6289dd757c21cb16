// The in-memory form of a proxy profile (fixtures/proxies/<name>/profile.toml, docs/profile-format.md):
// how to install, start, probe and stop one proxy implementation, and which variants it offers.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/capability.hpp"
#include "model/protocol.hpp"

namespace connectspec {

struct ReadyLog {
  std::string file;  // in the work directory; empty = the proxy's own stdout/stderr
  std::string text;
};

struct Profile {
  std::string name;
  std::string description;
  std::string changes;                      // deviations from the packaged defaults, and why
  std::vector<std::string> capabilities;
  // `protocols`: what the proxy speaks to its clients, the run's default first ("http/1.1" alone
  // when the key is absent). A run asking for another one is refused (exit 2).
  std::vector<Protocol> protocols{Protocol::http1};
  std::filesystem::path dir;                // absolute

  std::vector<std::string> debian_packages;
  bool npm = false;

  std::vector<std::string> version_command;
  std::string version_pattern;

  std::vector<std::string> command;         // templates
  std::vector<std::string> templates;       // files in dir, rendered into the work directory
  std::vector<std::vector<std::string>> prepare;
  std::map<std::string, std::string> env;
  std::vector<std::string> logs;            // files in the work directory
  std::optional<ReadyLog> ready_log;
  int ready_timeout_ms = 15000;
  std::string announce;                     // non-empty: the proxy picks its port and prints it
  bool ready_connect = true;                // readiness includes one CONNECT answered with a 2xx
  // Launched in connectspec's private network (launch/private_network.hpp), whose kernel gives up
  // a dial after 7 s: for a proxy with no connect timeout of its own to set short.
  bool private_network = false;

  int stop_signal = 15;                     // SIGTERM
  int stop_grace_ms = 3000;

  bool has_capability(std::string_view c) const;
  bool speaks(Protocol p) const;
};

}  // namespace connectspec
