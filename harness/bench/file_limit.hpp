// Holding thousands of tunnels needs thousands of descriptors: the soft limit is raised to the
// hard one (often 1024 soft, and 20 000 hard on CI machines).
#pragma once

#include <sys/resource.h>

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

}  // namespace connectspec::bench
