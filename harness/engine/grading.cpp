#include "engine/grading.hpp"

#include <algorithm>

namespace connectspec {

// The outcome is the worst of the checks, each already graded at its own level: a failed MUST
// check fails the case, a SHOULD check not met warns (fails under --strict), a MAY or INFO check
// not met and a preference not followed only leave a note in the reason.
void grade(CaseResult& r, Level level, bool strict) {
  using G = CheckResult::Grade;
  auto find = [&](G g) {
    return std::find_if(r.checks.begin(), r.checks.end(), [g](const CheckResult& c) { return c.grade == g; });
  };
  if (auto failed = find(G::failed); failed != r.checks.end()) {
    r.outcome = Outcome::fail;
    r.reason = failed->summary();
    return;
  }
  if (auto warned = find(G::warned); warned != r.checks.end()) {
    r.outcome = strict ? Outcome::fail : Outcome::warn;
    r.reason = warned->summary();
    return;
  }
  const bool records = level == Level::info || level == Level::may;
  r.outcome = records ? Outcome::info : Outcome::pass;
  r.reason.clear();
  if (auto info = find(G::info); info != r.checks.end()) r.reason = info->summary();
  else if (auto noted = find(G::noted); noted != r.checks.end()) r.reason = noted->summary();
  else if (records && !r.checks.empty()) r.reason = r.checks.back().summary();
}

}  // namespace connectspec
