// A proxy someone else started (--proxy HOST:PORT): the harness only checks it is reachable.
#include "launch/proxy_under_test.hpp"

namespace connectspec {

namespace {

class AttachedProxy final : public ProxyUnderTest {
 public:
  AttachedProxy(Endpoint ep, double scale) : ep_(std::move(ep)), scale_(scale) {}

  std::string implementation() const override { return "proxy at " + ep_.authority(); }
  Endpoint endpoint() const override { return ep_; }
  asio::awaitable<std::optional<std::string>> ensure_running() override {
    auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<long long>(3000 * scale_));
    co_return co_await wait_for_port(ep_, deadline, [] { return true; });
  }
  bool alive() override { return true; }
  int generation() const override { return 1; }
  std::string exit_description() override { return {}; }
  std::string log_tail(std::size_t) override { return {}; }
  asio::awaitable<void> stop() override { co_return; }

 private:
  Endpoint ep_;
  double scale_;
};

}  // namespace

std::unique_ptr<ProxyUnderTest> attach_proxy(asio::any_io_executor, Endpoint ep, double timeout_scale) {
  return std::make_unique<AttachedProxy>(std::move(ep), timeout_scale);
}

}  // namespace connectspec
