// The instances of the proxy under test a run uses: one attached proxy serving every variant, or
// a profile's instances launched on demand (plain, auth, upstream, port-policy, loopback-denied),
// the upstream variant forwarding to the built-in upstream or to the chain's second proxy.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "launch/proxy_instances.hpp"
#include "session/run_target.hpp"
#include "upstream/forwarding_upstream.hpp"

namespace connectspec {

// The run's TLS material, for profiles that serve TLS ({{tls_cert}}, {{tls_key}}) and the h2 probe.
struct FleetTls {
  const TestCertificate* certificate = nullptr;
  asio::ssl::context* client = nullptr;
};

// `next`: the chain's second proxy, which every instance then forwards to (--next-proxy).
// Launched instances are probed in `t.protocol`.
std::unique_ptr<ProxyInstances> make_proxy_instances(asio::any_io_executor ex, const RunOptions& opts, const LoadedTarget& t,
                                                     const std::string& implementation, const std::filesystem::path& work_dir,
                                                     ForwardingUpstream& upstream, std::optional<Endpoint> next = std::nullopt,
                                                     FleetTls tls = {});

}  // namespace connectspec
