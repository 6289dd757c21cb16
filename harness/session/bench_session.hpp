// `connectspec bench`: how a target performs, measured with the harness's own bench origin:
// CONNECT setup rate and latency, throughput, tunnels held at once. The target is a proxy
// (--proxy, --profile, default the reference proxy), nothing (--direct: the harness's own
// ceiling), or a plain TCP relay to the bench origin (--relay, for baselines such as socat).
#pragma once

#include <string>
#include <vector>

#include "session/run_options.hpp"

namespace connectspec {

struct BenchOptions {
  RunOptions run;                 // --proxy, --profile, --refproxy, --timeout-scale; run.bench holds the settings
  bool direct = false;
  std::string relay;              // HOST:PORT of a relay that forwards to the bench origin
  int origin_port = 0;            // where the bench origin listens (needed with --relay)
  std::vector<std::string> only;  // setup, throughput, hold
  std::string json, html;
};

// Exit 0 when it measured, 2 on bad usage, 3 when the target could not be started or reached.
int bench_and_report(BenchOptions opts);

}  // namespace connectspec
