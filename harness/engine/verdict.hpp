// Where the outcome of a case is decided, and nowhere else: from its checks, each graded at its own
// level (a failed MUST fails, a SHOULD not met warns and fails under --strict, MAY and INFO
// record); when it could not run (error) or need not (skip); when the proxy died during it; when
// the run was interrupted before it ended; and after --confirm's re-runs.
#pragma once

#include <string>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// The outcome its checks give, at the case's level.
void grade(CaseResult& result, Level level, bool strict);

// A case the harness could not run (its origins, an instance that would not start): error,
// which says nothing about the proxy.
CaseResult not_run(const Case& c, const std::string& why);
// `result` (of a case that started) ended by the harness's own error.
void harness_error(CaseResult& result, const std::string& why);
// A case that need not run here (a capability the proxy lacks, no IPv6 loopback).
CaseResult skipped(const Case& c, const std::string& why);
// The proxy died while the case ran: the proxy's failure, whatever the checks saw.
void proxy_died(CaseResult& result, const std::string& exit_description);
// A case the run was stopped (SIGINT, SIGTERM) before it ended: reported, not judged.
CaseResult interrupted(const Case& c, const std::string& signal);

// --confirm: a verdict the harness cannot reproduce must not be published as the proxy's. After
// the run, each case that failed or warned is run again alone; these decide which cases are
// re-run and what their verdict becomes, apart from the engine that runs them (so they can be
// tested without a proxy).

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
