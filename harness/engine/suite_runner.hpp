// Runs the selected cases against the proxy under test, `jobs` at a time on one io_context,
// and supervises the proxy: a case during which it died fails, and it is restarted for the next.
#pragma once

#include <functional>
#include <vector>

#include "engine/run_context.hpp"
#include "launch/proxy_under_test.hpp"
#include "model/result.hpp"

namespace connectspec {

struct SuiteRun {
  std::vector<CaseResult> results;     // in the order of `cases`
  std::optional<std::string> fatal;    // the proxy could not be (re)started: the run stopped
};

asio::awaitable<SuiteRun> run_suite(const std::vector<const Case*>& cases, RunContext ctx, ProxyUnderTest& proxy,
                                    int jobs, std::function<void(const CaseResult&)> on_case_done);

}  // namespace connectspec
