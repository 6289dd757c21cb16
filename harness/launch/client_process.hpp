// Runs the client under test once: a shell command line (its template already filled in), in a
// process group of its own with /dev/null as input and no proxy settings inherited from the
// environment, bounded in time and in what it may print. A client that hangs is killed with
// everything it started; one that prints megabytes costs a truncated record, not memory.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "trace/notifier.hpp"

namespace connectspec {

struct ClientRun {
  std::optional<int> exit_status;  // none: it could not start, was killed, or died of a signal
  std::string out, err;            // what it printed, each cut at its limit
  bool out_truncated = false, err_truncated = false;
  std::string problem;             // why there is no exit status ("killed after 15000 ms: it did not exit")
  double wall_ms = 0;
};

inline constexpr std::size_t kClientOutLimit = 1u << 20;
inline constexpr std::size_t kClientErrLimit = 64u << 10;

asio::awaitable<ClientRun> run_client_command(asio::any_io_executor ex, const std::string& command_line,
                                              const std::filesystem::path& working_dir,
                                              const std::vector<std::string>& extra_env,
                                              std::chrono::milliseconds limit);

}  // namespace connectspec
