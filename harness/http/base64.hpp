// Base64 (RFC 4648 §4, with padding): Basic credentials (RFC 7617) and the binary bytes the HTML
// report carries for its script to draw.
#pragma once

#include <string>
#include <string_view>

namespace connectspec {

std::string base64(std::string_view bytes);

// base64(user:password) alone: the token68 after the scheme name
std::string basic_token68(const std::string& user, const std::string& password);
// "Basic base64(user:password)"
std::string basic_credentials(const std::string& user, const std::string& password);

}  // namespace connectspec
