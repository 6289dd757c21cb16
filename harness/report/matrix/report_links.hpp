// Where each compared run's HTML report is, and the links into it from a matrix page, Markdown
// file or JSON document written somewhere else.
#pragma once

#include <string>

#include "report/matrix/comparison.hpp"

namespace connectspec {

// The HTML report of a results file, when there is one beside it: X.html for X.json, else
// report.html in the same folder (scripts/publish-results and `run --html` put them there).
// "" when neither exists.
std::string find_report_beside(const std::string& results_file);

// A --report-link pattern for one run: {profile} (the file's name without .json when the run has
// no profile) and {stem} (the file's name without .json) are replaced, percent-encoded.
std::string expand_report_link(const std::string& pattern, const ComparedRun& run);

// The link to the run's report from a file written into output_dir ("" = the working
// directory): a relative, percent-encoded path, or the --report-link URL as it was expanded.
// "" when the run has no report.
std::string report_href(const ComparedRun& run, const std::string& output_dir);

// "#case-<id>", the anchor the HTML report gives each case, percent-encoded where needed.
std::string case_fragment(const std::string& case_id);

// Percent-encodes every byte but A-Z a-z 0-9 - . _ ~ and those in `keep`.
std::string percent_encode(const std::string& text, const std::string& keep = "");

}  // namespace connectspec
