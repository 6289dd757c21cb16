// "Did you mean ...?": the known name closest to a misspelt one, for error messages that say how
// to fix what was typed (a subcommand, a key).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connectspec {

// The name of `known` at the smallest edit distance from `typed` (insertions, deletions,
// substitutions and swaps of neighbours, case ignored), when that distance is small for the
// name's length (at most 1 for up to 4 characters, 2 up to 8, then 3); nothing otherwise.
std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string>& known);

}  // namespace connectspec
