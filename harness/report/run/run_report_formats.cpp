#include "report/run/run_report_formats.hpp"

#include "report/run/html_report.hpp"
#include "report/run/json_report.hpp"
#include "report/run/junit_report.hpp"

namespace connectspec {

const std::vector<RunReportFormat>& run_report_formats() {
  static const std::vector<RunReportFormat> kFormats{
      {"junit", "JUnit XML", "", write_junit_report},
      {"json", "results JSON", "", write_json_report},
      {"html", "the HTML report", "one self-contained page", write_html_report},
  };
  return kFormats;
}

}  // namespace connectspec
