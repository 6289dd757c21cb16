#include "engine/verdict.hpp"

#include <algorithm>

namespace connectspec {

namespace {

int rank(Outcome o) {
  switch (o) {
    case Outcome::pass: return 4;
    case Outcome::info: return 3;
    case Outcome::warn: return 2;
    case Outcome::fail: return 1;
    default: return 0;
  }
}

}  // namespace

bool needs_confirmation(const CaseResult& r) { return r.outcome == Outcome::fail || r.outcome == Outcome::warn; }

bool is_verdict(Outcome o) { return rank(o) > 0; }

void apply_reruns(CaseResult& first, const std::vector<Outcome>& reruns) {
  if (reruns.empty()) return;  // not re-run (--confirm 0, the budget spent, the run stopping)
  first.first_outcome = first.outcome;
  first.reruns = reruns;
  Outcome best = first.outcome;
  for (Outcome o : reruns) {
    if (!is_verdict(o) || o == first.first_outcome) continue;
    first.unstable = true;
    if (rank(o) > rank(best)) best = o;
  }
  if (!first.unstable) return;
  std::string seen;
  for (std::size_t i = 0; i < reruns.size(); ++i) seen += (i ? ", " : "") + std::string(to_string(reruns[i]));
  first.outcome = best;
  first.reason = "unstable: " + std::string(to_string(first.first_outcome)) + " then " + seen + " on " +
                 (reruns.size() == 1 ? "re-run" : std::to_string(reruns.size()) + " re-runs") +
                 (first.reason.empty() ? "" : "; " + first.reason);
}

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
  // What the case tests was not reached: no verdict on its requirement (the case that tests the
  // precondition's own requirement gives one).
  auto unmet = std::find_if(r.checks.begin(), r.checks.end(), [](const CheckResult& c) { return c.precondition; });
  if (unmet != r.checks.end()) {
    r.outcome = Outcome::skip;
    r.reason = "not reached: " + unmet->keyword + ": " + unmet->observed +
               (unmet->pos.file.empty() ? "" : " (" + unmet->pos.str() + ")");
    return;
  }
  const bool records = level == Level::info || level == Level::may;
  r.outcome = records ? Outcome::info : Outcome::pass;
  r.reason.clear();
  if (auto info = find(G::info); info != r.checks.end()) r.reason = info->summary();
  else if (auto noted = find(G::noted); noted != r.checks.end()) r.reason = noted->summary();
  else if (records && !r.checks.empty()) r.reason = r.checks.back().summary();
}

CaseResult not_run(const Case& c, const std::string& why) {
  CaseResult r;
  r.test = &c;
  r.outcome = Outcome::error;
  r.reason = why;
  return r;
}

void harness_error(CaseResult& r, const std::string& why) {
  r.outcome = Outcome::error;
  r.reason = why;
}

CaseResult skipped(const Case& c, const std::string& why) {
  CaseResult r = not_run(c, why);
  r.outcome = Outcome::skip;
  return r;
}

void proxy_died(CaseResult& r, const std::string& exit_description) {
  r.outcome = Outcome::fail;
  r.reason = "the proxy under test died during the case (" + exit_description + ")" +
             (r.reason.empty() ? "" : "; " + r.reason);
}

CaseResult interrupted(const Case& c, const std::string& signal) {
  return skipped(c, "not run: the run was interrupted by " + signal);
}

}  // namespace connectspec
