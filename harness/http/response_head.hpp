// Parses the status line and header section a proxy sends back, from bytes as they arrive.
// Strict where a client must be (status line shape, header field syntax), because a proxy that
// answers with a malformed head has failed, and the verdict should say so precisely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connectspec {

struct ResponseHead {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> fields;  // as received, values trimmed
  std::size_t size = 0;  // bytes of the head, including the final CRLF CRLF

  std::size_t count(std::string_view name) const;  // case-insensitive
  std::optional<std::string> get(std::string_view name) const;  // first occurrence
  std::string status_line() const;
};

struct ParseResponse {
  enum class State { incomplete, complete, malformed } state = State::incomplete;
  ResponseHead head;
  std::string error;  // for malformed
};

inline constexpr std::size_t kMaxResponseHead = 64 * 1024;

// Looks at the start of `bytes`; anything after the head is left alone (tunnel or body bytes).
ParseResponse parse_response_head(std::string_view bytes);

bool iequals(std::string_view a, std::string_view b);
// Without the optional whitespace (spaces and tabs, RFC 9110 §5.6.3) at either end.
std::string_view trim_ows(std::string_view s);

}  // namespace connectspec
