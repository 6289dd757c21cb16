// `connectspec mutants`: the suite's self-test. Each fault of the reference proxy breaks one
// rule; the catalogue (expect/mutant_catalogue.hpp) names the cases that must then fail. A case
// that no mutant makes fail is reported too: a check that can never fail tests nothing.
#pragma once

#include <string>

#include "session/run_options.hpp"

namespace connectspec {

struct MutantsOptions {
  RunOptions run;          // cases dir, jobs, timeout scale, refproxy path
  std::string catalogue;   // mutants.toml
  std::string only;        // run just this fault
  bool coverage_only = false;  // only check that every case is listed under some fault
  bool matrix = false;     // run every case against the reference and every mutant
  std::string matrix_json; // write the kill matrix here
};

// Each mutant against the cases it is listed for (or, with matrix, session/kill_matrix.hpp).
int run_mutants(const MutantsOptions& opts);

}  // namespace connectspec
