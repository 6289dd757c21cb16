// The built-in next proxy of the `upstream` variant, driven by plain Asio clients on loopback:
// it records each request head verbatim, tunnels only to loopback, refuses everything else, and
// stop() ends every connection. Every run of the io_context is bounded in time.
#include <catch2/catch.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "upstream/forwarding_upstream.hpp"

#include "tests/run_client.hpp"
#include "tests/use_tuple.hpp"

using connectspec::testing::use_tuple;

using namespace connectspec;
using namespace std::chrono_literals;
using asio::ip::tcp;

namespace {

using testing::run_client;
using testing::run_until;

// A loopback origin that accepts one connection, records what it receives, and answers
// `reply` after `expect_bytes` bytes; then it reads to EOF and closes.
struct TestOrigin {
  tcp::acceptor acceptor;
  std::string received;
  std::string reply;
  std::size_t expect_bytes = 0;
  int accepted = 0;
  bool saw_eof = false;
  bool done = false;

  TestOrigin(asio::io_context& io, std::string reply_, std::size_t expect)
      : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), reply(std::move(reply_)), expect_bytes(expect) {
    asio::co_spawn(io, serve(), asio::detached);
  }
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
  std::string authority() const { return "127.0.0.1:" + std::to_string(port()); }

  asio::awaitable<void> serve() {
    auto [aec, s] = co_await acceptor.async_accept(use_tuple);
    if (aec) {
      done = true;
      co_return;
    }
    ++accepted;
    char buf[4096];
    bool replied = false;
    for (;;) {
      auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), use_tuple);
      received.append(buf, n);
      if (!replied && received.size() >= expect_bytes) {
        replied = true;
        co_await asio::async_write(s, asio::buffer(reply), use_tuple);
      }
      if (ec) {
        saw_eof = ec == asio::error::eof;
        break;
      }
    }
    boost::system::error_code ignored;
    s.close(ignored);
    done = true;
  }
};

asio::awaitable<tcp::socket> connect_to(Endpoint ep) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(tcp::endpoint(asio::ip::make_address(ep.host), ep.port), asio::use_awaitable);
  co_return socket;
}

// Reads until EOF (or a reset, which ends it too); returns the bytes.
asio::awaitable<std::string> read_to_end(tcp::socket& socket) {
  std::string all;
  char buffer[4096];
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), use_tuple);
    all.append(buffer, n);
    if (ec) co_return all;
  }
}

// Sends `request` and returns everything the upstream answers before it closes.
std::string exchange(asio::io_context& io, Endpoint ep, std::string request) {
  return run_client(io, [&]() -> asio::awaitable<std::string> {
    auto s = co_await connect_to(ep);
    co_await asio::async_write(s, asio::buffer(request), asio::use_awaitable);
    co_return co_await read_to_end(s);
  }());
}

// After stop() nothing is left to run: the io_context runs out of work at once.
void expect_idle_after_stop(asio::io_context& io, ForwardingUpstream& up) {
  up.stop();
  CHECK_FALSE(up.started());
  io.restart();
  auto started = std::chrono::steady_clock::now();
  io.run_for(5s);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  CHECK(io.stopped());
}

}  // namespace

TEST_CASE("forwarding upstream: start() listens on loopback, once", "[upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  CHECK_FALSE(up.started());
  Endpoint ep = up.start();
  CHECK(up.started());
  CHECK(ep.host == "127.0.0.1");
  CHECK(ep.port != 0);
  Endpoint again = up.start();
  CHECK(again.host == ep.host);
  CHECK(again.port == ep.port);
  expect_idle_after_stop(io, up);
}

TEST_CASE("forwarding upstream: a CONNECT to a loopback origin is tunnelled and its head recorded", "[upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  TestOrigin origin(io, "world!", 5);

  const std::string head = "CONNECT " + origin.authority() + " HTTP/1.1\r\nHost: " + origin.authority() +
                           "\r\nProxy-Authorization: Basic dTpw\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n";
  struct Seen {
    std::string response, tunnel, rest;
  };
  Seen seen = run_client(io, [&]() -> asio::awaitable<Seen> {
    Seen r;
    auto s = co_await connect_to(ep);
    // "hel" comes in the same write as the head: it must reach the origin too.
    std::string first = head + "hel";
    co_await asio::async_write(s, asio::buffer(first), asio::use_awaitable);
    std::string buf;
    std::size_t n = co_await asio::async_read_until(s, asio::dynamic_buffer(buf), "\r\n\r\n", asio::use_awaitable);
    r.response = buf.substr(0, n);
    buf.erase(0, n);
    co_await asio::async_write(s, asio::buffer(std::string_view("lo")), asio::use_awaitable);
    while (buf.size() < 6) {
      char b[64];
      auto [ec, got] = co_await s.async_read_some(asio::buffer(b), use_tuple);
      buf.append(b, got);
      if (ec) break;
    }
    r.tunnel = buf;
    // A half-close passes through: the origin sees EOF, closes, and so does the tunnel.
    s.shutdown(tcp::socket::shutdown_send);
    r.rest = co_await read_to_end(s);
    co_return r;
  }());

  CHECK(seen.response == "HTTP/1.1 200 Connection Established\r\n\r\n");
  CHECK(seen.tunnel == "world!");
  CHECK(seen.rest.empty());
  REQUIRE(run_until(io, [&] { return origin.done; }));
  CHECK(origin.accepted == 1);
  CHECK(origin.received == "hello");  // no byte of the head, every tunnel byte
  CHECK(origin.saw_eof);

  auto heads = up.heads_for(origin.authority());
  REQUIRE(heads.size() == 1);
  CHECK(heads[0] == head);  // verbatim, without the early tunnel bytes
  CHECK(up.heads_for("127.0.0.1:1").empty());
  CHECK(up.heads_for("localhost:" + std::to_string(origin.port())).empty());
  expect_idle_after_stop(io, up);
}

