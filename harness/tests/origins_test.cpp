// The built-in origins, each driven by a plain Asio client on loopback. Every test runs the
// io_context with a time bound, so a misbehaving origin fails the test instead of hanging it.
#include <catch2/catch.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <optional>
#include <set>

#include "origins/generated_bytes.hpp"
#include "origins/loopback_address.hpp"
#include "origins/origin.hpp"

#include "tests/run_client.hpp"
#include "tests/use_tuple.hpp"

using connectspec::testing::use_tuple;

using namespace connectspec;
using namespace std::chrono_literals;
using asio::ip::tcp;

namespace {

constexpr auto kBound = 5s;

using testing::run_client;
using testing::run_until;

// stop() must end every coroutine: afterwards the io_context runs out of work at once, and
// nothing but the test holds the origin.
void stop_and_expect_idle(asio::io_context& io, std::shared_ptr<Origin>& origin) {
  origin->stop();
  io.restart();
  auto started = std::chrono::steady_clock::now();
  io.run_for(kBound);
  CHECK(std::chrono::steady_clock::now() - started < 1s);
  CHECK(io.stopped());
  CHECK(origin.use_count() == 1);
}

struct OriginsFixture {
  asio::io_context io;
  CaseTracePtr trace = std::make_shared<CaseTrace>(io.get_executor());

  std::shared_ptr<Origin> start(OriginKind kind, std::string host = "127.0.0.1") {
    OriginSpec spec;
    spec.name = "main";
    spec.kind = kind;
    spec.host = std::move(host);
    spec.banner = "SSH-2.0-connectspec\r\n";
    spec.bytes = 100'000;
    spec.seed = 7;
    auto origin = make_origin(io, spec, trace, nullptr);
    origin->start();
    return origin;
  }

  bool logged(const std::string& leg, bool from_proxy, WireEvent::Kind kind) const {
    for (const auto& e : trace->log.events()) {
      if (e.leg == leg && e.from_proxy == from_proxy && e.kind == kind) return true;
    }
    return false;
  }
};

asio::awaitable<tcp::socket> connect_to(tcp::endpoint endpoint) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(endpoint, asio::use_awaitable);
  co_return socket;
}

// Reads until EOF; returns the bytes, or throws if the connection did not end cleanly.
asio::awaitable<std::string> read_to_eof(tcp::socket& socket) {
  std::string all;
  char buffer[16 * 1024];
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), use_tuple);
    all.append(buffer, n);
    if (ec == asio::error::eof) co_return all;
    if (ec) throw boost::system::system_error(ec);
  }
}

asio::awaitable<std::string> read_exactly(tcp::socket& socket, std::size_t size) {
  std::string bytes(size, '\0');
  co_await asio::async_read(socket, asio::buffer(bytes), asio::use_awaitable);
  co_return bytes;
}

// Nothing has arrived and the connection is still open (a read would block).
bool silent_and_open(tcp::socket& socket) {
  socket.non_blocking(true);
  char byte;
  boost::system::error_code ec;
  socket.read_some(asio::buffer(&byte, 1), ec);
  socket.non_blocking(false);
  return ec == asio::error::would_block;
}

asio::awaitable<void> pause(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace

TEST_CASE("echo origin echoes, records, and passes a half-close back", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::echo);
  CHECK(origin->endpoint().address().to_string() == "127.0.0.1");
  CHECK(origin->endpoint().port() != 0);

  auto [echoed, rest] = run_client(f.io, [&]() -> asio::awaitable<std::pair<std::string, std::string>> {
    auto socket = co_await connect_to(origin->endpoint());
    co_await asio::async_write(socket, asio::buffer(std::string_view("hello")), asio::use_awaitable);
    std::string echoed = co_await read_exactly(socket, 5);
    socket.shutdown(tcp::socket::shutdown_send);
    std::string rest = co_await read_to_eof(socket);
    co_return std::pair{echoed, rest};
  }());
  CHECK(echoed == "hello");
  CHECK(rest.empty());

  REQUIRE(origin->accepted() == 1);
  const auto& record = *origin->connections().at(0);
  CHECK(record.index == 1);
  CHECK(record.received == "hello");
  CHECK(record.sent == 5);
  CHECK(record.eof);
  CHECK_FALSE(record.reset);
  CHECK(f.logged("origin main#1", true, WireEvent::Kind::accept));
  CHECK(f.logged("origin main#1", true, WireEvent::Kind::data));
  CHECK(f.logged("origin main#1", false, WireEvent::Kind::data));
  CHECK(f.logged("origin main#1", true, WireEvent::Kind::eof));
  CHECK(f.logged("origin main#1", false, WireEvent::Kind::close));
  stop_and_expect_idle(f.io, origin);
}

