// `connectspec compare`: several results files side by side. A matrix of cases x runs (the
// formats of report/matrix/matrix_formats.hpp, or text on stdout), the same per requirement, and
// what changed between consecutive runs of one implementation (docs/compare.md).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace connectspec {

struct CompareOptions {
  std::vector<std::string> inputs;   // results files, one column each, in this order
  // A matrix format's name -> the path to write it to; none: a text matrix on stdout.
  std::map<std::string, std::string, std::less<>> outputs;
  std::string report_link;           // link pattern for each run's HTML report ({profile}, {stem})
  std::string title;                 // of the page and the Markdown
  std::string catalogue;             // requirement notes for files that carry none
  bool changes = false;              // list changes between consecutive runs of different implementations too
  bool fail_on_regression = false;   // exit 1 when a change is a regression
};

// 0 when the comparison was written (compare does not judge the runs), 1 with
// --fail-on-regression when some case regressed, 2 when an input cannot be read or is not a
// results file (each such file is named) or an output cannot be written.
int compare_and_report(const CompareOptions& opts);

}  // namespace connectspec
