// The trap origin: listeners on a loopback address of its own (127.77.0.0/16) on the ports a
// lenient target parser falls back to. A connection to it is recorded with the port it arrived
// on; ports it cannot bind (under 1024 without root) are reported, never fatal.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "casefile/case_loader.hpp"
#include "origins/origin.hpp"
#include "tests/run_client.hpp"

using namespace connectspec;
using asio::ip::tcp;
using testing::run_client;
using testing::run_until;

namespace {

struct TrapFixture {
  asio::io_context io;
  CaseTracePtr trace = std::make_shared<CaseTrace>(io.get_executor());

  std::shared_ptr<Origin> start(std::vector<std::uint16_t> ports = {}, std::string dialled_for = {}) {
    OriginSpec spec;
    spec.name = "trap";
    spec.kind = OriginKind::trap;
    spec.ports = std::move(ports);
    spec.dialled_for = std::move(dialled_for);
    auto origin = make_origin(io, spec, trace, nullptr);
    origin->start();
    return origin;
  }

  std::string notes() const {
    std::string out;
    for (const auto& e : trace->log.events())
      if (e.kind == WireEvent::Kind::note) out += e.leg + ": " + e.text + "\n";
    return out;
  }
};

bool in_trap_range(const asio::ip::address& a) {
  if (!a.is_v4()) return false;
  auto bytes = a.to_v4().to_bytes();
  return bytes[0] == 127 && bytes[1] == 77 && bytes[3] != 0 && bytes[3] != 255;
}

}  // namespace

TEST_CASE("trap: a connection is recorded with the port it arrived on", "[origins][trap]") {
  TrapFixture f;
  auto trap = f.start({65535, 65534});
  const auto address = trap->endpoint().address();
  REQUIRE(in_trap_range(address));
  CHECK(trap->endpoint().port() == 65535);  // ${trap.port}: its first port
  CHECK(trap->arming_note().empty());       // high ports need no privilege
  CHECK(trap->accepted() == 0);

  tcp::socket client(f.io);
  run_client(f.io, [&]() -> asio::awaitable<int> {
    co_await client.async_connect(tcp::endpoint(address, 65534), asio::use_awaitable);
    co_await asio::async_write(client, asio::buffer(std::string_view("CONNECT x HTTP/1.1\r\n\r\n")), asio::use_awaitable);
    co_return 0;
  }());
  REQUIRE(run_until(f.io, [&] { return trap->accepted() == 1 && !trap->connections()[0]->received.empty(); }));
  const OriginConnection& c = *trap->connections()[0];
  CHECK(c.local.address() == address);
  CHECK(c.local.port() == 65534);
  CHECK(c.received == "CONNECT x HTTP/1.1\r\n\r\n");
  CHECK(f.notes().find("the proxy dialled the trap at " + address.to_string() + ":65534") != std::string::npos);

  // stop() ends every coroutine: the io_context runs out of work and nothing else holds the trap.
  trap->stop();
  client.close();
  f.io.restart();
  f.io.run_for(std::chrono::seconds(5));
  CHECK(f.io.stopped());
  CHECK(trap.use_count() == 1);
}

TEST_CASE("trap: every trap gets an address of its own", "[origins][trap]") {
  TrapFixture f;
  auto a = f.start({65535});
  auto b = f.start({65535});
  CHECK(in_trap_range(a->endpoint().address()));
  CHECK(in_trap_range(b->endpoint().address()));
  CHECK(a->endpoint().address() != b->endpoint().address());
  CHECK(a->arming_note().empty());
  CHECK(b->arming_note().empty());
  a->stop();
  b->stop();
}

TEST_CASE("trap: default ports are 443, 80 and 65535: what cannot be bound is reported", "[origins][trap]") {
  TrapFixture f;
  auto trap = f.start();
  CHECK(trap->spec().ports == std::vector<std::uint16_t>{443, 80, 65535});
  CHECK(trap->endpoint().port() == 443);
  const std::string note = trap->arming_note();
  if (::geteuid() == 0) CHECK(note.empty());
  else CHECK(note.find("not armed") != std::string::npos);
  CHECK(f.notes().find("trap on " + trap->endpoint().address().to_string() + ": listening on") != std::string::npos);
  trap->stop();
}

// Run as an unprivileged user (a child process that drops root, or the test itself without
// root), a trap cannot bind 443 or 80: it says so and still listens on 65535.
TEST_CASE("trap: without root, 443 and 80 are reported not armed and 65535 still listens", "[origins][trap]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string out;
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) {
      out = "could not drop root";
    } else {
      asio::io_context io;
      auto trace = std::make_shared<CaseTrace>(io.get_executor());
      OriginSpec spec;
      spec.name = "trap";
      spec.kind = OriginKind::trap;
      auto trap = make_origin(io, spec, trace, nullptr);
      trap->start();
      boost::system::error_code ec;
      tcp::socket s(io);
      s.connect(tcp::endpoint(trap->endpoint().address(), 65535), ec);
      out = trap->arming_note() + "\n" + (ec ? "connect failed: " + ec.message() : "connected");
      trap->stop();
    }
    (void)!::write(fds[1], out.data(), out.size());
    ::close(fds[1]);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string got;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(got == "traps on 443, 80 not armed: binding needs root\nconnected");
}

TEST_CASE("trap: case files declare ports and what a dial means: a host is refused", "[origins][trap][casefile]") {
  SECTION("ports and for") {
    Diagnostics problems;
    Case c = load_case_text(R"(id = "x.trap"
title = "t"
level = "MUST"
requirements = ["R9110-9.3.6-b"]
description = "d"
[origins]
trap = { kind = "trap", ports = [443, 8443], for = "a target with no valid port" }
[[steps]]
send = "CONNECT ${trap.host} HTTP/1.1\r\n\r\n"
[[steps]]
expect_origin = "trap"
accepted = 0
)", "cases/x/trap.toml", "x", problems);
    std::string all;
    for (const auto& p : problems) all += p.str() + "\n";
    INFO(all);
    REQUIRE(problems.empty());
    REQUIRE(c.origins.size() == 1);
    CHECK(c.origins[0].kind == OriginKind::trap);
    CHECK(c.origins[0].ports == std::vector<std::uint16_t>{443, 8443});
    CHECK(c.origins[0].dialled_for == "a target with no valid port");
  }
  SECTION("bad ports and a host") {
    Diagnostics problems;
    Case c = load_case_text(R"(id = "x.trap"
title = "t"
level = "MUST"
requirements = ["R9110-9.3.6-b"]
description = "d"
[origins]
trap = { kind = "trap", host = "127.0.0.1", ports = [0, 443, 443] }
[[steps]]
expect_origin = "trap"
accepted = 0
)", "cases/x/trap.toml", "x", problems);
    std::string all;
    for (const auto& p : problems) all += p.message + "\n";
    CHECK(all.find("a trap takes no host") != std::string::npos);
    CHECK(all.find("a trap port is a number from 1 to 65535") != std::string::npos);
    CHECK(all.find("port 443 is listed twice") != std::string::npos);
  }
}
