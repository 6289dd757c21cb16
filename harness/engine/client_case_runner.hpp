// Runs one client case: its origins and its scripted proxy on fresh ports, the client under
// test once, with its command filled in for the case; then the checks on what was recorded,
// and the verdict. Nothing is shared with other cases, so cases run in parallel.
#pragma once

#include "engine/client_run_context.hpp"
#include "model/result.hpp"

namespace connectspec {

asio::awaitable<CaseResult> run_client_case(const Case& c, const ClientRunContext& ctx);

// Why the client cannot run case `c` (a capability or URL scheme it lacks); empty when it can.
std::string client_cannot_run(const Case& c, const ClientUnderTest& client);

}  // namespace connectspec
