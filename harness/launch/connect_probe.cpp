#include "launch/connect_probe.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "http/response_head.hpp"

namespace connectspec {

using namespace asio::experimental::awaitable_operators;
using tcp = asio::ip::tcp;

namespace {

// Accepts the probe's one connection and holds it until the probe ends. No bytes go through the
// tunnel: a proxy that is ready but relays badly must fail cases, not be reported as unstartable.
asio::awaitable<void> accept_once(std::shared_ptr<tcp::acceptor> acceptor) {
  auto [ec, sock] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
  if (ec) co_return;
  std::array<char, 64> buf;
  co_await sock.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<std::optional<std::string>> probe_once(Endpoint proxy, ProbeOptions opts) {
  auto ex = co_await asio::this_coro::executor;
  auto acceptor = std::make_shared<tcp::acceptor>(ex, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::string target = "127.0.0.1:" + std::to_string(acceptor->local_endpoint().port());
  asio::co_spawn(ex, accept_once(acceptor), asio::detached);
  struct Closer {
    std::shared_ptr<tcp::acceptor> a;
    ~Closer() { a->close(); }
  } closer{acceptor};

  tcp::socket sock(ex);
  auto [cec] = co_await sock.async_connect(tcp::endpoint(asio::ip::make_address(proxy.host), proxy.port),
                                          asio::as_tuple(asio::use_awaitable));
  if (cec) co_return "connect to the proxy: " + cec.message();
  std::string req = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n";
  if (!opts.proxy_authorization.empty()) req += "Proxy-Authorization: " + opts.proxy_authorization + "\r\n";
  req += "\r\n";
  auto [wec, wn] = co_await asio::async_write(sock, asio::buffer(req), asio::as_tuple(asio::use_awaitable));
  if (wec) co_return "write CONNECT: " + wec.message();

  std::string in;
  std::array<char, 4096> buf;
  ParseResponse parsed;
  while (parsed.state == ParseResponse::State::incomplete && in.size() < kMaxResponseHead) {
    auto [rec, n] = co_await sock.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    in.append(buf.data(), n);
    parsed = parse_response_head(in);
    if (rec && parsed.state == ParseResponse::State::incomplete)
      co_return "CONNECT " + target + ": connection ended before a response (" + rec.message() + ")";
  }
  if (parsed.state != ParseResponse::State::complete) co_return "CONNECT " + target + ": malformed response: " + parsed.error;
  if (opts.any_response) co_return std::nullopt;
  if (parsed.head.status / 100 != 2) co_return "CONNECT " + target + " answered " + parsed.head.status_line();
  co_return std::nullopt;
}

}  // namespace

ReadinessProbe make_connect_probe(asio::any_io_executor ex, ProbeOptions opts) {
  return [ex, opts](Endpoint proxy) -> asio::awaitable<std::optional<std::string>> {
    asio::steady_timer limit(ex, std::chrono::milliseconds(static_cast<long long>(2000 * opts.timeout_scale)));
    auto r = co_await (probe_once(proxy, opts) || limit.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (r.index() == 1) co_return "CONNECT probe got no complete answer in time";
    co_return std::get<0>(r);
  };
}

}  // namespace connectspec
