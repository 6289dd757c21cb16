// Runs the selected cases against the proxy under test, `jobs` at a time on one io_context,
// each against the instance (variant) it needs, and supervises them: a case during which its
// instance died fails, and the instance is restarted for the next. A case that needs a
// capability the proxy does not declare is skipped, with the reason. A case during which an
// instance died while other cases ran beside it is run again alone, so that a crash is blamed
// on the case that causes it and not on its neighbours. Stress cases (`exclusive`) run alone
// after all the others, whatever --jobs is, so that no verdict depends on --jobs. And each case
// that failed or warned is run again alone (--confirm; an ordinary case before the stress cases
// run, a stress case after them): a verdict that does not repeat is marked unstable
// (engine/verdict.hpp) instead of being published as the proxy's.
#pragma once

#include <functional>
#include <vector>

#include "engine/run_context.hpp"
#include "launch/proxy_instances.hpp"
#include "model/result.hpp"

namespace connectspec {

struct SuiteRun {
  std::vector<CaseResult> results;     // in the order of `cases`
  std::optional<std::string> fatal;    // the plain instance could not be (re)started: the run stopped
};

struct SuiteSettings {
  int jobs = 8;     // cases in parallel
  int confirm = 1;  // --confirm: re-runs, alone and after every other case, of each that failed or warned
  // Called as each case ends. settled = false: a verdict still to be confirmed, reported again
  // (settled) after its re-runs, so that a run stopped in between still has the first verdict.
  std::function<void(const CaseResult&, bool settled)> on_case_done;
  std::function<bool()> stopping;  // true once the run is being interrupted: no re-run starts
};

asio::awaitable<SuiteRun> run_suite(const std::vector<const Case*>& cases, RunContext ctx, ProxyInstances& proxy,
                                    SuiteSettings settings);

}  // namespace connectspec
