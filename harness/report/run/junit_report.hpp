// JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters): one testsuite per topic.
#pragma once

#include <ostream>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// fail -> <failure>, error -> <error>, skip -> <skipped>; warn and info count as passes with the
// reason in <system-out> (a SHOULD check not met is a <failure> only when --strict made the case
// fail), and so does a pass with a noted difference ("NOTE: 503 where 400 is usual"). A failure's
// message is the case's reason and its type the level of the check that failed it; its body, and
// a warning's <system-out>, cite each check not met: grade, level, requirement ID, RFC section,
// keyword (when it is not the level's word) and the paraphrase from `notes`, then expected and
// observed. A case re-run by --confirm has the properties `reruns` ("fail then pass") and
// `unstable`; an unstable case that passed says so in <system-out>. Every result's test must be set.
void write_junit_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results,
                        const RequirementNotes& notes = {});

}  // namespace connectspec
