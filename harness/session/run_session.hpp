// One run from a loaded target to its outcome, on one io_context: the proxy under test launched
// (or attached to), the chain's second proxy and the built-in upstream when cases need them, the
// cases run (engine/suite_runner), the bench after them when asked, SIGINT/SIGTERM handled (the
// first stops the proxy and keeps the finished cases, the second leaves at once), the proxies'
// logs kept beside the JSON report. Prints progress and the summary unless opts.quiet; writes no
// report file.
#pragma once

#include <vector>

#include "session/run_options.hpp"
#include "session/run_target.hpp"

namespace connectspec {

// `notes` (the catalogue's word on each requirement) lets the console cite what a failed check demands.
RunOutcome execute_run(const std::vector<const Case*>& cases, const RunOptions& opts, const LoadedTarget& target,
                       const RequirementNotes& notes = {});

}  // namespace connectspec
