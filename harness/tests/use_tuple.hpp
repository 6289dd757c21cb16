// Test helper: the completion token the tests' own sockets use, so an error comes back as a
// value a CHECK can look at instead of an exception.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace connectspec::testing {

inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace connectspec::testing
