// The machine-readable results file (schema "connectspec-results/2", docs/results-schema.md).
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// What write_json_report writes. /2 grades each check at its own level (each check carries its
// level and requirement; grades noted and not_reached); results_reader still reads /1.
inline constexpr std::string_view kResultsSchema = "connectspec-results/2";
inline constexpr std::string_view kResultsSchemaV1 = "connectspec-results/1";

// Writes one JSON document, in the order of results. Every result's test must be set. Of the
// requirement notes, those the cases cite are written, so the file explains itself.
void write_json_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results,
                       const RequirementNotes& notes = {});

}  // namespace connectspec
