// What the two HTTP origins (http, https) share: where a request ends, and their one answer.
#pragma once

#include <cstddef>
#include <string_view>

namespace connectspec {

// Every request gets this: 200 with a body a client prints and a case can look for.
inline constexpr std::string_view kOriginHttpResponse =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\n\r\nconnectspec-origin";

// Length of the first complete request in `buffer` (head + Content-Length body), or 0.
std::size_t complete_request(std::string_view buffer);

}  // namespace connectspec
