// Where two byte strings first differ: the offset an expectation's message quotes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace connectspec {

// The first offset at which a and b differ, or the shorter one's length when one is a prefix of
// the other (or they are equal).
inline std::size_t first_difference(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return i;
  return n;
}

}  // namespace connectspec
