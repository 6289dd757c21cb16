// What every case of a run shares: where the proxy is, how to scale waits, and the TLS material.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>

#include "casefile/placeholders.hpp"
#include "model/protocol.hpp"
#include "trace/case_trace.hpp"
#include "trace/notifier.hpp"

namespace connectspec {

class ForwardingUpstream;

struct RunContext {
  asio::any_io_executor executor;
  Endpoint proxy;                            // the instance (variant) this case runs against
  Protocol protocol = Protocol::http1;       // what the run speaks to it: HTTP/2 cases use h2 (TLS) or else h2c
  TextValues texts;                          // ${auth.user}, ${auth.password}, ${auth.basic}
  double timeout_scale = 1.0;
  std::size_t max_received_bytes = kDefaultMaxReceivedBytes;  // per connection (--max-response-bytes)
  bool strict = false;
  bool ipv6_available = true;
  asio::ssl::context* tls_server = nullptr;  // for tls-echo origins
  asio::ssl::context* tls_client = nullptr;  // trusts exactly the run's test certificate
  ForwardingUpstream* upstream = nullptr;  // the upstream variant's next proxy (scripts, expect_upstream)

  std::chrono::milliseconds scaled(int ms) const {
    return std::chrono::milliseconds(static_cast<long long>(ms * timeout_scale));
  }
};

// Default bound of an expectation without within_ms: long enough for a loaded CI machine,
// short enough that a silent proxy costs seconds, not minutes.
inline constexpr int kDefaultWithinMs = 5000;
// How long "the origin was never dialled" is watched when the client connection stays open.
inline constexpr int kNoDialSettleMs = 250;

}  // namespace connectspec
