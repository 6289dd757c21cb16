// The setup figures from what a setup measurement saw, the same for HTTP/1.1 and HTTP/2: rate over
// the measured window, and latency percentiles.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "bench/percentiles.hpp"
#include "model/bench_result.hpp"

namespace connectspec::bench {

inline SetupBench setup_figures(std::vector<double> latencies_ms, std::uint64_t failures, double seconds,
                                std::string first_failure) {
  SetupBench r;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  r.tunnels = latencies_ms.size();
  r.failures = failures;
  r.seconds = seconds;
  r.per_second = static_cast<double>(r.tunnels) / r.seconds;
  r.p50_ms = percentile(latencies_ms, 50);
  r.p90_ms = percentile(latencies_ms, 90);
  r.p99_ms = percentile(latencies_ms, 99);
  r.max_ms = latencies_ms.empty() ? 0 : latencies_ms.back();
  r.first_failure = std::move(first_failure);
  return r;
}

}  // namespace connectspec::bench
