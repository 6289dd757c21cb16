#include "engine/verdict_confirmation.hpp"

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

}  // namespace connectspec