TEST_CASE("forwarding upstream: heads are kept per authority, in arrival order", "[upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  // Port 1 on loopback: nothing listens, so the dial is refused (502) and nothing leaves loopback.
  std::string a = "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-N: 1\r\n\r\n";
  std::string b = "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-N: 2\r\n\r\n";
  CHECK_THAT(exchange(io, ep, a), Catch::Matchers::StartsWith("HTTP/1.1 502 "));
  CHECK_THAT(exchange(io, ep, b), Catch::Matchers::StartsWith("HTTP/1.1 502 "));
  auto heads = up.heads_for("127.0.0.1:1");
  REQUIRE(heads.size() == 2);
  CHECK(heads[0] == a);
  CHECK(heads[1] == b);
  expect_idle_after_stop(io, up);
}

// The upstream serves every case of a run, and a freed origin port is handed out again: a case
// that claims its origin's authority sees only what arrives after, not an earlier case's CONNECT.
TEST_CASE("forwarding upstream: a claimed authority reports only what arrives after the claim", "[upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  std::string earlier = "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-Case: earlier\r\n\r\n";
  std::string later = "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nX-Case: later\r\n\r\n";
  CHECK_THAT(exchange(io, ep, earlier), Catch::Matchers::StartsWith("HTTP/1.1 502 "));
  REQUIRE(up.heads_for("127.0.0.1:1").size() == 1);
  up.claim("127.0.0.1:1");
  CHECK(up.heads_for("127.0.0.1:1").empty());
  CHECK(up.received_for("127.0.0.1:1").empty());
  CHECK_THAT(exchange(io, ep, later), Catch::Matchers::StartsWith("HTTP/1.1 502 "));
  auto heads = up.heads_for("127.0.0.1:1");
  REQUIRE(heads.size() == 1);
  CHECK(heads[0] == later);
  expect_idle_after_stop(io, up);
}

TEST_CASE("forwarding upstream: a CONNECT to a non-loopback target is refused without dialling", "[upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  for (std::string target : {"192.0.2.1:443", "example.com:443", "[2001:db8::1]:443", "10.0.0.1:80"}) {
    INFO(target);
    std::string head = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n";
    auto started = std::chrono::steady_clock::now();
    std::string response = exchange(io, ep, head);
    CHECK_THAT(response, Catch::Matchers::StartsWith("HTTP/1.1 403 Forbidden\r\n"));
    CHECK_THAT(response, Catch::Matchers::EndsWith("\r\n\r\n"));
    // Answered at once: a dial to 192.0.2.1 (TEST-NET) would hang until the 5 s dial limit.
    CHECK(std::chrono::steady_clock::now() - started < 1s);
    REQUIRE(up.heads_for(target).size() == 1);
    CHECK(up.heads_for(target)[0] == head);
  }
  // A target that is not HOST:PORT at all is refused too.
  CHECK_THAT(exchange(io, ep, "CONNECT 127.0.0.1 HTTP/1.1\r\n\r\n"), Catch::Matchers::StartsWith("HTTP/1.1 403 "));
  expect_idle_after_stop(io, up);
}

