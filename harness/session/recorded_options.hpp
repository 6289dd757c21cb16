// The flags that shaped what a run measured, written as typed ("--refproxy-fault no-port-check",
// "--filter target.*"), for its reports: a run with a fault injected, a narrowed selection or
// stretched timeouts can never be mistaken for a clean, whole one. Passwords are not recorded.
#pragma once

#include <string>
#include <vector>

#include "session/client_session.hpp"
#include "session/run_options.hpp"

namespace connectspec {

std::vector<std::string> recorded_options(const RunOptions& opts);
std::vector<std::string> recorded_options(const ClientOptions& opts);

}  // namespace connectspec
