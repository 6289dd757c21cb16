// The parts of a case file, each read by its own reader (origin_reader.cpp, step_reader.cpp).
#pragma once

#include <toml++/toml.h>

#include "input/toml_fields.hpp"
#include "model/case.hpp"

namespace connectspec {

// [origins] name = "echo" | { kind = "source", bytes = 1024, seed = 7, host = "::1", banner = ".." }
std::vector<OriginSpec> read_origins(const toml::node& origins, const std::string& file,
                                     Diagnostics& diags);

// [[steps]] — each table holds exactly one action key plus that action's modifiers.
std::vector<Step> read_steps(const toml::node& steps, const std::string& file,
                             const std::vector<OriginSpec>& origins, Protocol protocol, Role role,
                             Diagnostics& diags);

}  // namespace connectspec
