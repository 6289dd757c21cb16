// Holding thousands of tunnels needs thousands of descriptors: the soft limit is raised to the
// hard one (often 1024 soft, and 20 000 hard on CI machines).
#pragma once

#include <sys/resource.h>

#include <optional>
#include <string>

namespace connectspec::bench {

// Returns the soft limit now in force.
inline rlim_t raise_file_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
    ::getrlimit(RLIMIT_NOFILE, &lim);
  }
  return lim.rlim_cur;
}

// Raises the limit, then says why `hold` tunnels cannot be held by this process (one descriptor
// each, and some to spare), or nothing when they can.
inline std::optional<std::string> hold_exceeds_file_limit(int hold) {
  constexpr rlim_t kSpare = 256;
  rlim_t limit = raise_file_limit();
  if (limit == 0 || static_cast<rlim_t>(hold) + kSpare <= limit) return std::nullopt;
  return "--hold " + std::to_string(hold) + ": this process may open only " + std::to_string(limit) +
         " files (ulimit -n); hold at most " + std::to_string(limit > kSpare ? limit - kSpare : 0);
}

}  // namespace connectspec::bench
