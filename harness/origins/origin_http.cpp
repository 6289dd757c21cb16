#include "origins/origin_http.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

namespace connectspec {

std::size_t complete_request(std::string_view buffer) {
  auto end = buffer.find("\r\n\r\n");
  if (end == std::string_view::npos) return 0;
  std::size_t head = end + 4;
  std::size_t body = 0;
  std::size_t at = 0;
  while ((at = buffer.find("\r\n", at)) != std::string_view::npos && at < end) {
    at += 2;
    std::string_view line = buffer.substr(at, buffer.find("\r\n", at) - at);
    constexpr std::string_view kName = "content-length:";
    if (line.size() > kName.size()) {
      bool match = true;
      for (std::size_t i = 0; i < kName.size() && match; ++i)
        match = std::tolower(static_cast<unsigned char>(line[i])) == kName[i];
      if (match) body = std::strtoull(std::string(line.substr(kName.size())).c_str(), nullptr, 10);
    }
  }
  return buffer.size() >= head + body ? head + body : 0;
}

}  // namespace connectspec
