// A proxy someone else started (--proxy HOST:PORT): the harness only checks it is reachable and,
// once, that it speaks the run's protocol (an HTTP/2 run), without judging its answer otherwise.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "launch/proxy_under_test.hpp"

namespace connectspec {

namespace {

// Whether one connection attempt is refused outright (bounded: a silent address is not "refused").
asio::awaitable<bool> refused(const Endpoint& ep) {
  using namespace asio::experimental::awaitable_operators;
  auto ex = co_await asio::this_coro::executor;
  asio::ip::tcp::socket s(ex);
  asio::steady_timer limit(ex, std::chrono::milliseconds(500));
  auto r = co_await (s.async_connect({asio::ip::make_address(ep.host), ep.port}, asio::as_tuple(asio::use_awaitable)) ||
                     limit.async_wait(asio::as_tuple(asio::use_awaitable)));
  co_return r.index() == 0 && std::get<0>(std::get<0>(r)) == asio::error::connection_refused;
}

class AttachedProxy final : public ProxyUnderTest {
 public:
  AttachedProxy(Endpoint ep, double scale, ReadinessProbe protocol_check)
      : ep_(std::move(ep)), scale_(scale), protocol_check_(std::move(protocol_check)) {}

  std::string implementation() const override { return "proxy at " + ep_.authority(); }
  Endpoint endpoint() const override { return ep_; }
  asio::awaitable<std::optional<std::string>> ensure_running() override {
    // Someone else started it: a refused connection will not turn into a proxy by waiting.
    if (co_await refused(ep_)) co_return "nothing is listening on " + ep_.authority() + " (connection refused)";
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
