#include "casefile/pattern_check.hpp"

#include <regex>

namespace connectspec {

std::optional<std::string> regex_problem(std::string_view pattern, std::size_t* capture_groups) {
  if (pattern.size() > kMaxPatternLength)
    return "it is " + std::to_string(pattern.size()) + " characters long (at most " + std::to_string(kMaxPatternLength) + ")";
  try {
    std::regex re{std::string(pattern)};
    if (capture_groups) *capture_groups = re.mark_count();
  } catch (const std::regex_error& e) {
    return e.what();
  }
  return std::nullopt;
}

}  // namespace connectspec
