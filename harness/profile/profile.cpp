#include "profile/profile.hpp"

#include <algorithm>

namespace connectspec {

bool Profile::has_capability(std::string_view c) const {
  return std::find(capabilities.begin(), capabilities.end(), c) != capabilities.end();
}

}  // namespace connectspec
