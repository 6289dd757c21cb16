// The readiness check of a launched proxy: one real CONNECT through it to a throwaway loopback
// listener answered with a 2xx, because some proxies accept connections before they can serve.
#pragma once

#include <optional>
#include <string>

#include "launch/launched_proxy.hpp"

namespace connectspec {

struct ProbeOptions {
  std::string proxy_authorization;  // header value to send, e.g. "Basic ..."; empty: none
  bool any_response = false;        // port-policy instances refuse the probe's port: a response is enough
  double timeout_scale = 1.0;
};

ReadinessProbe make_connect_probe(asio::any_io_executor ex, ProbeOptions opts);

}  // namespace connectspec
