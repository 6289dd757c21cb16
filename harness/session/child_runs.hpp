// The self-tests (`mutants`, with or without --matrix) run many short suites against faulty
// builds of the reference proxy. Each is a `connectspec run` of its own, a child process with its
// own proxy, so one fault's crash or hang stays in its run; they mostly wait on proxies and
// timeouts, so several run at once, all driven by one io_context. Each child writes a results
// file, read back here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "report/read/results_reader.hpp"
#include "session/run_options.hpp"

namespace connectspec {

struct ChildRun {
  ChildRun(std::string fault_, Protocol protocol_) : fault(std::move(fault_)), protocol(protocol_) {}

  std::string fault;                         // empty: the reference proxy
  Protocol protocol = Protocol::http1;
  std::vector<std::string> filters;          // --filter globs; empty: the whole selection
  bool quick = false;                        // --quick: without the cases that wait out a timer (tag slow)
  // After it ran: its results, or the exit status of a run that failed as a whole (2 bad usage,
  // 3 the proxy could not be started) with its console output.
  std::unique_ptr<LoadedResults> results;
  std::optional<int> failed_exit;
  std::string log;

  std::string label() const;                 // "the reference over http/1.1", "fault X over h2c"
};

// How many children run at once: their runs mostly wait (on proxies and timeouts), so more than
// the cores; each also starts its cases --jobs at a time.
inline constexpr int kConcurrentRuns = 6;

// Runs each child with the options' cases, catalogue, jobs, timeout scale and refproxy, at most
// `concurrent` at a time, in the order given (put the slow ones first, so they overlap the rest).
// No re-runs (--confirm 0): a self-test wants each run's first verdicts.
void run_children(std::vector<ChildRun>& runs, const RunOptions& opts, int concurrent);

}  // namespace connectspec
