// `connectspec mutants --matrix`: the whole suite against the reference proxy and against each
// mutant, each a `connectspec run` of its own whose results file is read back. Passes when the
// reference passes every case, every case is killed by some mutant, and every declared kill
// happens; prints the cases x mutants matrix either way.
#pragma once

#include <vector>

#include "expect/mutant_catalogue.hpp"
#include "session/mutant_runs.hpp"

namespace connectspec {

int kill_matrix(const MutantsOptions& opts, const LoadedSuite& suite, const std::vector<Mutant>& mutants);

}  // namespace connectspec
