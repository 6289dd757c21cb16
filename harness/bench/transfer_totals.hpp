// One tunnel's transfer in a throughput measurement, and the totals of all of them, the same for
// HTTP/1.1 tunnels and HTTP/2 streams: bytes, the sum of each tunnel's rate, the longest transfer's
// time, and the first failure.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "model/bench_result.hpp"

namespace connectspec::bench {

struct Transfer {
  std::uint64_t bytes = 0;
  double seconds = 0;
  std::string failure;
};

inline void add_transfers(ThroughputBench& r, const std::vector<Transfer>& transfers) {
  double seconds = 0;
  for (const auto& t : transfers) {
    if (!t.failure.empty() && r.failure.empty()) r.failure = t.failure;
    r.bytes += t.bytes;
    if (t.seconds > 0) r.bytes_per_second += static_cast<double>(t.bytes) / t.seconds;
    seconds = std::max(seconds, t.seconds);
  }
  r.seconds = seconds;
}

}  // namespace connectspec::bench