TEST_CASE("echo origin counts and numbers its connections", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::echo);
  int done = run_client(f.io, [&]() -> asio::awaitable<int> {
    auto first = co_await connect_to(origin->endpoint());
    auto second = co_await connect_to(origin->endpoint());
    co_await asio::async_write(second, asio::buffer(std::string_view("2")), asio::use_awaitable);
    co_await read_exactly(second, 1);
    co_await asio::async_write(first, asio::buffer(std::string_view("1")), asio::use_awaitable);
    co_await read_exactly(first, 1);
    co_return 1;
  }());
  CHECK(done == 1);
  CHECK(origin->accepted() == 2);
  REQUIRE(origin->connections().size() == 2);
  CHECK(origin->connections()[0]->index == 1);
  CHECK(origin->connections()[1]->index == 2);
  // Accept order, not write order, decides the numbers.
  CHECK(origin->connections()[0]->received == "1");
  CHECK(origin->connections()[1]->received == "2");
  CHECK(f.logged("origin main#2", true, WireEvent::Kind::accept));
  stop_and_expect_idle(f.io, origin);
}

TEST_CASE("echo origin on ::1", "[origins]") {
  OriginsFixture f;
  std::shared_ptr<Origin> origin;
  try {
    origin = f.start(OriginKind::echo, "::1");
  } catch (const std::runtime_error& e) {
    WARN("IPv6 loopback unavailable, skipped: " << e.what());
    return;
  }
  CHECK(origin->endpoint().address().is_v6());
  std::string echoed = run_client(f.io, [&]() -> asio::awaitable<std::string> {
    auto socket = co_await connect_to(origin->endpoint());
    co_await asio::async_write(socket, asio::buffer(std::string_view("v6")), asio::use_awaitable);
    co_return co_await read_exactly(socket, 2);
  }());
  CHECK(echoed == "v6");
  CHECK(origin->connections().at(0)->received == "v6");
  stop_and_expect_idle(f.io, origin);
}

TEST_CASE("banner origin speaks first, then echoes", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::banner);
  auto [banner, echoed] = run_client(f.io, [&]() -> asio::awaitable<std::pair<std::string, std::string>> {
    auto socket = co_await connect_to(origin->endpoint());
    std::string banner = co_await read_exactly(socket, origin->spec().banner.size());
    co_await asio::async_write(socket, asio::buffer(std::string_view("x")), asio::use_awaitable);
    std::string echoed = co_await read_exactly(socket, 1);
    co_return std::pair{banner, echoed};
  }());
  CHECK(banner == "SSH-2.0-connectspec\r\n");
  CHECK(echoed == "x");
  CHECK(origin->connections().at(0)->received == "x");
  CHECK(origin->connections().at(0)->sent == banner.size() + 1);
  stop_and_expect_idle(f.io, origin);
}

