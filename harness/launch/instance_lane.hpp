// Which of a variant's instances a case runs on. A launched proxy may run twice side by side:
// `shared` serves every case, `slow` only the cases that wait out a timer (tagged slow: a dial
// to a black hole, a 20 s idle tunnel, a trickled head). Those are mostly idle for tens of
// seconds; on a process of their own they overlap the exclusive cases and the re-runs that must
// have the shared instance to themselves, and a crash caused by one of the others does not cut
// them short (engine/suite_runner.cpp).
#pragma once

#include <string_view>

namespace connectspec {

enum class Lane { shared, slow };

// "" for shared, "-slow" for slow: appended to an instance's directory and its name in reports.
inline std::string_view lane_suffix(Lane l) { return l == Lane::slow ? "-slow" : ""; }

}  // namespace connectspec
