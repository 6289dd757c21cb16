// `connectspec mutants`: the suite's self-test. Each fault of the reference proxy breaks one
// rule; the catalogue (fixtures/refproxy/mutants.toml) names the cases that must then fail.
// A case that no mutant makes fail is reported too: a check that can never fail tests nothing.
#pragma once

#include <string>

#include "cli/run_command.hpp"

namespace connectspec {

struct MutantsOptions {
  RunOptions run;          // cases dir, jobs, timeout scale, refproxy path
  std::string catalogue;   // mutants.toml
  std::string only;        // run just this fault
  bool coverage_only = false;  // only check that every case is listed under some fault
};

int mutants_command(const MutantsOptions& opts);

}  // namespace connectspec
