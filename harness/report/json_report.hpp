// The machine-readable results file (schema "connectspec-results/1", docs/results-schema.md).
#pragma once

#include <ostream>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// Writes one JSON document, in the order of results. Every result's test must be set.
void write_json_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results);

}  // namespace connectspec
