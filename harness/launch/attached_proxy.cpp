// A proxy someone else started (--proxy HOST:PORT): the harness only checks it is reachable and,
// once, that it speaks the run's protocol (an HTTP/2 run), without judging its answer otherwise.
#include "launch/proxy_under_test.hpp"

namespace connectspec {

namespace {

class AttachedProxy final : public ProxyUnderTest {
 public:
  AttachedProxy(Endpoint ep, double scale, ReadinessProbe protocol_check)
      : ep_(std::move(ep)), scale_(scale), protocol_check_(std::move(protocol_check)) {}

  std::string implementation() const override { return "proxy at " + ep_.authority(); }
  Endpoint endpoint() const override { return ep_; }
  asio::awaitable<std::optional<std::string>> ensure_running() override {
    auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<long long>(3000 * scale_));
    auto err = co_await wait_for_port(ep_, deadline, [] { return true; });
    if (err || !protocol_check_) co_return err;
    // Only an answer that says it does not speak the protocol counts: a refusal (credentials,
    // policy) is for the cases to judge.
    auto check = std::exchange(protocol_check_, nullptr);
    auto failure = co_await check(ep_);
    if (failure && failure->final) co_return "the proxy at " + ep_.authority() + ": " + failure->why;
    co_return std::nullopt;
  }
  bool alive() override { return true; }
  int generation() const override { return 1; }
  std::string exit_description() override { return {}; }
  std::string log_tail(std::size_t) override { return {}; }
  asio::awaitable<void> stop() override { co_return; }

 private:
  Endpoint ep_;
  double scale_;
  ReadinessProbe protocol_check_;  // empty once done
};

}  // namespace

std::unique_ptr<ProxyUnderTest> attach_proxy(asio::any_io_executor, Endpoint ep, double timeout_scale,
                                             ReadinessProbe protocol_check) {
  return std::make_unique<AttachedProxy>(std::move(ep), timeout_scale, std::move(protocol_check));
}

}  // namespace connectspec
