// `run --expect`: the run's verdicts against expected.toml, every difference printed.
#pragma once

#include <string>
#include <vector>

#include "expect/expected_verdicts.hpp"

namespace connectspec {

// kExitPass when every verdict is the expected one, failures included; kExitFail otherwise.
int report_verdict_drift(const std::string& file, const ExpectedVerdicts& expected, const std::vector<CaseResult>& results);

}  // namespace connectspec
