// The origins that misbehave on purpose: one that resets, one that never completes a handshake,
// and a minimal HTTP server. Each is driven by a plain Asio client with a time bound.
#include <catch2/catch.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "origins/origin.hpp"
#include "tests/run_client.hpp"
#include "tests/use_tuple.hpp"

using connectspec::testing::use_tuple;

using namespace connectspec;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using asio::ip::tcp;
using testing::run_client;
using testing::run_until;

namespace {


struct KindsFixture {
  asio::io_context io;
  CaseTracePtr trace = std::make_shared<CaseTrace>(io.get_executor());

  std::shared_ptr<Origin> start(OriginKind kind, std::uint64_t after_bytes = 0) {
    OriginSpec spec;
    spec.name = "main";
    spec.kind = kind;
    spec.after_bytes = after_bytes;
    auto origin = make_origin(io, spec, trace, nullptr);
    origin->start();
    return origin;
  }
};

// Reads until the connection ends; returns what arrived and how it ended.
asio::awaitable<std::pair<std::string, boost::system::error_code>> read_all(tcp::socket& s) {
  std::string all;
  char buf[4096];
  for (;;) {
    auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), use_tuple);
    all.append(buf, n);
    if (ec) co_return std::pair{all, ec};
  }
}

}  // namespace

TEST_CASE("reset origin aborts with a RST after reading after_bytes", "[origins]") {
  KindsFixture f;
  auto origin = f.start(OriginKind::reset, 4);
  auto ec = run_client(f.io, [&]() -> asio::awaitable<boost::system::error_code> {
    tcp::socket s(f.io);
    co_await s.async_connect(origin->endpoint(), asio::use_awaitable);
    co_await asio::async_write(s, asio::buffer(std::string_view("ping")), asio::use_awaitable);
    auto [got, err] = co_await read_all(s);
    co_return err;
  }());
  CHECK(ec == asio::error::connection_reset);
  REQUIRE(origin->accepted() == 1);
  CHECK(origin->connections()[0]->received == "ping");
  origin->stop();
}

TEST_CASE("unreachable origin: a connect neither succeeds nor is refused", "[origins]") {
  KindsFixture f;
  auto origin = f.start(OriginKind::unreachable);
  auto outcome = run_client(f.io, [&]() -> asio::awaitable<int> {
    tcp::socket s(f.io);
    asio::steady_timer timer(f.io, 700ms);
    auto r = co_await (s.async_connect(origin->endpoint(), use_tuple) || timer.async_wait(use_tuple));
    co_return static_cast<int>(r.index());  // 1: the timer won, the handshake never completed
  }());
  CHECK(outcome == 1);
  CHECK(origin->accepted() == 0);
  origin->stop();
}

TEST_CASE("http origin answers each request on a kept-alive connection", "[origins]") {
  KindsFixture f;
  auto origin = f.start(OriginKind::http);
  auto got = run_client(f.io, [&]() -> asio::awaitable<std::string> {
    tcp::socket s(f.io);
    co_await s.async_connect(origin->endpoint(), asio::use_awaitable);
    std::string two = "GET / HTTP/1.1\r\nHost: x\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
    co_await asio::async_write(s, asio::buffer(two), asio::use_awaitable);
    s.shutdown(tcp::socket::shutdown_send);
    auto [all, err] = co_await read_all(s);
    co_return all;
  }());
  const std::string one = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\n\r\nconnectspec-origin";
  CHECK(got == one + one);
  origin->stop();
}

namespace {
// RFC 6455 §1.3's sample key and its accept value; §5.7's masked "Hello" and its unmasked echo.
constexpr std::string_view kSampleKey = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr std::string_view kSampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
const std::string kMaskedHello("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
const std::string kHello("\x81\x05Hello", 7);

std::string websocket_exchange(KindsFixture& f, const std::shared_ptr<Origin>& origin, std::string request) {
  return run_client(f.io, [&]() -> asio::awaitable<std::string> {
    tcp::socket s(f.io);
    co_await s.async_connect(origin->endpoint(), asio::use_awaitable);
    co_await asio::async_write(s, asio::buffer(request), asio::use_awaitable);
    auto [all, err] = co_await read_all(s);
    co_return all;
  }());
}
}  // namespace

TEST_CASE("websocket origin: the opening handshake, a masked frame echoed unmasked, a close", "[origins]") {
  KindsFixture f;
  auto origin = f.start(OriginKind::websocket);
  const std::string close_frame("\x88\x80\x01\x02\x03\x04", 6);  // masked Close, no payload
  auto got = websocket_exchange(f, origin,
                                "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: " + std::string(kSampleKey) + "\r\nSec-WebSocket-Version: 13\r\n\r\n" +
                                    kMaskedHello + close_frame);
  CHECK(got == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Accept: " + std::string(kSampleAccept) + "\r\n\r\n" + kHello + std::string("\x88\x00", 2));
  origin->stop();
}

TEST_CASE("websocket origin: a request without the handshake fields gets 400, an unmasked frame 1002", "[origins]") {
  KindsFixture f;
  auto origin = f.start(OriginKind::websocket);
  auto plain = websocket_exchange(f, origin, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(plain.rfind("HTTP/1.1 400 ", 0) == 0);
  auto unmasked = websocket_exchange(f, origin,
                                     "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\nSec-WebSocket-Key: " +
                                         std::string(kSampleKey) + "\r\nSec-WebSocket-Version: 13\r\n\r\n" + kHello);
  CHECK(unmasked.find(std::string("\r\n\r\n\x88\x02\x03\xea", 8)) != std::string::npos);
  origin->stop();
}
