// What every case of a client run shares: the client under test and how to run it, the TLS
// material of the origins, and how to scale waits.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "trace/notifier.hpp"

namespace connectspec {

struct ClientUnderTest {
  std::string name;                    // for reports: the profile's name, "command" or the reference client
  std::string command;                 // the template (profile/client_profile.hpp names its placeholders)
  std::string two_users_command;       // for cases that need "two-users"; empty: none
  std::string version_command;         // its first line of output names the client in reports
  std::vector<std::string> schemes{"https"};
  std::vector<std::string> supports;   // client capabilities
  std::filesystem::path dir;           // where the command runs (the profile folder, or the current one)
  std::string build_dir;               // {build}
};

struct ClientRunContext {
  asio::any_io_executor executor;
  const ClientUnderTest* client = nullptr;
  std::string cafile;                   // {cafile}: PEM of the certificate the https origins serve
  asio::ssl::context* tls_server = nullptr;
  double timeout_scale = 1.0;
  bool strict = false;
  bool ipv6_available = true;

  std::chrono::milliseconds scaled(int ms) const {
    return std::chrono::milliseconds(static_cast<long long>(ms * timeout_scale));
  }
};

}  // namespace connectspec
