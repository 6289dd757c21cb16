#include "session/proxy_fleet.hpp"

#include "http/base64.hpp"
#include "launch/connect_probe.hpp"
#include "launch/launched_proxy.hpp"
#include "launch/shared_proxy.hpp"

namespace connectspec {

std::unique_ptr<ProxyInstances> make_proxy_instances(asio::any_io_executor ex, const RunOptions& opts, const LoadedTarget& t,
                                               const std::string& implementation, const std::filesystem::path& work_dir,
                                               ForwardingUpstream& upstream, std::optional<Endpoint> next, FleetTls tls) {
  if (t.attach) {
    // One running proxy serves every variant: the user configured it for the capabilities named.
    // An HTTP/2 run checks once that it speaks the protocol (with the credentials it was given).
    ReadinessProbe protocol_check;
    if (is_http2(t.protocol)) {
      ProbeOptions probe;
      probe.protocol = t.protocol;
      probe.tls = tls.client;
      probe.timeout_scale = opts.timeout_scale;
      if (!t.credentials.password.empty()) probe.proxy_authorization = basic_credentials(t.credentials.user, t.credentials.password);
      protocol_check = make_connect_probe(ex, probe);
    }
    auto shared = std::shared_ptr<ProxyUnderTest>(attach_proxy(ex, *t.attach, opts.timeout_scale, std::move(protocol_check)));
    return std::make_unique<ProxyInstances>(
        ex, implementation, opts.capabilities,
        [shared](Variant, Lane) -> asio::awaitable<ProxyInstances::Made> {
          co_return std::unique_ptr<ProxyUnderTest>(new SharedProxy(shared));
        },
        false);
  }
  const Profile& p = *t.profile;
  // In a chain of two real proxies every case takes the one path through both, so no case that
  // needs a differently configured proxy (credentials, a scripted upstream, a policy) can run.
  std::vector<std::string> capabilities = next ? std::vector<std::string>{} : p.capabilities;
  return std::make_unique<ProxyInstances>(
      ex, implementation, capabilities,
      [ex, &opts, &t, &p, implementation, work_dir, &upstream, next, tls](Variant v, Lane lane) -> asio::awaitable<ProxyInstances::Made> {
        InstanceSettings s;
        s.variant = v;
        s.lane = lane;
        s.work_dir = work_dir;
        s.credentials = t.credentials;
        s.implementation = implementation;
        s.timeout_scale = opts.timeout_scale;
        s.protocol = t.protocol;
        s.certificate = tls.certificate;
        s.tls_client = tls.client;
        for (const auto& f : opts.refproxy_faults) s.extra_args.insert(s.extra_args.end(), {"--fault", f});
        s.executable_override = opts.refproxy;
        if (next) {
          s.variant = Variant::upstream;
          s.upstream = *next;
        } else if (v == Variant::upstream) {
          try {
            s.upstream = upstream.start();
          } catch (const std::exception& e) {
            co_return std::string("cannot start the built-in upstream proxy: ") + e.what();
          }
        }
        auto prepared = co_await prepare_instance(ex, p, s);
        if (auto* err = std::get_if<std::string>(&prepared)) co_return *err;
        co_return launch_proxy(ex, std::move(std::get<LaunchSpec>(prepared)));
      },
      true);
}

}  // namespace connectspec
