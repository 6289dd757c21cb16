// The protocol between the client (connectspec) and the proxy under test. A case is written for
// HTTP/1.1 or for HTTP/2 (`protocol = "h2"` in a case file); a run speaks one wire protocol to the
// proxy (`--protocol`, or the first of a profile's `protocols`), and selects the cases of its family:
// an HTTP/2 case runs the same over cleartext h2c (prior knowledge) and over TLS with ALPN "h2".
#pragma once

#include <optional>
#include <string_view>

namespace connectspec {

enum class Protocol { http1, h2c, h2 };  // h2: TLS with ALPN "h2"

inline constexpr std::string_view kProtocolNames[] = {"http/1.1", "h2c", "h2"};
std::string_view to_string(Protocol);                        // "http/1.1", "h2c", "h2"
std::optional<Protocol> protocol_named(std::string_view name);  // one of kProtocolNames
inline bool is_http2(Protocol p) { return p != Protocol::http1; }

}  // namespace connectspec
