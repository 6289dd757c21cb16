// Latency percentiles by the nearest-rank method: p99 of 100 samples is the 99th smallest.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace connectspec::bench {

// `sorted` ascending; 0 when empty.
inline double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace connectspec::bench
