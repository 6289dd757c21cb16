// Runs an awaitable that yields an error code, racing it against a deadline: the client legs'
// connects and handshakes must never wait longer than their case allows.
#pragma once

#include "trace/notifier.hpp"  // Clock

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace connectspec {

// The op's error, or asio::error::timed_out when the deadline came first (the op is cancelled).
template <typename Op>
boost::asio::awaitable<boost::system::error_code> with_deadline(boost::asio::any_io_executor ex, Op op,
                                                                Clock::time_point deadline) {
  using namespace boost::asio::experimental::awaitable_operators;
  boost::asio::steady_timer timer(ex, deadline);
  auto result =
      co_await (std::move(op) || timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable)));
  if (result.index() == 1) co_return boost::asio::error::timed_out;
  co_return std::get<0>(result);
}

}  // namespace connectspec
