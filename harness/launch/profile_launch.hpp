// Turns a profile and a variant into a running proxy: picks the port, renders the config
// templates into the instance's private work directory, runs the prepare commands, and
// describes the launch (command, environment, logs, readiness, stop) for launch_proxy().
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "launch/instance_lane.hpp"
#include "launch/launched_proxy.hpp"
#include "model/protocol.hpp"
#include "profile/profile.hpp"
#include "tls/test_certificate.hpp"

namespace connectspec {

struct Credentials {
  std::string user = "connectspec";
  std::string password;
};

struct InstanceSettings {
  Variant variant = Variant::plain;
  Lane lane = Lane::shared;                  // a second process of the variant: its own folder
  std::filesystem::path work_dir;            // created by the caller's run; this instance gets a subfolder
  Credentials credentials;
  std::optional<Endpoint> upstream;          // the upstream variant's next proxy
  std::vector<std::string> extra_args;       // appended to the command (the reference proxy's faults)
  std::string executable_override;          // replaces the command's program (--refproxy)
  std::string implementation;                // "squid 5.7"
  double timeout_scale = 1.0;
  Protocol protocol = Protocol::http1;       // what the readiness probe speaks (the run's protocol)
  // The run's test certificate: written as PEM files into the instance's directory for
  // {{tls_cert}} and {{tls_key}} (a TLS front), and trusted by `tls_client`, which the h2 probe uses.
  const TestCertificate* certificate = nullptr;
  asio::ssl::context* tls_client = nullptr;
};

// The file names, in an instance's work directory, of {{tls_cert}} and {{tls_key}}.
inline constexpr const char* kTlsCertFile = "connectspec-tls-cert.pem";
inline constexpr const char* kTlsKeyFile = "connectspec-tls-key.pem";

// A LaunchSpec, or why the instance cannot be prepared (a template, a failing prepare command).
asio::awaitable<std::variant<LaunchSpec, std::string>> prepare_instance(asio::any_io_executor ex, const Profile& p,
                                                                        const InstanceSettings& s);

// "squid 5.7": the profile's name and the version its version command reports.
asio::awaitable<std::string> read_implementation_name(asio::any_io_executor ex, const Profile& p, double timeout_scale);

// The folder of the running connectspec executable ({{bin_dir}}).
std::filesystem::path own_directory();

}  // namespace connectspec
