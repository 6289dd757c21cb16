// The mutant catalogue (fixtures/refproxy/mutants.toml): each fault of the reference proxy breaks
// one rule, and the catalogue names the cases that must then fail. Read here and nowhere else.
#pragma once

#include <string>
#include <vector>

#include "input/diagnostics.hpp"
#include "model/result.hpp"

namespace connectspec {

struct Mutant {
  std::string fault;
  std::vector<std::string> kills;  // the cases it is declared to make fail
};

// [[mutant]] fault = "...", kills = [case ids]; every id must be one of `case_ids`.
std::vector<Mutant> read_mutant_catalogue(const std::string& path, const std::vector<std::string>& case_ids,
                                          Diagnostics& problems);

// Whether a result shows the broken rule: fail (MUST), warn (SHOULD), or for INFO cases, which
// never fail, a recorded behaviour that differs from the reference (a check not met).
bool killed(const CaseResult& r);

}  // namespace connectspec
