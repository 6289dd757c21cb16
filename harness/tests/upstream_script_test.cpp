// Chain cases: [upstream.NAME] scripts and the expect_upstream checks load into the model, every
// mistake is reported at its line and column, and the scripted upstream answers as written.
#include <catch2/catch.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "casefile/case_loader.hpp"
#include "diagnostics_matchers.hpp"
#include "tests/run_client.hpp"
#include "upstream/forwarding_upstream.hpp"
#include "tests/use_tuple.hpp"

using namespace connectspec;
using namespace connectspec::testing;
using namespace std::chrono_literals;
using asio::ip::tcp;

namespace {

constexpr const char* kChainCaseFile = "chain/case.toml";

// A chain case around `extra` (inserted after [origins]) with one harmless step.
std::string chain_case(const std::string& extra, const std::string& requires_ = "requires = [\"upstream\"]\n") {
  return "id = \"chain.x\"\ntitle = \"t\"\nlevel = \"MUST\"\nrequirements = [\"G-chain-err\"]\n" + requires_ +
         "[origins]\nmain = \"echo\"\n" + extra + "[[steps]]\nconnect = \"main\"\n";
}

Case load(const std::string& text, Diagnostics& problems) { return load_case_text(text, kChainCaseFile, "chain", problems); }

}  // namespace

#define REQUIRE_PROBLEM_AT(problems, line_, col_, part) REQUIRE_PROBLEM_IN(problems, kChainCaseFile, line_, col_, part)

TEST_CASE("upstream script: a full script loads into the model", "[upstream_script][good]") {
  Diagnostics problems;
  Case c = load(chain_case("[upstream.main]\nstatus = 407\nreason = \"Who\"\nheaders = [\"Proxy-Authenticate: Basic realm=\\\"u\\\"\"]\n"
                           "body = \"no\\n\"\nframing = \"chunked\"\nafter_head = \"x\"\nthen = \"reset\"\ndelay_ms = 20\n"),
                problems);
  REQUIRE_PROBLEM_COUNT(problems, 0);
  REQUIRE(c.upstream_scripts.size() == 1);
  const auto& s = c.upstream_scripts[0];
  CHECK(s.origin == "main");
  CHECK(s.respond);
  CHECK(s.status == 407);
  CHECK(s.reason == "Who");
  CHECK(s.headers == std::vector<std::string>{"Proxy-Authenticate: Basic realm=\"u\""});
  CHECK(s.framing == UpstreamScript::Framing::chunked);
  CHECK(s.then == UpstreamScript::Then::reset);
  CHECK(s.delay_ms == 20);
  CHECK(s.response_bytes() ==
        "HTTP/1.1 407 Who\r\nProxy-Authenticate: Basic realm=\"u\"\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nno\n\r\n0\r\n\r\nx");
}

TEST_CASE("upstream script: defaults follow the status and the body", "[upstream_script][good]") {
  Diagnostics problems;
  Case ok = load(chain_case("[upstream.main]\nafter_head = \"hi\"\n"), problems);
  Case refusal = load(chain_case("[upstream.main]\nstatus = 403\nbody = \"no\"\n"), problems);
  Case mute = load(chain_case("[upstream.main]\nrespond = false\n"), problems);
  REQUIRE_PROBLEM_COUNT(problems, 0);
  CHECK(ok.upstream_scripts.at(0).then == UpstreamScript::Then::tunnel);
  CHECK(ok.upstream_scripts.at(0).response_bytes() == "HTTP/1.1 200 Connection Established\r\n\r\nhi");
  CHECK(refusal.upstream_scripts.at(0).then == UpstreamScript::Then::close);
  CHECK(refusal.upstream_scripts.at(0).response_bytes() == "HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno");
  CHECK(mute.upstream_scripts.at(0).then == UpstreamScript::Then::close);
  CHECK(mute.upstream_scripts.at(0).response_bytes().empty());
}

