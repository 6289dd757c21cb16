// [upstream.NAME] tables of a chain case: how the built-in upstream answers the CONNECTs
// forwarded for origin NAME. Every problem is a file:line:col diagnostic.
#pragma once

#include <toml++/toml.h>

#include "input/diagnostics.hpp"
#include "model/upstream_script.hpp"

namespace connectspec {

std::vector<UpstreamScript> read_upstream_scripts(const toml::node& upstream, const std::string& file,
                                                  const std::vector<OriginSpec>& origins,
                                                  Diagnostics& diags);

}  // namespace connectspec
