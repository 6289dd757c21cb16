// The HTTP/2 readiness probe's decision, without I/O: the bytes a proxy sends in answer to the
// client preface, SETTINGS and one CONNECT stream (:method and :authority only, RFC 9113 §8.5)
// decide whether it is ready, not ready yet (try again), or does not speak HTTP/2 at all (stop:
// waiting longer would only turn a clear answer into a timeout).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "h2/client_connection.hpp"

namespace connectspec {

struct H2ProbeStep {
  enum class Kind {
    waiting,         // nothing decided yet: read more
    ready,           // the CONNECT got a 2xx (or, with any_response, any final response)
    not_ready,       // a refusal or an error the proxy may get over: try again until the deadline
    wrong_protocol,  // it answered HTTP/1.x bytes or something that is not HTTP/2 frames: stop
    silent_close,    // it closed without sending a byte: not HTTP/2, if it does so every time
  };
  Kind kind = Kind::waiting;
  std::string why;  // for every kind but waiting and ready
};

class H2ConnectAttempt {
 public:
  // `protocol_name` ("h2c", "h2") is how the messages name what the proxy was spoken to in.
  H2ConnectAttempt(std::string authority, std::string proxy_authorization, bool any_response,
                   std::string_view protocol_name);

  // The preface, SETTINGS and HEADERS at first; afterwards the acknowledgements due.
  std::string take_output();
  // The next bytes from the proxy.
  H2ProbeStep feed(std::string_view bytes);
  // The proxy closed the connection, or reading failed (`error`: what happened).
  H2ProbeStep closed(const std::string& error) const;

 private:
  H2ProbeStep decide();

  h2::ClientConnection conn_;
  std::uint32_t stream_ = 0;
  std::string authority_;
  bool any_response_ = false;
  std::string protocol_;
  std::string head_;         // the first bytes received, to recognise an HTTP/1.x answer
  bool framed_ = false;      // the first frame header has arrived and was a SETTINGS frame
};

// What the first line of `bytes` shows, quoted for a message: printable, at most 60 characters.
std::string first_line_shown(std::string_view bytes);

}  // namespace connectspec