TEST_CASE("upstream script: mistakes are reported at their line and column", "[upstream_script][bad]") {
  // Line 8 is [upstream.main]; its keys start on line 9.
  struct Bad {
    std::string script;
    int line, col;
    std::string part;
  };
  for (const auto& bad : std::vector<Bad>{
           {"status = 700\n", 9, 10, "between 200 and 599"},
           {"framing = \"gzip\"\n", 9, 11, "framing must be"},
           {"then = \"later\"\n", 9, 8, "then must be"},
           {"status = 403\nthen = \"tunnel\"\n", 10, 8, "needs a 2xx"},
           {"respond = false\nstatus = 200\n", 10, 10, "no effect with respond = false"},
           {"body = \"x\"\nframing = \"close\"\nthen = \"silent\"\n", 10, 11, "needs then = \"close\""},
           {"headers = [\"NoColon\"]\n", 9, 11, "has no ':'"},
           {"delay = 5\n", 9, 1, "delay"},
       }) {
    INFO(bad.script);
    Diagnostics problems;
    load(chain_case("[upstream.main]\n" + bad.script), problems);
    REQUIRE_PROBLEM_AT(problems, bad.line, bad.col, bad.part);
  }
  Diagnostics problems;
  load(chain_case("[upstream.other]\nstatus = 403\n"), problems);
  REQUIRE_PROBLEM_AT(problems, 8, 11, "no origin 'other'");
  Diagnostics no_needs;
  load(chain_case("[upstream.main]\nstatus = 403\n", ""), no_needs);
  REQUIRE_PROBLEM_AT(no_needs, 7, 1, "requires = [\"upstream\"]");
}

