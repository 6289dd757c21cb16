// Runs the selected cases against the proxy under test, `jobs` at a time on one io_context,
// each against the instance (variant) it needs, and supervises them: a case during which its
// instance died fails, and the instance is restarted for the next. A case that needs a
// capability the proxy does not declare is skipped, with the reason. A case during which an
// instance died while other cases ran beside it is run again alone, so that a crash is blamed
// on the case that causes it and not on its neighbours.
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

asio::awaitable<SuiteRun> run_suite(const std::vector<const Case*>& cases, RunContext ctx, ProxyInstances& proxy,
                                    int jobs, std::function<void(const CaseResult&)> on_case_done);

}  // namespace connectspec
