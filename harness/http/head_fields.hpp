// Reading the fields of a verbatim HTTP/1.1 head (a request or a response, up to the blank
// line): what the recorded heads of the built-in upstream and the scripted proxy are checked by.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace connectspec {

// The values of every line whose name is `name` (case-insensitive), trimmed of blanks, in order.
std::vector<std::string> field_values(std::string_view head, std::string_view name);
// Whether any Connection line lists the "close" option (RFC 9110 §7.6.1: a comma-separated list
// of case-insensitive tokens).
bool has_connection_close(std::string_view head);

}  // namespace connectspec