TEST_CASE("forwarding upstream: a method other than CONNECT gets 405", "[upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  TestOrigin origin(io, "", 1);
  std::string head = "GET http://" + origin.authority() + "/ HTTP/1.1\r\nHost: " + origin.authority() + "\r\n\r\n";
  std::string response = exchange(io, ep, head);
  CHECK_THAT(response, Catch::Matchers::StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
  auto heads = up.heads_for("http://" + origin.authority() + "/");
  REQUIRE(heads.size() == 1);
  CHECK(heads[0] == head);
  CHECK(origin.accepted == 0);  // not forwarded

  // Lowercase "connect" is not CONNECT either.
  std::string lower = "connect " + origin.authority() + " HTTP/1.1\r\n\r\n";
  CHECK_THAT(exchange(io, ep, lower), Catch::Matchers::StartsWith("HTTP/1.1 405 "));
  CHECK(origin.accepted == 0);
  origin.acceptor.close();
  expect_idle_after_stop(io, up);
}

TEST_CASE("forwarding upstream: stop() closes the listener, idle clients and open tunnels", "[upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  TestOrigin origin(io, "", 1000000);  // never replies: the tunnel stays open until stop()

  std::optional<tcp::socket> tunnel, idle;
  bool tunnel_ended = false, idle_ended = false;
  run_client(io, [&]() -> asio::awaitable<int> {
    tunnel.emplace(co_await connect_to(ep));
    std::string head = "CONNECT " + origin.authority() + " HTTP/1.1\r\nHost: " + origin.authority() + "\r\n\r\n";
    co_await asio::async_write(*tunnel, asio::buffer(head), asio::use_awaitable);
    std::string buf;
    co_await asio::async_read_until(*tunnel, asio::dynamic_buffer(buf), "\r\n\r\n", asio::use_awaitable);
    co_await asio::async_write(*tunnel, asio::buffer(std::string_view("x")), asio::use_awaitable);
    idle.emplace(co_await connect_to(ep));  // connected, never sends a head
    co_return 0;
  }());
  REQUIRE(run_until(io, [&] { return origin.received == "x"; }));
  REQUIRE(origin.accepted == 1);

  auto watch = [](tcp::socket& s, bool& ended) -> asio::awaitable<void> {
    co_await read_to_end(s);
    ended = true;
  };
  asio::co_spawn(io, watch(*tunnel, tunnel_ended), asio::detached);
  asio::co_spawn(io, watch(*idle, idle_ended), asio::detached);
  // Before stop(), both stay open.
  CHECK_FALSE(run_until(io, [&] { return tunnel_ended || idle_ended || origin.done; }, 300ms));

  up.stop();
  CHECK_FALSE(up.started());
  // Well within the upstream's own 10 s head limit: stop() itself ended them.
  CHECK(run_until(io, [&] { return tunnel_ended && idle_ended && origin.done; }, 2s));

  // Nothing listens any more.
  boost::system::error_code ec;
  tcp::socket late(io);
  late.connect(tcp::endpoint(asio::ip::make_address(ep.host), ep.port), ec);
  CHECK(ec);

  tunnel->close();
  idle->close();
  origin.acceptor.close();
  io.restart();
  auto started = std::chrono::steady_clock::now();
  io.run_for(5s);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  CHECK(io.stopped());
}

TEST_CASE("forwarding upstream: a CONNECT written into an open tunnel is relayed and recorded as tunnelled", "[upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  // The origin answers once it has the first tunnel bytes and the whole second head.
  const std::string target = "127.0.0.1:1";
  TestOrigin origin(io, "echo", 0);
  const std::string head = "CONNECT " + origin.authority() + " HTTP/1.1\r\nHost: " + origin.authority() + "\r\n\r\n";
  const std::string again = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n";
  origin.expect_bytes = 5 + again.size();
  std::string reply = run_client(io, [&]() -> asio::awaitable<std::string> {
    auto s = co_await connect_to(ep);
    co_await asio::async_write(s, asio::buffer(head), asio::use_awaitable);
    std::string response;
    co_await asio::async_read_until(s, asio::dynamic_buffer(response), "\r\n\r\n", asio::use_awaitable);
    co_await asio::async_write(s, asio::buffer(std::string("data\n")), asio::use_awaitable);
    // A pooled connection: the next CONNECT on the connection that carries the tunnel.
    co_await asio::async_write(s, asio::buffer(again), asio::use_awaitable);
    std::string got(4, '\0');
    co_await asio::async_read(s, asio::buffer(got), asio::use_awaitable);
    co_return got;
  }());
  CHECK(reply == "echo");
  REQUIRE(run_until(io, [&] { return origin.received.size() >= 5 + again.size(); }));
  CHECK(origin.received == "data\n" + again);  // relayed as the tunnel data it is
  REQUIRE(up.received_for(origin.authority()).size() == 1);
  CHECK(up.received_for(origin.authority())[0].connection == 1);
  CHECK(up.heads_for(target).empty());  // not a request the upstream answered
  auto tunnelled = up.tunnelled_for(target);
  REQUIRE(tunnelled.size() == 1);
  CHECK(tunnelled[0].head == again);
  CHECK(tunnelled[0].connection == 1);
  CHECK(tunnelled[0].opened_for == origin.authority());
  // A second connection is numbered 2.
  CHECK_THAT(exchange(io, ep, again), Catch::Matchers::StartsWith("HTTP/1.1 502 "));
  REQUIRE(up.received_for(target).size() == 1);
  CHECK(up.received_for(target)[0].connection == 2);
  expect_idle_after_stop(io, up);
}