TEST_CASE("upstream script: interim heads and a raw response", "[upstream_script][good]") {
  Diagnostics problems;
  Case interim = load(chain_case("[upstream.main]\ninterim = [\"HTTP/1.1 100 Continue\\r\\n\\r\\n\"]\n"), problems);
  Case raw = load(chain_case("[upstream.main]\nraw = \"HTTP/1.1 200 OK\\r\\nX: y\\r\\n\"\n"), problems);
  Case raw_reset = load(chain_case("[upstream.main]\nraw = \"HTTP/1.1 403 No\\rX: y\\r\\n\\r\\n\"\nthen = \"reset\"\n"), problems);
  REQUIRE_PROBLEM_COUNT(problems, 0);
  CHECK(interim.upstream_scripts.at(0).then == UpstreamScript::Then::tunnel);
  CHECK(interim.upstream_scripts.at(0).response_bytes() ==
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 Connection Established\r\n\r\n");
  // A raw response is sent as written and opens no tunnel, whatever its status line says.
  CHECK(raw.upstream_scripts.at(0).then == UpstreamScript::Then::close);
  CHECK(raw.upstream_scripts.at(0).response_bytes() == "HTTP/1.1 200 OK\r\nX: y\r\n");
  CHECK(raw_reset.upstream_scripts.at(0).then == UpstreamScript::Then::reset);
  CHECK(raw_reset.upstream_scripts.at(0).response_bytes() == "HTTP/1.1 403 No\rX: y\r\n\r\n");
}

TEST_CASE("upstream script: raw and interim mistakes are reported at their line and column", "[upstream_script][bad]") {
  struct Bad {
    std::string script;
    int line, col;
    std::string part;
  };
  for (const auto& bad : std::vector<Bad>{
           {"raw = \"\"\n", 9, 7, "cannot be empty"},
           {"raw = \"HTTP/1.1 200 OK\\r\\n\"\nstatus = 200\n", 10, 10, "cannot go with raw"},
           {"raw = \"HTTP/1.1 200 OK\\r\\n\"\nthen = \"tunnel\"\n", 10, 8, "a raw response opens no tunnel"},
           {"respond = false\nraw = \"x\"\n", 10, 7, "no effect with respond = false"},
           {"interim = [\"HTTP/1.1 100 Continue\\r\\n\"]\n", 9, 11, "whole 1xx heads"},
           {"status_line = \"HTTP/1.1 200 OK\"\n", 9, 1, "status_line"},
       }) {
    INFO(bad.script);
    Diagnostics problems;
    load(chain_case("[upstream.main]\n" + bad.script), problems);
    REQUIRE_PROBLEM_AT(problems, bad.line, bad.col, bad.part);
  }
}

TEST_CASE("expect_upstream: the new checks load, and bad ones are located", "[upstream_script][good]") {
  Diagnostics problems;
  Case c = load(chain_case("", "requires = [\"upstream\"]\n") +
                    "[[steps]]\nexpect_upstream = \"main\"\nrequest_line = \"CONNECT ${main.authority} HTTP/1.1\"\n"
                    "count = { Host = 1, Via = 1 }\nreceived_before_reply = \"\"\nreceived_after_reply = { bytes = 3 }\n",
                problems);
  REQUIRE_PROBLEM_COUNT(problems, 0);
  const auto& e = std::get<step::ExpectUpstream>(c.steps.at(1).action);
  CHECK(e.request_line == "CONNECT ${main.authority} HTTP/1.1");
  CHECK(e.count == std::map<std::string, int>{{"Host", 1}, {"Via", 1}});
  REQUIRE(e.received_before_reply);
  CHECK(e.received_before_reply->text.empty());
  REQUIRE(e.received_after_reply);
  CHECK(e.received_after_reply->generated_size == 3u);

  Diagnostics everywhere;
  Case e2 = load(chain_case("") + "[[steps]]\nexpect_upstream = \"main\"\nabsent_everywhere = [\"X-Injected\"]\n", everywhere);
  REQUIRE_PROBLEM_COUNT(everywhere, 0);
  CHECK(std::get<step::ExpectUpstream>(e2.steps.at(1).action).absent_everywhere == std::vector<std::string>{"X-Injected"});

  Diagnostics bad;
  load(chain_case("") + "[[steps]]\nexpect_upstream = \"main\"\ncount = { Host = \"one\" }\n", bad);
  REQUIRE_PROBLEM_AT(bad, 12, 18, "count values are integers");
  Diagnostics bad_line;
  load(chain_case("") + "[[steps]]\nexpect_upstream = \"main\"\nrequest_line = \"CONNECT ${nope.authority} HTTP/1.1\"\n", bad_line);
  REQUIRE_PROBLEM_AT(bad_line, 12, 16, "nope");
}

// ---------------------------------------------------------------------------------------------
// The scripted upstream, driven by a plain client on loopback.

namespace {

asio::awaitable<tcp::socket> connect_to(Endpoint ep) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(tcp::endpoint(asio::ip::make_address(ep.host), ep.port), asio::use_awaitable);
  co_return socket;
}

struct Exchange {
  std::string reply;
  bool reset = false;
};

// Sends `first`, then `later` after `pause`, and reads until the upstream ends the connection
// (or `bound` passes: a silent upstream).
Exchange exchange(asio::io_context& io, Endpoint ep, std::string first, std::string later = {},
                  std::chrono::milliseconds pause = 0ms, std::chrono::milliseconds bound = 3s) {
  return run_client(io, [&]() -> asio::awaitable<Exchange> {
    Exchange r;
    auto s = co_await connect_to(ep);
    co_await asio::async_write(s, asio::buffer(first), asio::use_awaitable);
    if (!later.empty()) {
      asio::steady_timer t(s.get_executor(), pause);
      co_await t.async_wait(asio::use_awaitable);
      co_await asio::async_write(s, asio::buffer(later), use_tuple);
    }
    asio::steady_timer limit(s.get_executor(), bound);
    limit.async_wait([&](auto ec) { if (!ec) s.close(); });
    char buf[4096];
    for (;;) {
      auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), use_tuple);
      r.reply.append(buf, n);
      if (ec) {
        r.reset = ec == asio::error::connection_reset;
        break;
      }
    }
    limit.cancel();
    co_return r;
  }());
}

UpstreamScript refusal(int status, std::string body) {
  UpstreamScript s;
  s.status = status;
  s.body = std::move(body);
  s.framing = UpstreamScript::Framing::content_length;
  s.then = UpstreamScript::Then::close;
  return s;
}

}  // namespace

