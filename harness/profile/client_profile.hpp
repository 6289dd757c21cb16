// A client profile (fixtures/clients/NAME/profile.toml): how to run one CONNECT client under
// test. `command` is a shell command line with {placeholders} the harness fills in per case,
// each value shell-quoted: {proxy} (http://[USER:PASS@]127.0.0.1:PORT), {proxy_host},
// {proxy_port}, {url}, {url_host}, {url_port}, {cafile}, {user}, {password}, {dir} (the
// profile folder) and {build} (compiled helpers: $CONNECTSPEC_CLIENT_BUILD, else build/clients).
// `two_users_command`, optional, fetches {url} through {proxy} (one user), then through {proxy2}
// (another user: {user2}, {password2}) in one process; with it the client supports "two-users".
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "input/diagnostics.hpp"

namespace connectspec {

struct ClientProfile {
  std::string name;
  std::string description;
  std::string command;               // the template
  std::string two_users_command;     // the template of a two-user run; empty: not supported
  std::string version_command;       // its first line names the client in reports
  std::vector<std::string> schemes{"https"};  // URL schemes it fetches: https, http, tcp
  std::vector<std::string> supports;          // client capabilities (model/capability.hpp)
  std::string notes;
  std::filesystem::path dir;         // the profile folder (empty for --command)
};

inline constexpr std::string_view kClientPlaceholders[] = {"proxy", "proxy_host", "proxy_port", "url", "url_host",
                                                           "url_port", "cafile", "user", "password", "dir", "build",
                                                           "proxy2", "user2", "password2"};

// The clients folder to use: ./fixtures/clients, else the one in the source tree.
std::filesystem::path default_clients_dir();

ClientProfile load_client_profile(const std::filesystem::path& dir, Diagnostics& problems);

// The first unknown or unclosed {placeholder} of a command template, as a message; empty if none.
std::string check_client_command(const std::string& command);

// `command` with each {name} replaced by the shell-quoted value (single quotes).
std::string fill_client_command(const std::string& command, const std::map<std::string, std::string>& values);

}  // namespace connectspec
