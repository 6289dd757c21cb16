// The completion token of the bench's socket code: an operation's error comes back as a value
// (a tuple), never as an exception, since a bench must count failures, not stop on them.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace connectspec::bench {

inline constexpr auto tuple_awaitable = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace connectspec::bench