TEST_CASE("source origin sends exactly N generated bytes, then closes", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::source);
  std::string got = run_client(f.io, [&]() -> asio::awaitable<std::string> {
    auto socket = co_await connect_to(origin->endpoint());
    co_await asio::async_write(socket, asio::buffer(std::string_view("hi")), asio::use_awaitable);
    co_return co_await read_to_eof(socket);
  }());
  CHECK(got.size() == 100'000);
  CHECK(got == generated_bytes(100'000, 7));
  const auto& record = *origin->connections().at(0);
  CHECK(record.sent == 100'000);
  CHECK(record.received == "hi");  // what arrived before the close is still recorded
  CHECK_FALSE(record.reset);
  CHECK(f.logged("origin main#1", false, WireEvent::Kind::close));
  stop_and_expect_idle(f.io, origin);
}

TEST_CASE("collect origin replies only after the half-close", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::collect);
  auto [silent_before, reply] = run_client(f.io, [&]() -> asio::awaitable<std::pair<bool, std::string>> {
    auto socket = co_await connect_to(origin->endpoint());
    co_await asio::async_write(socket, asio::buffer(std::string_view("abc")), asio::use_awaitable);
    co_await pause(100ms);
    bool silent = silent_and_open(socket);
    socket.shutdown(tcp::socket::shutdown_send);
    std::string reply = co_await read_to_eof(socket);
    co_return std::pair{silent, reply};
  }());
  CHECK(silent_before);
  CHECK(reply == "abc");
  CHECK(origin->connections().at(0)->received == "abc");
  CHECK(origin->connections().at(0)->eof);
  stop_and_expect_idle(f.io, origin);
}

TEST_CASE("sink origin records everything, never answers, closes after EOF", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::sink);
  std::string payload = generated_bytes(300'000, 3);
  std::string reply = run_client(f.io, [&]() -> asio::awaitable<std::string> {
    auto socket = co_await connect_to(origin->endpoint());
    co_await asio::async_write(socket, asio::buffer(payload), asio::use_awaitable);
    socket.shutdown(tcp::socket::shutdown_send);
    co_return co_await read_to_eof(socket);
  }());
  CHECK(reply.empty());
  const auto& record = *origin->connections().at(0);
  CHECK(record.received == payload);
  CHECK(record.sent == 0);
  CHECK(record.eof);
  CHECK_FALSE(f.logged("origin main#1", false, WireEvent::Kind::data));
  stop_and_expect_idle(f.io, origin);
}

TEST_CASE("refuse origin: connections are refused", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::refuse);
  CHECK(origin->endpoint().port() != 0);
  auto ec = run_client(f.io, [&]() -> asio::awaitable<boost::system::error_code> {
    tcp::socket socket(co_await asio::this_coro::executor);
    auto [ec] = co_await socket.async_connect(origin->endpoint(), use_tuple);
    co_return ec;
  }());
  CHECK(ec == asio::error::connection_refused);
  CHECK(origin->accepted() == 0);
  CHECK(origin->connections().empty());
  stop_and_expect_idle(f.io, origin);
}

TEST_CASE("blackhole origin accepts, records, and stays silent", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::blackhole);
  tcp::socket kept(f.io);
  bool silent = run_client(f.io, [&]() -> asio::awaitable<bool> {
    kept = co_await connect_to(origin->endpoint());
    co_await asio::async_write(kept, asio::buffer(std::string_view("anyone?")), asio::use_awaitable);
    kept.shutdown(tcp::socket::shutdown_send);  // even after EOF it keeps the connection open
    co_await pause(200ms);
    co_return silent_and_open(kept);
  }());
  CHECK(silent);
  CHECK(origin->accepted() == 1);
  CHECK(origin->connections().at(0)->received == "anyone?");
  CHECK(origin->connections().at(0)->eof);
  CHECK(origin->connections().at(0)->sent == 0);

  // stop() closes what it kept open.
  stop_and_expect_idle(f.io, origin);
  f.io.restart();
  std::string rest = run_client(f.io, read_to_eof(kept));
  CHECK(rest.empty());
}

TEST_CASE("stop() ends open connections and the accept loop", "[origins]") {
  OriginsFixture f;
  auto origin = f.start(OriginKind::echo);
  tcp::socket kept(f.io);
  run_client(f.io, [&]() -> asio::awaitable<int> {
    kept = co_await connect_to(origin->endpoint());
    co_await asio::async_write(kept, asio::buffer(std::string_view("x")), asio::use_awaitable);
    co_await read_exactly(kept, 1);
    co_return 0;
  }());
  REQUIRE(origin->accepted() == 1);
  auto events_before = f.trace->log.events().size();
  stop_and_expect_idle(f.io, origin);
  // Closing at the end of the case is not something the proxy did: nothing is logged.
  CHECK(f.trace->log.events().size() == events_before);
  CHECK_FALSE(origin->connections().at(0)->reset);
}

TEST_CASE("origins refuse non-loopback addresses", "[origins]") {
  OriginsFixture f;
  CHECK_THROWS_AS(f.start(OriginKind::echo, "0.0.0.0"), std::runtime_error);
  CHECK_THROWS_AS(f.start(OriginKind::refuse, "192.0.2.1"), std::runtime_error);
  CHECK_THROWS_AS(f.start(OriginKind::sink, "localhost"), std::runtime_error);
  CHECK_THROWS_AS(f.start(OriginKind::echo, "::"), std::runtime_error);
}

