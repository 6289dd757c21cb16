#include "profile/profile.hpp"

#include <algorithm>

namespace connectspec {

bool Profile::has_capability(std::string_view c) const {
  return std::find(capabilities.begin(), capabilities.end(), c) != capabilities.end();
}

bool Profile::speaks(Protocol p) const {
  return std::find(protocols.begin(), protocols.end(), p) != protocols.end();
}

}  // namespace connectspec