TEST_CASE("scripted upstream: a refusal is sent as written, and what follows it is recorded", "[upstream_script][upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  const std::string target = "127.0.0.1:9";  // scripted: never dialled
  UpstreamScript s = refusal(407, "who?");
  s.headers = {"Proxy-Authenticate: Basic realm=\"u\""};
  up.script(target, s);
  const std::string head = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n";
  Exchange r = exchange(io, ep, head + "early", "late", 100ms);
  CHECK(r.reply == "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"u\"\r\n"
                   "Content-Length: 4\r\n\r\nwho?");
  REQUIRE(up.received_for(target).size() == 1);
  CHECK(up.received_for(target)[0].head == head);
  CHECK(up.received_for(target)[0].before_reply == "early");
  CHECK(up.received_for(target)[0].after_reply == "late");

  // Unscripted again: the default behaviour (port 9 is closed: 502).
  up.unscript(target);
  CHECK_THAT(exchange(io, ep, head).reply, Catch::Matchers::StartsWith("HTTP/1.1 502 "));
  up.stop();
}

TEST_CASE("scripted upstream: a delay records what arrives before the answer", "[upstream_script][upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  const std::string target = "127.0.0.1:9";
  UpstreamScript s = refusal(403, "");
  s.delay_ms = 300;
  up.script(target, s);
  auto started = std::chrono::steady_clock::now();
  Exchange r = exchange(io, ep, "CONNECT " + target + " HTTP/1.1\r\n\r\n", "meanwhile", 50ms);
  CHECK(std::chrono::steady_clock::now() - started >= 300ms);
  CHECK_THAT(r.reply, Catch::Matchers::StartsWith("HTTP/1.1 403 Forbidden\r\n"));
  CHECK(up.received_for(target).at(0).before_reply == "meanwhile");
  CHECK(up.received_for(target).at(0).after_reply.empty());
  up.stop();
}

TEST_CASE("scripted upstream: no answer, then close, reset or silence", "[upstream_script][upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  const std::string target = "127.0.0.1:9";
  const std::string head = "CONNECT " + target + " HTTP/1.1\r\n\r\n";
  UpstreamScript s;
  s.respond = false;

  s.then = UpstreamScript::Then::close;
  up.script(target, s);
  Exchange closed = exchange(io, ep, head);
  CHECK(closed.reply.empty());
  CHECK_FALSE(closed.reset);

  s.then = UpstreamScript::Then::reset;
  up.script(target, s);
  Exchange reset = exchange(io, ep, head);
  CHECK(reset.reply.empty());
  CHECK(reset.reset);

  s.then = UpstreamScript::Then::silent;
  up.script(target, s);
  auto started = std::chrono::steady_clock::now();
  Exchange silent = exchange(io, ep, head, {}, 0ms, 500ms);  // the client gives up first
  CHECK(silent.reply.empty());
  CHECK(std::chrono::steady_clock::now() - started >= 500ms);
  CHECK(up.received_for(target).size() == 3);
  up.stop();
}

TEST_CASE("scripted upstream: a 2xx with fields and bytes in the same write, then the tunnel", "[upstream_script][upstream]") {
  asio::io_context io;
  ForwardingUpstream up(io.get_executor());
  Endpoint ep = up.start();
  tcp::acceptor origin(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::string target = "127.0.0.1:" + std::to_string(origin.local_endpoint().port());
  // The origin answers "pong" and closes.
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    auto [ec, s] = co_await origin.async_accept(use_tuple);
    if (!ec) co_await asio::async_write(s, asio::buffer(std::string_view("pong")), use_tuple);
  }, asio::detached);
  UpstreamScript s;
  s.headers = {"Content-Length: 5", "Transfer-Encoding: chunked"};
  s.after_head = "banner;";
  up.script(target, s);
  Exchange r = exchange(io, ep, "CONNECT " + target + " HTTP/1.1\r\n\r\n");
  CHECK(r.reply == "HTTP/1.1 200 Connection Established\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nbanner;pong");
  up.stop();
}
