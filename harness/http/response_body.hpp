// Finds where the body of a non-2xx response ends, the way a client must (RFC 9112 §6.3):
// no body for 1xx/204/304, else chunked when it is the final transfer coding, else
// Content-Length, else everything up to the close. A client that cannot find the end cannot
// reuse or even trust the connection, so every malformation is reported precisely.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/response_head.hpp"

namespace connectspec {

struct ResponseBody {
  enum class State { incomplete, complete, malformed } state = State::incomplete;
  std::string framing;   // "Content-Length: 12", "chunked", "close-delimited", "no body (204)"
  std::string body;      // decoded content
  std::size_t size = 0;  // bytes of the message body on the wire (what to skip)
  std::string error;     // for malformed
};

// `bytes` starts right after the head; `closed` says whether the connection has ended, which
// completes a close-delimited body and turns a short framed one into an error.
ResponseBody parse_response_body(const ResponseHead& head, std::string_view bytes, bool closed);

}  // namespace connectspec
