#include "input/pattern_check.hpp"

#include <algorithm>
#include <regex>

namespace connectspec {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The first back-reference (\N) or repeat count ({N,M}) of more than 9 digits. libstdc++ reads
// those numbers into a long without checking for overflow (undefined behaviour, found by
// fuzz-profile-file with \555...5); none that long means anything in a pattern anyway.
std::optional<std::string> oversized_number(std::string_view pattern) {
  constexpr std::size_t kMaxDigits = 9;
  bool in_braces = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    std::size_t digits_from = std::string_view::npos;
    if (c == '\\') {
      if (i + 1 < pattern.size() && is_digit(pattern[i + 1])) digits_from = i + 1;
      else ++i;  // an escaped character, whatever it is
    } else if (c == '{') {
      in_braces = true;
      digits_from = i + 1;
    } else if (c == ',' && in_braces) {
      digits_from = i + 1;
    } else if (c == '}') {
      in_braces = false;
    }
    if (digits_from == std::string_view::npos) continue;
    std::size_t end = digits_from;
    while (end < pattern.size() && is_digit(pattern[end])) ++end;
    if (end - digits_from > kMaxDigits)
      return "the number " + std::string(pattern.substr(digits_from, std::min<std::size_t>(end - digits_from, 20))) +
             (end - digits_from > 20 ? "..." : "") +
             " has more than " + std::to_string(kMaxDigits) + " digits";
    i = end - 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> regex_problem(std::string_view pattern, std::size_t* capture_groups) {
  if (pattern.size() > kMaxPatternLength)
    return "it is " + std::to_string(pattern.size()) + " characters long (at most " + std::to_string(kMaxPatternLength) + ")";
  if (auto number = oversized_number(pattern)) return number;
  try {
    std::regex re{std::string(pattern)};
    if (capture_groups) *capture_groups = re.mark_count();
  } catch (const std::regex_error& e) {
    return e.what();
  }
  return std::nullopt;
}

}  // namespace connectspec
