// Turns a case's checks into one outcome, the way its level says: a missed MUST fails, a missed
// SHOULD warns (fails under --strict), MAY and INFO cases record what happened.
#pragma once

#include "model/result.hpp"

namespace connectspec {

void grade(CaseResult& result, Level level, bool strict);

}  // namespace connectspec
