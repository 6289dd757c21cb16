#include "session/proxy_fleet.hpp"

#include "launch/launched_proxy.hpp"
#include "launch/shared_proxy.hpp"

namespace connectspec {

std::unique_ptr<ProxyInstances> make_proxy_instances(asio::any_io_executor ex, const RunOptions& opts, const LoadedTarget& t,
                                               const std::string& implementation, const std::filesystem::path& work_dir,
                                               ForwardingUpstream& upstream, std::optional<Endpoint> next) {
  if (t.attach) {
    // One running proxy serves every variant: the user configured it for the capabilities named.
    auto shared = std::shared_ptr<ProxyUnderTest>(attach_proxy(ex, *t.attach, opts.timeout_scale));
    return std::make_unique<ProxyInstances>(
        ex, implementation, opts.capabilities, [shared](Variant) -> asio::awaitable<ProxyInstances::Made> {
          co_return std::unique_ptr<ProxyUnderTest>(new SharedProxy(shared));
        });
  }
  const Profile& p = *t.profile;
  // In a chain of two real proxies every case takes the one path through both, so no case that
  // needs a differently configured proxy (credentials, a scripted upstream, a policy) can run.
  std::vector<std::string> capabilities = next ? std::vector<std::string>{} : p.capabilities;
  return std::make_unique<ProxyInstances>(
      ex, implementation, capabilities,
      [ex, &opts, &t, &p, implementation, work_dir, &upstream, next](Variant v) -> asio::awaitable<ProxyInstances::Made> {
        InstanceSettings s;
        s.variant = v;
        s.work_dir = work_dir;
        s.credentials = t.credentials;
        s.implementation = implementation;
        s.timeout_scale = opts.timeout_scale;
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
      });
}

}  // namespace connectspec
