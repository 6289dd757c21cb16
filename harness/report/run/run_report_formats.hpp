// The report files of one run, each a format with a name (its flag: --junit, --json, --html) and
// one writer. `run` and `merge` offer every format listed here and write those asked for, so a
// new format is one writer file in this folder and one line in run_report_formats.cpp.
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// What every run report is written from: the run, its results, and the catalogue's word on each
// requirement the results cite.
using RunReportWriter = void (*)(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results,
                                 const RequirementNotes& notes);

struct RunReportFormat {
  std::string_view name;  // the flag without its dashes, and the key of RunOptions::reports
  std::string_view what;  // for the flag's help: "Write <what> here (<note>)"
  std::string_view note;  // may be empty
  RunReportWriter write;
};

// In the order they are written.
const std::vector<RunReportFormat>& run_report_formats();

}  // namespace connectspec
