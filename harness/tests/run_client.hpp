// Test helper: runs a client coroutine on an io_context (alongside the origins under test)
// until it finishes, with a hard time bound so a broken origin fails the test instead of hanging.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <exception>
#include <optional>

namespace connectspec::testing {

inline constexpr auto kClientBound = std::chrono::seconds(5);

template <class T>
T run_client(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  bool done = false;
  if (io.stopped()) io.restart();  // an earlier client may have left it out of work
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    done = true;
    error = e;
    if (!e) result = std::move(value);
  });
  auto deadline = std::chrono::steady_clock::now() + kClientBound;
  while (!done && !io.stopped() && std::chrono::steady_clock::now() < deadline) io.run_one_until(deadline);
  if (!done) FAIL("the client did not finish within the time bound");
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

// Runs the io_context until `pred` holds; false if it did not within the bound.
template <class Pred>
bool run_until(boost::asio::io_context& io, Pred pred,
               std::chrono::milliseconds bound = std::chrono::seconds(3)) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io.run_one_for(std::chrono::milliseconds(10));
    if (io.stopped()) io.restart();
  }
  return true;
}

}  // namespace connectspec::testing
