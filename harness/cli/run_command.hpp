// `connectspec run`: the proxy under test (attached or launched), the cases, the reports.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "bench/bench_settings.hpp"
#include "cli/suite_selection.hpp"
#include "trace/case_trace.hpp"
#include "launch/profile_launch.hpp"
#include "model/result.hpp"
#include "profile/profile.hpp"

namespace connectspec {

inline constexpr int kExitPass = 0, kExitFail = 1, kExitUsage = 2, kExitProxy = 3;

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
  int jobs = 8;
  double timeout_scale = 1.0;
  bool strict = false;
  // Re-runs, alone, of each case that failed or warned (`run --confirm`, which defaults to 1). 0
  // here, so the programs that run cases for another purpose (mutants, bench) re-run nothing.
  int confirm = 0;
  bool verbose = false;
  bool quiet = false;                       // no per-case progress lines
  std::string junit, json;
  std::string html;                         // the HTML report of the run
  std::optional<bench::BenchSettings> bench;  // `run --bench`, `bench`: measure after the cases
  bool allow_non_loopback = false;          // --proxy/--relay may name an address off loopback
  std::size_t max_response_bytes = kDefaultMaxReceivedBytes;  // per connection, then reading stops
};

struct RunOutcome {
  int exit_code = kExitPass;
  RunInfo info;
  std::vector<CaseResult> results;
};

// What a run tests: an attached proxy, or a loaded profile; and the credentials cases use.
struct LoadedTarget {
  std::optional<Endpoint> attach;
  std::optional<Profile> profile;
  std::optional<Profile> next;              // --next-proxy: the chain's second proxy
  Credentials credentials;
};

// Reads --proxy/--profile and friends; on a problem prints it and returns the exit code (2).
std::variant<LoadedTarget, int> load_target(const RunOptions& opts);

// Runs the given cases; prints progress and the summary unless opts.quiet; writes no files.
// `notes` (the catalogue's word on each requirement) lets the console cite what a failed check demands.
RunOutcome execute_run(const std::vector<const Case*>& cases, const RunOptions& opts, const LoadedTarget& target,
                       const RequirementNotes& notes = {});

// The whole command: load, select, run, write reports. Returns the process exit code.
int run_command(const RunOptions& opts);

}  // namespace connectspec
