// "1 case", "2 cases": a count with its noun, for every sentence a report prints.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace connectspec {

inline std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace connectspec
