// The timings the scripted parties of this folder share: the scripted next proxy of chain cases
// (scripted_reply) and the scripted proxy of client cases (scripted_proxy).
#pragma once

#include <chrono>

namespace connectspec::script_timing {

// After a close, how long a scripted party still reads (and records) what its peer sends.
inline constexpr auto kDrainAfterClose = std::chrono::milliseconds(1000);
// A silent scripted party holds a connection at most this long (the case has ended by then).
inline constexpr auto kSilenceBound = std::chrono::seconds(60);
// How often a wait without an outstanding read looks for readable bytes.
inline constexpr auto kPollTick = std::chrono::milliseconds(5);

}  // namespace connectspec::script_timing
