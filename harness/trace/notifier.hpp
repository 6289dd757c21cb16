// Lets a coroutine wait, with a deadline, until "something changed" (bytes arrived, a peer
// closed, an origin accepted). Waiters re-check their own condition after each wake-up, so a
// notification carries no payload and spurious wake-ups are harmless.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <list>

namespace connectspec {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

class Notifier {
 public:
  explicit Notifier(asio::any_io_executor executor) : executor_(std::move(executor)) {}

  void notify_all();

  // Returns when notified or when the deadline passes, whichever is first.
  asio::awaitable<void> wait(Clock::time_point deadline);

  // Waits until pred() holds (true) or the deadline passes (false).
  asio::awaitable<bool> wait_until(const std::function<bool()>& pred, Clock::time_point deadline);

  const asio::any_io_executor& executor() const { return executor_; }

 private:
  asio::any_io_executor executor_;
  std::list<asio::steady_timer*> waiting_;
};

}  // namespace connectspec
