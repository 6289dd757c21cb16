// The shapes of the names input files give: case ids, requirement IDs, profile names. Checked by
// hand rather than with std::regex, whose libstdc++ matcher recurses once per character: a
// 300 KB id crashed `connectspec validate` with a stack overflow instead of being reported.
#pragma once

#include <string_view>

namespace connectspec {

// topic.name: [a-z0-9]+(\.[a-z0-9][a-z0-9-]*)+
bool is_case_id(std::string_view s);

// R9110-9.3.6-b: [A-Z][A-Za-z0-9]*(-[A-Za-z0-9.]+)+
bool is_requirement_id(std::string_view s);

// squid, node-proxy: [a-z0-9][a-z0-9._-]*
bool is_profile_name(std::string_view s);

}  // namespace connectspec
