// What a run tests: a proxy already running (--proxy) or a profile to launch (--profile, default
// the reference proxy), the chain's second proxy (--next-proxy), and the credentials cases use.
#pragma once

#include <optional>
#include <variant>

#include "launch/profile_launch.hpp"
#include "net/endpoint.hpp"
#include "profile/profile.hpp"
#include "session/run_options.hpp"

namespace connectspec {

struct LoadedTarget {
  std::optional<Endpoint> attach;
  std::optional<Profile> profile;
  std::optional<Profile> next;              // --next-proxy: the chain's second proxy
  Credentials credentials;
  Protocol protocol = Protocol::http1;      // what the run speaks to the proxy: --protocol, else the default
  std::string network;                      // where a launched proxy runs (RunInfo::network)
};

// Reads --proxy/--profile and friends; on a problem prints it and returns the exit code (2).
std::variant<LoadedTarget, int> load_target(const RunOptions& opts);

// How the run names what it tests before a profile's version is known.
std::string target_name(const LoadedTarget& target);

}  // namespace connectspec
