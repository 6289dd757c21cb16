// A bench with every measurement and fields a writer must escape, shared by the bench tests.
#pragma once

#include "model/bench_result.hpp"

namespace connectspec::testing {

inline BenchResult sample_bench() {
  BenchResult b;
  b.implementation = "squid 5.7 <b>&</b>";
  b.target = "127.0.0.1:3128";
  b.started_at = "2024-05-01T12:00:00Z";
  b.harness_version = "0.1.0";
  b.wall_ms = 12345.6789;
  b.params = {"proxy", 64, 16, 1000, 3000, 500, 65536, 2};
  b.setup = SetupBench{36912, 3, 3.000004, 12304.12345, 0.8123, 1.2, 3.456, 12.3456, "503 \"Service\" <Unavailable>"};
  b.throughput.push_back({"upload", 1, 4560000000, 3, 1520000000.0004, ""});
  b.throughput.push_back({"download", 1, 4440000000, 3, 1480000000, ""});
  b.throughput.push_back({"upload", 16, 9300000000, 3, 3100000000, ""});
  b.throughput.push_back({"download", 16, 870000000, 3, 290000000, "reset after 12 MB <rst>"});
  b.hold = HoldBench{1000, 1000, 998, 1.23456, 45.678, "tunnel 17: no echo\x01"};
  return b;
}

}  // namespace connectspec::testing
