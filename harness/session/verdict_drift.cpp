#include "session/verdict_drift.hpp"

#include <iostream>

#include "report/shared/counted.hpp"
#include "session/exit_codes.hpp"

namespace connectspec {

int report_verdict_drift(const std::string& file, const ExpectedVerdicts& expected, const std::vector<CaseResult>& results) {
  auto diffs = compare_verdicts(expected, results);
  if (diffs.empty()) {
    std::cout << "verdicts match " << file << " (" << counted(results.size(), "case", "cases") << ", " << expected.size()
              << " expected not to pass)\n";
    return kExitPass;
  }
  std::cout << "verdicts differ from " << file << " (" << diffs.size() << "):\n";
  for (const auto& d : diffs) {
    std::string kind = d.observed == "pass" ? "NEW PASS    " : d.expected == "pass" ? "NEW FAILURE " : "CHANGED     ";
    std::cout << "  " << kind << d.case_id << ": expected " << d.expected
              << (d.expected_reason.empty() ? "" : " (" + d.expected_reason + ")") << ", got " << d.observed
              << (d.observed_reason.empty() ? "" : ": " + d.observed_reason) << "\n";
  }
  return kExitFail;
}

}  // namespace connectspec
