// The verdicts a profile is known to get (fixtures/proxies/<name>/expected.toml), and the check
// that a run got exactly those: a new failure or a new pass is drift, and CI fails on it, so
// neither the harness nor the suite can change what they say about a real proxy unnoticed.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "input/diagnostics.hpp"
#include "model/result.hpp"

namespace connectspec {

struct ExpectedVerdict {
  std::string verdict;  // pass | fail | warn | unmet | skip | error
  std::string reason;   // one line, from reading the transcript
  bool intermittent = false;  // seen both ways in repeated runs: this verdict or pass is accepted
  SourcePos pos;
};

using ExpectedVerdicts = std::map<std::string, ExpectedVerdict>;  // case id -> verdict

// Reads expected.toml; `known_ids` are the suite's cases (an unknown id is a stale entry).
ExpectedVerdicts load_expected_verdicts(const std::filesystem::path& file, const std::vector<std::string>& known_ids,
                                        Diagnostics& problems);

// pass/fail/warn/skip/error, or for INFO and MAY cases pass/unmet (whether the behaviour they
// record was observed).
std::string verdict_of(const CaseResult& r);

struct VerdictDifference {
  std::string case_id;
  std::string expected, observed;
  std::string expected_reason;   // from expected.toml
  std::string observed_reason;   // from the run
};

// Differences for the cases that ran; cases not listed are expected to pass. An intermittent
// entry also accepts pass, and from an unstable case (run --confirm) any verdict it got.
std::vector<VerdictDifference> compare_verdicts(const ExpectedVerdicts& expected, const std::vector<CaseResult>& results);

}  // namespace connectspec
