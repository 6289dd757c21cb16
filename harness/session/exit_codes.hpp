// The exit codes every command shares (README, "Exit codes").
#pragma once

namespace connectspec {

inline constexpr int kExitPass = 0;   // every MUST case passed (or, with --expect, every verdict as expected)
inline constexpr int kExitFail = 1;   // a case failed
inline constexpr int kExitUsage = 2;  // bad usage, or invalid case/profile/results files
inline constexpr int kExitProxy = 3;  // the subject could not be started or reached

}  // namespace connectspec
