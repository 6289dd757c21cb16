// The machine-readable results file (schema "connectspec-results/1", docs/results-schema.md).
#pragma once

#include <ostream>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// Writes one JSON document, in the order of results. Every result's test must be set. Of the
// requirement notes, those the cases cite are written, so the file explains itself.
void write_json_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results,
                       const RequirementNotes& notes = {});

}  // namespace connectspec