TEST_CASE("generated bytes are deterministic and cover every byte value", "[origins][generated]") {
  CHECK(generated_bytes(0, 1).empty());
  CHECK(generated_bytes(13, 1).size() == 13);
  CHECK(generated_bytes(64 * 1024, 5) == generated_bytes(64 * 1024, 5));
  CHECK(generated_bytes(64 * 1024, 5) != generated_bytes(64 * 1024, 6));
  CHECK(generated_bytes(1000, 9).substr(0, 8) != generated_bytes(1000, 10).substr(0, 8));
  // Shorter requests are prefixes of longer ones, so a size never changes the bytes.
  CHECK(generated_bytes(1001, 2) == generated_bytes(5000, 2).substr(0, 1001));

  std::string sample = generated_bytes(64 * 1024, 1);
  std::set<unsigned char> values(sample.begin(), sample.end());
  CHECK(values.size() == 256);

  // Pinned: the engine and every past report depend on these exact bytes, on every platform.
  CHECK(generated_bytes(8, 0) == std::string("\xaf\xcd\x1d\x7b\x39\xa8\x20\xe2", 8));
}

TEST_CASE("generated bytes: 1 MiB is fast", "[origins][generated]") {
  auto started = std::chrono::steady_clock::now();
  std::string mib = generated_bytes(1024 * 1024, 42);
  auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(mib.size() == 1024 * 1024);
  CHECK(elapsed < 100ms);  // typically ~1 ms; generous for busy and unoptimised builds
}

// The cases tagged offline run only where no lookup can leave the machine; one condition is that
// glibc asks nobody but /etc/hosts and the DNS servers of /etc/resolv.conf (origins/loopback_address.hpp).
TEST_CASE("the hosts line of nsswitch.conf may name only files, dns and myhostname", "[offline]") {
  CHECK_FALSE(nsswitch_hosts_problem("passwd: files\nhosts:          files dns\nnetworks: files\n"));
  CHECK_FALSE(nsswitch_hosts_problem("hosts: dns [NOTFOUND=return] files  # comment mdns\n"));
  CHECK_FALSE(nsswitch_hosts_problem("# hosts: files resolve\npasswd: files systemd\n"));  // no hosts line: dns files
  CHECK(nsswitch_hosts_problem("hosts: files mdns4_minimal [NOTFOUND=return] dns\n") ==
        "the hosts line of /etc/nsswitch.conf names 'mdns4_minimal', which may look names up outside this network namespace");
  CHECK(nsswitch_hosts_problem("hosts: files resolve [!UNAVAIL=return] dns myhostname\n").value_or("").find("'resolve'") !=
        std::string::npos);
  CHECK_FALSE(nsswitch_hosts_problem("hosts: files [ SUCCESS=return ] myhostname dns\n"));
  CHECK(nsswitch_hosts_problem("hosts: files [ SUCCESS=return ] wins\n").value_or("").find("'wins'") != std::string::npos);
}

TEST_CASE("this machine is offline under scripts/offline-run only", "[offline]") {
  // Not asserted either way (the machine decides); a reason, when there is one, says what.
  if (auto why = offline_network_problem()) CHECK_FALSE(why->empty());
}

TEST_CASE("trickle origin sends its bytes one per interval, then echoes", "[origins]") {
  OriginsFixture f;
  OriginSpec spec;
  spec.name = "main";
  spec.kind = OriginKind::trickle;
  spec.bytes = 3;
  spec.seed = 816;
  spec.interval_ms = 60;
  auto origin = make_origin(f.io, spec, f.trace, nullptr);
  origin->start();
  const auto started = std::chrono::steady_clock::now();
  auto [trickled, echoed] = run_client(f.io, [&]() -> asio::awaitable<std::pair<std::string, std::string>> {
    auto socket = co_await connect_to(origin->endpoint());
    std::string trickled = co_await read_exactly(socket, 3);
    co_await asio::async_write(socket, asio::buffer(std::string_view("x")), asio::use_awaitable);
    std::string echoed = co_await read_exactly(socket, 1);
    co_return std::pair{trickled, echoed};
  }());
  CHECK(std::chrono::steady_clock::now() - started >= 180ms);  // three pauses of 60 ms
  CHECK(trickled == generated_bytes(3, 816));
  CHECK(echoed == "x");
  CHECK(origin->connections().at(0)->sent == 4);  // the three trickled bytes and the echo
  CHECK(origin->connections().at(0)->received == "x");
  stop_and_expect_idle(f.io, origin);
}
