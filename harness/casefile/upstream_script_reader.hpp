// [upstream.NAME] tables of a chain case: how the built-in upstream answers the CONNECTs
// forwarded for origin NAME; and the [[replies]] of a client case. Every problem is a
// file:line:col diagnostic.
#pragma once

#include <toml++/toml.h>

#include "input/diagnostics.hpp"
#include "model/upstream_script.hpp"

namespace connectspec {

std::vector<UpstreamScript> read_upstream_scripts(const toml::node& upstream, const std::string& file,
                                                  const std::vector<OriginSpec>& origins,
                                                  Diagnostics& diags);

// [[replies]] of a client case: how the scripted proxy answers each request, the first reply
// whose `authorized` fits the request; a 2xx tunnels to origin `tunnel`.
std::vector<UpstreamScript> read_replies(const toml::node& replies, const std::string& file, const std::string& tunnel,
                                         Diagnostics& diags);

}  // namespace connectspec
