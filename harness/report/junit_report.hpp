// JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters): one testsuite per topic.
#pragma once

#include <ostream>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// fail -> <failure>, error -> <error>, skip -> <skipped>; warn and info count as passes with the
// reason in <system-out>. Every result's test must be set.
void write_junit_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results);

}  // namespace connectspec
