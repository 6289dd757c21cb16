// --confirm: a verdict the harness cannot reproduce must not be published as the proxy's. After
// the run, each case that failed or warned is run again alone; this file decides which cases
// are re-run and what their verdict becomes, apart from the engine that runs them (so it can be
// tested without a proxy).
#pragma once

#include <vector>

#include "model/result.hpp"

namespace connectspec {

// Fail and warn are confirmed. Pass, info and skip are not; nor is error, which is the harness's
// or the launch's and says nothing about the proxy.
bool needs_confirmation(const CaseResult& r);

// Whether a re-run's outcome is a verdict on the proxy, rather than a run that did not happen
// (error: the instance could not be started, the run was stopping; skip).
bool is_verdict(Outcome o);

// Records the re-runs on the first run's result, whose checks and transcript are kept. When a
// re-run's verdict differs from the first, the case is unstable: its outcome becomes the best
// verdict seen (pass, info, warn, fail in that order), so it is never counted as a failure, and
// its reason begins "unstable: fail then pass on re-run; " followed by the first run's reason.
// No re-runs: the result is left as it is.
void apply_reruns(CaseResult& first, const std::vector<Outcome>& reruns);

}  // namespace connectspec
