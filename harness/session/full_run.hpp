// `connectspec run` from its options to its exit code: the suite loaded and selected, the target
// loaded, the run (session/run_session.hpp), its reports written, and with --expect its verdicts
// compared with the expected ones.
#pragma once

#include "session/run_options.hpp"

namespace connectspec {

// The process exit code (session/exit_codes.hpp; 128+signal when interrupted).
int run_and_report(const RunOptions& opts);

}  // namespace connectspec
