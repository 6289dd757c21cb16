// `connectspec run`: the proxy under test (attached or launched), the cases, the reports.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/suite_selection.hpp"
#include "model/result.hpp"

namespace connectspec {

inline constexpr int kExitPass = 0, kExitFail = 1, kExitUsage = 2, kExitProxy = 3;

struct RunOptions {
  Selection selection;
  std::string proxy;                        // HOST:PORT to attach to; empty = launch the reference proxy
  std::vector<std::string> refproxy_faults; // mutants of the reference proxy
  std::string refproxy;                     // path of connectspec-refproxy; empty = next to connectspec
  int jobs = 8;
  double timeout_scale = 1.0;
  bool strict = false;
  bool verbose = false;
  bool quiet = false;                       // no per-case progress lines
  std::string junit, json;
};

struct RunOutcome {
  int exit_code = kExitPass;
  RunInfo info;
  std::vector<CaseResult> results;
};

// Runs the given cases; prints progress and the summary unless opts.quiet; writes no files.
RunOutcome execute_run(const std::vector<const Case*>& cases, const RunOptions& opts);

// The whole command: load, select, run, write reports. Returns the process exit code.
int run_command(const RunOptions& opts);

}  // namespace connectspec
