// What a run is asked to do (`run`, and the runs `bench` and `mutants` make), and what it ends with.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_settings.hpp"
#include "model/protocol.hpp"
#include "model/result.hpp"
#include "session/exit_codes.hpp"
#include "session/suite_selection.hpp"
#include "trace/case_trace.hpp"

namespace connectspec {

struct RunOptions {
  Selection selection;
  std::string proxy;                        // HOST:PORT to attach to; empty = launch a profile
  std::string profile;                      // NAME or folder; empty = the reference proxy's profile
  std::string next_profile;                 // a second real proxy the first forwards every CONNECT to
  std::string profiles_dir;                 // where NAMEs are looked up; empty = fixtures/proxies
  std::vector<std::string> capabilities;    // what an attached proxy was configured for
  std::string credentials;                  // USER:PASSWORD an attached proxy demands
  std::string expect;                       // expected.toml to compare the verdicts with
  std::vector<std::string> refproxy_faults; // mutants of the reference proxy
  std::string refproxy;                     // path of connectspec-refproxy; empty = next to connectspec
  // --protocol: what the run speaks to the proxy (http/1.1, h2c, h2). Unset: the profile's first
  // `protocols`, or http/1.1 for --proxy; load_target resolves it (LoadedTarget::protocol).
  std::optional<Protocol> protocol;
  int jobs = 8;
  double timeout_scale = 1.0;
  bool strict = false;
  // Re-runs, alone, of each case that failed or warned (`run --confirm`, which defaults to 1). 0
  // here, so the programs that run cases for another purpose (mutants, bench) re-run nothing.
  int confirm = 0;
  int slowest = 0;                          // --slowest N: list the N slowest cases at the end
  bool verbose = false;
  bool quiet = false;                       // no per-case progress lines
  // The report files to write: a format's name (report/run/run_report_formats.hpp) -> path.
  // Empty paths are not written.
  std::map<std::string, std::string, std::less<>> reports;
  std::optional<bench::BenchSettings> bench;  // `run --bench`, `bench`: measure after the cases
  bool host_network = false;                // --host-network: launch in this machine's network, not a private one
  bool allow_non_loopback = false;          // --proxy/--relay may name an address off loopback
  std::size_t max_response_bytes = kDefaultMaxReceivedBytes;  // per connection, then reading stops

  // The path the report of this format goes to; empty when none was asked for.
  std::string report_path(std::string_view format) const {
    auto it = reports.find(format);
    return it == reports.end() ? std::string() : it->second;
  }
};

struct RunOutcome {
  int exit_code = kExitPass;
  RunInfo info;
  std::vector<CaseResult> results;
};

}  // namespace connectspec
