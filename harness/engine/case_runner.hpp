// Runs one case from start to end: its own origins on fresh ports, a fresh client connection,
// the steps, then the verdict. Nothing is shared with other cases, so cases run in parallel.
#pragma once

#include "engine/run_context.hpp"
#include "model/result.hpp"

namespace connectspec {

asio::awaitable<CaseResult> run_case(const Case& c, const RunContext& ctx);

}  // namespace connectspec
