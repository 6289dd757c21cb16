#include "trace/notifier.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace connectspec {

void Notifier::notify_all() {
  for (auto* timer : waiting_) timer->cancel();
}

asio::awaitable<void> Notifier::wait(Clock::time_point deadline) {
  asio::steady_timer timer(executor_, deadline);
  auto it = waiting_.insert(waiting_.end(), &timer);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  waiting_.erase(it);
}

asio::awaitable<bool> Notifier::wait_until(const std::function<bool()>& pred,
                                           Clock::time_point deadline) {
  // Bounded: each turn either sees the condition, passes the deadline, or was woken by an event.
  for (;;) {
    if (pred()) co_return true;
    if (Clock::now() >= deadline) co_return false;
    co_await wait(deadline);
  }
}

}  // namespace connectspec
