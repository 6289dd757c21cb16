// When a run or a bench started, as the reports write it: ISO 8601 UTC to the second.
#pragma once

#include <string>

namespace connectspec {

std::string utc_now();  // "2026-11-23T18:03:59Z"

}  // namespace connectspec
