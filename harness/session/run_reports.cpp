#include "session/run_reports.hpp"

#include "report/run/run_report_formats.hpp"
#include "session/output_file.hpp"

namespace connectspec {

bool write_run_reports(const std::map<std::string, std::string, std::less<>>& paths, const RunInfo& info,
                       const std::vector<CaseResult>& results, const RequirementNotes& notes) {
  bool written = true;
  for (const RunReportFormat& format : run_report_formats()) {
    auto it = paths.find(format.name);
    if (it == paths.end() || it->second.empty()) continue;
    written = write_file(it->second, [&](std::ostream& o) { format.write(o, info, results, notes); }) && written;
  }
  return written;
}

}  // namespace connectspec
