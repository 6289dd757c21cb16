// The checks of a client case, made after the client exited, on what was recorded: the requests
// the scripted proxy received, how the client's run ended, and what the origins got through the
// tunnel. Pure functions of the record, so each verdict can be tested without a client.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "casefile/placeholders.hpp"
#include "launch/client_process.hpp"
#include "model/result.hpp"
#include "origins/origin.hpp"
#include "upstream/scripted_proxy.hpp"

namespace connectspec {

struct ClientRecord {
  std::vector<ScriptedProxy::Request> requests;
  ClientRun run;
  std::map<std::string, std::shared_ptr<Origin>> origins;
  PlaceholderValues values;   // ${NAME.port} ... of the case's origins
  TextValues texts;           // ${auth.*}
};

// A check's grade as met (ok) or not (failed), before it is set at the step's level.
struct Judgement {
  bool met = false;
  bool applies = true;  // false: the rule does not bind what the client did (not reached, not judged)
  std::string expected, observed;
};

Judgement judge_request(const step::ExpectRequest& a, const ClientRecord& r);
Judgement judge_client(const step::ExpectClient& a, const ClientRecord& r);
Judgement judge_origin(const step::ExpectOrigin& a, const ClientRecord& r);

}  // namespace connectspec
