// How the built-in upstream answers the CONNECTs forwarded for one origin's authority: a chain
// case scripts the next proxy's reply ([upstream.NAME] in the case file) to see what the proxy
// under test makes of it. Without a script the upstream answers 200 and tunnels.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace connectspec {

struct UpstreamScript {
  enum class Framing { content_length, chunked, close, none };
  enum class Then { tunnel, close, reset, silent };

  std::string origin;                    // the origin whose authority the script is for
  bool respond = true;                   // false: no response at all, only `then`
  int status = 200;
  std::string reason;                    // empty: the usual phrase for the status
  std::vector<std::string> headers;      // "Name: value" lines, sent as written
  std::string body;                      // bytes after the head, framed by `framing`
  Framing framing = Framing::none;       // how the body is delimited (none: raw, no field added)
  std::string after_head;                // bytes written in the same write, after head and body
  Then then = Then::tunnel;              // what follows the response
  int delay_ms = 0;                      // wait before responding (bytes received meanwhile are recorded)

  // Body as sent on the wire: Content-Length added, chunked coded, or raw.
  std::string response_bytes() const;
};

std::string_view to_string(UpstreamScript::Framing);
std::string_view to_string(UpstreamScript::Then);
std::string_view reason_phrase(int status);

}  // namespace connectspec
