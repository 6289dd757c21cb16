#include "launch/connect_probe.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include "http/response_head.hpp"
#include "launch/h2_probe.hpp"
#include "tls/tls_contexts.hpp"

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

// The HTTP/1.1 probe on a connected socket: why it is not ready, or nothing.
asio::awaitable<std::optional<std::string>> http1_exchange(tcp::socket& sock, std::string target, ProbeOptions opts) {
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

// The HTTP/2 probe on a connected stream (a socket, or TLS over one): H2ConnectAttempt decides.
template <class Stream>
asio::awaitable<H2ProbeStep> h2_exchange(Stream& s, H2ConnectAttempt& attempt) {
  std::string out = attempt.take_output();
  auto [wec, wn] = co_await asio::async_write(s, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
  if (wec) co_return attempt.closed("writing the preface: " + wec.message());
  std::array<char, 16384> buf;
  for (;;) {
    auto [rec, n] = co_await s.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (n > 0) {
      H2ProbeStep step = attempt.feed(std::string_view(buf.data(), n));
      if (step.kind != H2ProbeStep::Kind::waiting) co_return step;
      out = attempt.take_output();
      if (!out.empty()) {
        auto [w2, w2n] = co_await asio::async_write(s, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
        if (w2) co_return attempt.closed(w2.message());
      }
    }
    if (rec) co_return attempt.closed(rec == asio::error::eof ? std::string("end of stream") : rec.message());
  }
}

using Tried = std::optional<ProbeFailure>;

Tried from_step(const H2ProbeStep& step, int& silent_closes) {
  using K = H2ProbeStep::Kind;
  if (step.kind == K::silent_close) {
    ++silent_closes;
    return ProbeFailure{step.why + (silent_closes > 1 ? " (" + std::to_string(silent_closes) + " times in a row)" : ""),
                        silent_closes >= kSilentClosesMeaningNoH2};
  }
  silent_closes = 0;
  if (step.kind == K::ready) return std::nullopt;
  return ProbeFailure{step.why, step.kind == K::wrong_protocol};
}

// The TLS handshake with ALPN h2, then the HTTP/2 probe.
asio::awaitable<Tried> h2_over_tls(tcp::socket sock, H2ConnectAttempt& attempt, ProbeOptions opts, int& silent_closes) {
  asio::ssl::stream<tcp::socket> tls(std::move(sock), *opts.tls);
  static const unsigned char kAlpn[] = {2, 'h', '2'};
  SSL_set_alpn_protos(tls.native_handle(), kAlpn, sizeof kAlpn);
  expect_peer_address(tls, "127.0.0.1");
  auto [hec] = co_await tls.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
  if (hec) {
    if (hec == asio::error::eof || hec == asio::error::connection_reset || hec == asio::ssl::error::stream_truncated)
      co_return from_step({H2ProbeStep::Kind::silent_close,
                           "the proxy does not speak h2: it closed the connection during the TLS handshake (" + hec.message() + ")"},
                          silent_closes);
    silent_closes = 0;
    // An OpenSSL verdict (not TLS at all, a certificate that is not the run's) does not change by waiting.
    const bool ssl_error = hec.category() == asio::error::get_ssl_category();
    co_return ProbeFailure{"the proxy does not speak h2: the TLS handshake failed (" + hec.message() + ")", ssl_error};
  }
  const unsigned char* alpn = nullptr;
  unsigned int alpn_len = 0;
  SSL_get0_alpn_selected(tls.native_handle(), &alpn, &alpn_len);
  const std::string selected(reinterpret_cast<const char*>(alpn), alpn_len);
  if (selected != "h2") {
    silent_closes = 0;
    co_return ProbeFailure{"the proxy does not speak h2: TLS ALPN " +
                               (selected.empty() ? std::string("selected no protocol") : "selected '" + selected + "'") +
                               " when offered only h2",
                           true};
  }
  co_return from_step(co_await h2_exchange(tls, attempt), silent_closes);
}

asio::awaitable<Tried> probe_once(Endpoint proxy, ProbeOptions opts, std::shared_ptr<int> silent_closes) {
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
  if (cec) co_return ProbeFailure{"connect to the proxy: " + cec.message()};
  if (opts.protocol == Protocol::http1) {
    auto why = co_await http1_exchange(sock, target, opts);
    if (why) co_return ProbeFailure{*why};
    co_return std::nullopt;
  }
  H2ConnectAttempt attempt(target, opts.proxy_authorization, opts.any_response, to_string(opts.protocol));
  if (opts.protocol == Protocol::h2c) co_return from_step(co_await h2_exchange(sock, attempt), *silent_closes);
  if (!opts.tls) co_return ProbeFailure{"h2: no TLS client context was given to the probe", true};
  co_return co_await h2_over_tls(std::move(sock), attempt, opts, *silent_closes);
}

}  // namespace

ReadinessProbe make_connect_probe(asio::any_io_executor ex, ProbeOptions opts) {
  auto silent_closes = std::make_shared<int>(0);
  return [ex, opts, silent_closes](Endpoint proxy) -> asio::awaitable<std::optional<ProbeFailure>> {
    asio::steady_timer limit(ex, std::chrono::milliseconds(static_cast<long long>(2000 * opts.timeout_scale)));
    auto r = co_await (probe_once(proxy, opts, silent_closes) || limit.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (r.index() == 1) co_return ProbeFailure{"CONNECT probe got no complete answer in time"};
    co_return std::get<0>(r);
  };
}

}  // namespace connectspec
