// Checking a regular expression written in an input file (expect_headers matches, a profile's
// version pattern) before it is used. libstdc++ compiles a pattern recursively, once per term:
// a 300 KB pattern overflowed the stack of `connectspec validate`, so the length is bounded first.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace connectspec {

// Far above any real pattern (the suite's longest is about 200 characters), far below the
// length whose compilation exhausts an 8 MiB stack.
inline constexpr std::size_t kMaxPatternLength = 4096;

// Why `pattern` is not a usable ECMAScript regular expression, or nothing when it is.
// `capture_groups` (optional) receives its number of groups.
std::optional<std::string> regex_problem(std::string_view pattern, std::size_t* capture_groups = nullptr);

}  // namespace connectspec
