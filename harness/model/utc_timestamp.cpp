#include "model/utc_timestamp.hpp"

#include <ctime>

namespace connectspec {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace connectspec
