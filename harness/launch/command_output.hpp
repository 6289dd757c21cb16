// Runs a short helper command (a version query, a profile's prepare step) without blocking the
// event loop, bounded in time, and returns what it printed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "trace/notifier.hpp"

namespace connectspec {

struct CommandOutput {
  std::string output;               // stdout and stderr, interleaved, at most 64 KiB
  std::optional<int> exit_status;   // none: could not start, killed, or timed out
  std::string problem;              // why there is no exit status
};

asio::awaitable<CommandOutput> run_command_output(asio::any_io_executor ex, const std::vector<std::string>& argv,
                                                  const std::vector<std::string>& extra_env,
                                                  std::chrono::milliseconds limit);

}  // namespace connectspec
