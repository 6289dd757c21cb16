#include "bench/tunnel_dial.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "bench/close_at_deadline.hpp"
#include "http/response_head.hpp"
#include "bench/tuple_awaitable.hpp"

namespace connectspec::bench {

using tcp = asio::ip::tcp;

namespace {

asio::awaitable<Dialed> dial(const BenchTarget& target, tcp::socket& sock) {
  tcp::endpoint ep(asio::ip::make_address(target.connect_to.host), target.connect_to.port);
  auto [cec] = co_await sock.async_connect(ep, tuple_awaitable);
  if (cec) co_return "connect to " + target.connect_to.authority() + ": " + cec.message();
  sock.set_option(tcp::no_delay(true));
  if (target.mode != BenchTarget::Mode::proxy) co_return Tunnel{std::move(sock), {}, 0};


  const std::string authority = target.origin.authority();
  const std::string request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
  auto sent = Clock::now();
  auto [wec, wn] = co_await asio::async_write(sock, asio::buffer(request), tuple_awaitable);
  if (wec) co_return "write CONNECT: " + wec.message();
  std::string in;
  std::array<char, 2048> buf;
  ParseResponse parsed;
  while (parsed.state == ParseResponse::State::incomplete && in.size() < kMaxResponseHead) {
    auto [rec, n] = co_await sock.async_read_some(asio::buffer(buf), tuple_awaitable);
    in.append(buf.data(), n);
    parsed = parse_response_head(in);
    if (rec && parsed.state == ParseResponse::State::incomplete)
      co_return "the proxy closed before a complete response (" + rec.message() + ")";
  }
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
  if (parsed.state != ParseResponse::State::complete) co_return "malformed response: " + parsed.error;
  if (parsed.head.status / 100 != 2) co_return "answered " + parsed.head.status_line();
  co_return Tunnel{std::move(sock), in.substr(parsed.head.size), ms};
}

}  // namespace

std::string_view to_string(BenchTarget::Mode m) {
  switch (m) {
    case BenchTarget::Mode::proxy: return "proxy";
    case BenchTarget::Mode::direct: return "direct";
    case BenchTarget::Mode::relay: return "relay";
  }
  return "?";
}

asio::awaitable<Dialed> open_tunnel(const BenchTarget& target, Clock::time_point deadline) {
  auto sock = std::make_shared<tcp::socket>(co_await asio::this_coro::executor);
  CloseAtDeadline limit(sock, *sock, deadline);
  Dialed d = co_await dial(target, *sock);
  if (limit.fired()) co_return std::string("no tunnel in time");
  co_return d;
}

}  // namespace connectspec::bench
