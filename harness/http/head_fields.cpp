#include "http/head_fields.hpp"

#include "http/response_head.hpp"

namespace connectspec {

std::vector<std::string> field_values(std::string_view head, std::string_view name) {
  std::vector<std::string> out;
  std::size_t at = head.find("\r\n");
  while (at != std::string_view::npos && at + 2 < head.size()) {
    std::size_t end = head.find("\r\n", at + 2);
    std::string_view line = head.substr(at + 2, (end == std::string_view::npos ? head.size() : end) - at - 2);
    auto colon = line.find(':');
    if (colon != std::string_view::npos && iequals(line.substr(0, colon), name))
      out.emplace_back(trim_ows(line.substr(colon + 1)));
    at = end;
  }
  return out;
}

bool has_connection_close(std::string_view head) {
  for (const auto& value : field_values(head, "Connection")) {
    std::string_view list = value;
    while (!list.empty()) {
      auto comma = list.find(',');
      if (iequals(trim_ows(list.substr(0, comma)), "close")) return true;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return false;
}

}  // namespace connectspec
