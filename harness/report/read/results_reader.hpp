// Reading a results file (connectspec-results/2, or the older /1; docs/results-schema.md) back
// into the structures a run produces, so `merge`, `compare` and the report writers work on files
// as well as on runs. A /1 file's checks are read in /2 terms (each at its case's level).
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

struct LoadedResults {
  std::string path;                 // the file it was read from
  RunInfo info;
  RequirementNotes requirements;
  std::deque<Case> cases;           // each case's metadata as the file records it (no steps)
  std::vector<CaseResult> results;  // in file order; each `test` points into `cases`

  LoadedResults() = default;
  LoadedResults(const LoadedResults&) = delete;  // results point into cases
  LoadedResults& operator=(const LoadedResults&) = delete;
};

// Null on a problem, with `error` naming the file and where: "r.json:12:5: syntax error" for
// JSON that does not parse, "r.json: cases[3].outcome: unknown outcome 'pased'" for JSON that
// is not a results file. Transcript bytes are decoded back from the visible-bytes notation.
std::unique_ptr<LoadedResults> read_results_file(const std::string& path, std::string& error);

// The same, from text already in memory (`path` only names it in errors).
std::unique_ptr<LoadedResults> read_results_text(const std::string& text, const std::string& path, std::string& error);

}  // namespace connectspec
