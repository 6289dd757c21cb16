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
  bool matrix = false;     // run every case against the reference and every mutant
  std::string matrix_json; // write the kill matrix here
};

struct Mutant {
  std::string fault;
  std::vector<std::string> kills;  // the cases it is declared to make fail
};

int mutants_command(const MutantsOptions& opts);

// kill_matrix.cpp: the whole suite against the reference proxy and against each mutant.
// Passes when the reference passes every case, every case is killed by some mutant, and every
// declared kill happens; prints the cases x mutants matrix either way.
int kill_matrix(const MutantsOptions& opts, const LoadedSuite& suite, const std::vector<Mutant>& mutants);

// Whether a result shows the broken rule: fail (MUST), warn (SHOULD), or for INFO cases, which
// never fail, a recorded behaviour that differs from the reference (a check not met).
bool killed(const CaseResult& r);

}  // namespace connectspec
