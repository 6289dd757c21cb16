// The readiness check of a launched proxy: one real CONNECT through it to a throwaway loopback
// listener answered with a 2xx, because some proxies accept connections before they can serve.
// It speaks the run's protocol: an HTTP/1.1 request, or over h2c (prior knowledge) and h2 (TLS,
// ALPN "h2") one CONNECT stream with only :method and :authority (RFC 9113 §8.5). A proxy that
// answers HTTP/2 with HTTP/1.x, with bytes that are not HTTP/2 frames, without ALPN h2, or that
// keeps closing on the preface, does not speak it: that answer is final (no waiting for a timeout).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <optional>
#include <string>

#include "launch/launched_proxy.hpp"
#include "model/protocol.hpp"

namespace connectspec {

struct ProbeOptions {
  std::string proxy_authorization;  // header value to send, e.g. "Basic ..."; empty: none
  bool any_response = false;        // port-policy instances refuse the probe's port, loopback-denied ones its
                                    // loopback listener: a response is enough
  double timeout_scale = 1.0;
  Protocol protocol = Protocol::http1;
  asio::ssl::context* tls = nullptr;  // h2: the client context that trusts the proxy's certificate
};

// Consecutive closes without a byte after which an HTTP/2 probe says the proxy does not speak it.
inline constexpr int kSilentClosesMeaningNoH2 = 3;

ReadinessProbe make_connect_probe(asio::any_io_executor ex, ProbeOptions opts);

}  // namespace connectspec
