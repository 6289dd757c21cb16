#include "engine/grading.hpp"

#include <algorithm>

namespace connectspec {

void grade(CaseResult& r, Level level, bool strict) {
  using G = CheckResult::Grade;
  auto find = [&](G g) {
    return std::find_if(r.checks.begin(), r.checks.end(), [g](const CheckResult& c) { return c.grade == g; });
  };
  if (auto failed = find(G::failed); failed != r.checks.end()) {
    r.reason = failed->summary();
    switch (level) {
      case Level::must: r.outcome = Outcome::fail; break;
      case Level::should: r.outcome = strict ? Outcome::fail : Outcome::warn; break;
      case Level::may:
      case Level::info: r.outcome = Outcome::info; break;
    }
    return;
  }
  if (auto warned = find(G::warned); warned != r.checks.end()) {
    r.outcome = Outcome::warn;
    r.reason = warned->summary();
    return;
  }
  if (level == Level::info || level == Level::may) {
    r.outcome = Outcome::info;
    r.reason = r.checks.empty() ? "" : r.checks.back().summary();
    return;
  }
  r.outcome = Outcome::pass;
  r.reason.clear();
}

}  // namespace connectspec
