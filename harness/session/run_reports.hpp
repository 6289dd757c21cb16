// Writing the report files a command was asked for (report/run/run_report_formats.hpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// Writes every format of `paths` (format name -> path; empty paths skipped). False when some
// file could not be written (each such failure is said on stderr).
bool write_run_reports(const std::map<std::string, std::string, std::less<>>& paths, const RunInfo& info,
                       const std::vector<CaseResult>& results, const RequirementNotes& notes);

}  // namespace connectspec
