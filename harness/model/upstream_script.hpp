// How the built-in upstream answers the CONNECTs forwarded for one origin's authority: a chain
// case scripts the next proxy's reply ([upstream.NAME] in the case file) to see what the proxy
// under test makes of it. Without a script the upstream answers 200 and tunnels. A client case
// scripts the proxy the client talks to the same way ([[replies]]), with what only a client
// notices besides: interim 1xx heads, a head written a few bytes at a time, and
// the status line as written, and which requests a reply is for (with or without the case's credentials).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace connectspec {

struct UpstreamScript {
  enum class Framing { content_length, chunked, close, none };
  // keep (client cases): the connection stays open for the client's next request.
  enum class Then { tunnel, close, reset, silent, keep };

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
  std::string status_line;               // when set, sent instead of "HTTP/1.1 <status> <reason>" (no CRLF)
  std::string raw;                       // when set, the whole response as written (a head cut short, a bare CR)
  std::vector<std::string> interim;      // whole 1xx heads sent before the response, as written
  std::size_t chunk_size = 0;            // > 0: the response is written this many bytes at a time
  int gap_ms = 0;                        // ... this long apart
  // Client cases: the reply is for requests carrying the case's credentials (true), for those
  // without them (false), or for any (unset).
  std::optional<bool> authorized;

  // Interim heads, then the response with its body as sent on the wire: Content-Length added,
  // chunked coded, or raw; then after_head.
  std::string response_bytes() const;
};

std::string_view to_string(UpstreamScript::Framing);
std::string_view to_string(UpstreamScript::Then);
std::string_view reason_phrase(int status);

}  // namespace connectspec
