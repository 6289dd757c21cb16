#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "launch/proxy_under_test.hpp"

namespace connectspec {

using namespace asio::experimental::awaitable_operators;

asio::awaitable<std::optional<std::string>> wait_for_port(const Endpoint& ep, Clock::time_point deadline,
                                                          std::function<bool()> still_worth_waiting) {
  auto ex = co_await asio::this_coro::executor;
  asio::ip::tcp::endpoint target(asio::ip::make_address(ep.host), ep.port);
  auto retry_delay = std::chrono::milliseconds(5);
  std::string last = "no attempt";
  // Bounded by the deadline; the delay between attempts grows so a slow starter costs few tries.
  while (Clock::now() < deadline) {
    if (!still_worth_waiting()) co_return "the process exited before accepting connections";
    asio::ip::tcp::socket s(ex);
    asio::steady_timer limit(ex, deadline);
    auto r = co_await (s.async_connect(target, asio::as_tuple(asio::use_awaitable)) ||
                       limit.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (r.index() == 0) {
      auto [ec] = std::get<0>(r);
      if (!ec) co_return std::nullopt;
      last = ec.message();
    } else {
      last = "connect timed out";
    }
    asio::steady_timer pause(ex, std::min(deadline, Clock::now() + retry_delay));
    co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    retry_delay = std::min(retry_delay * 2, std::chrono::milliseconds(200));
  }
  co_return ep.authority() + " did not accept a connection in time (" + last + ")";
}

}  // namespace connectspec
