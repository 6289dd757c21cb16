// The renderings of a comparison (`connectspec compare`): one self-contained HTML page, the
// connectspec-matrix/1 JSON document (docs/compare.md), GitHub-flavoured Markdown for a README,
// and a compact text matrix for a terminal. Each only renders what compare_runs decided.
#pragma once

#include <ostream>
#include <string>

#include "report/matrix/comparison.hpp"

namespace connectspec {

struct MatrixPage {
  std::string title = "connectspec: CONNECT proxies compared";
  std::string output_dir;  // where the file is written, so links to the runs' reports are relative to it
};

// Tabs for the case matrix, the requirements and the changes; a sticky header with each run's
// totals; filter, "only disagreements" and sorting in a small inline script. No network, works
// from file://, prints every view.
void write_matrix_html(std::ostream& out, const Comparison& c, const MatrixPage& page);

// connectspec-matrix/1, documented in docs/compare.md.
void write_matrix_json(std::ostream& out, const Comparison& c, const MatrixPage& page);

// A headline table (one row per run) first, then the changes, the legend and one case table per
// topic; column headers link to the runs' reports.
void write_matrix_markdown(std::ostream& out, const Comparison& c, const MatrixPage& page);

// For a terminal: each run's totals, then one line per case with a column per run, disagreeing
// rows marked, and the changes. Plain text, no colour.
void write_matrix_text(std::ostream& out, const Comparison& c);

// The symbol each rendering gives an outcome.
std::string_view outcome_symbol_html(Outcome);      // ✓ ✗ ! i – ‼ (with a colour, never alone)
std::string_view outcome_symbol_markdown(Outcome);  // ✅ ❌ ⚠️ ℹ️ ⏭️ 💥

}  // namespace connectspec
