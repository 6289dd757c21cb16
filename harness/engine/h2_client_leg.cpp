#include "engine/h2_client_leg.hpp"

#include "engine/with_deadline.hpp"
#include "tls/tls_contexts.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace connectspec {

using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

// One connection carries many tunnels, each as large as a connection of HTTP/1.1 may be: it may
// keep this many times a connection's --max-response-bytes before it stops reading.
constexpr std::size_t kStreamsWorthOfBytes = 8;

}  // namespace

H2ClientLeg::H2ClientLeg(asio::any_io_executor executor, CaseTracePtr trace)
    : executor_(executor), trace_(std::move(trace)), socket_(executor) {}

asio::awaitable<std::optional<std::string>> H2ClientLeg::connect(const Endpoint& proxy, asio::ssl::context* tls,
                                                                 Clock::time_point deadline) {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(proxy.host, ec);
  if (ec) co_return "proxy address '" + proxy.host + "' is not an IP address";
  auto op = [](tcp::socket& s, tcp::endpoint ep) -> asio::awaitable<boost::system::error_code> {
    auto [e] = co_await s.async_connect(ep, asio::as_tuple(asio::use_awaitable));
    co_return e;
  }(socket_, tcp::endpoint(addr, proxy.port));
  ec = co_await with_deadline(executor_, std::move(op), deadline);
  if (ec) {
    trace_->log.note(kLeg, "connect to proxy " + proxy.authority() + " failed: " + ec.message());
    co_return "could not connect to the proxy at " + proxy.authority() + ": " + ec.message();
  }
  socket_.set_option(tcp::no_delay(true));
  trace_->log.event(kLeg, false, WireEvent::Kind::connect);
  if (tls) {
    tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, *tls);
    static const unsigned char kAlpn[] = {2, 'h', '2'};
    SSL_set_alpn_protos(tls_->native_handle(), kAlpn, sizeof kAlpn);
    auto hs = [](asio::ssl::stream<tcp::socket&>& s) -> asio::awaitable<boost::system::error_code> {
      auto [e] = co_await s.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
      co_return e;
    }(*tls_);
    ec = co_await with_deadline(executor_, std::move(hs), deadline);
    if (ec) {
      std::string why = ec == asio::error::timed_out ? "the handshake did not complete in time" : ec.message();
      trace_->log.note(kLeg, "TLS handshake with the proxy failed: " + why);
      co_return "the proxy does not speak h2 over TLS: the TLS handshake failed (" + why + ")";
    }
    const unsigned char* alpn = nullptr;
    unsigned int alpn_size = 0;
    SSL_get0_alpn_selected(tls_->native_handle(), &alpn, &alpn_size);
    const std::string selected(reinterpret_cast<const char*>(alpn), alpn_size);
    trace_->log.note(kLeg, "TLS handshake complete, ALPN " + (selected.empty() ? std::string("none") : "\"" + selected + "\""));
    if (selected != "h2") co_return "the proxy does not speak h2 over TLS: it selected " +
                                    (selected.empty() ? std::string("no ALPN protocol") : "ALPN \"" + selected + "\"") +
                                    " when offered only \"h2\"";
  }
  connected_ = true;
  trace_->log.note(kLeg, std::string("HTTP/2 ") + (tls ? "over TLS" : "cleartext (h2c, prior knowledge)") +
                             ": the client preface, then SETTINGS");
  asio::co_spawn(executor_, [self = shared_from_this()] { return self->read_loop(); }, asio::detached);
  co_return co_await flush(deadline);
}

void H2ClientLeg::log_frames() {
  for (auto& note : conn_.take_log()) {
    if (frames_logged_ < kFramesShown) {
      trace_->log.frame(kLeg, note.from_peer, std::move(note.text), note.size);
      if (++frames_logged_ == kFramesShown)
        trace_->log.note(kLeg, "the transcript shows the first " + std::to_string(kFramesShown) +
                                   " frames of this connection; the rest are counted, not shown");
    } else {
      ++frames_unshown_;
      unshown_bytes_ += note.size;
    }
  }
}

void H2ClientLeg::note_unshown() {
  if (frames_unshown_ == 0) return;
  trace_->log.note(kLeg, std::to_string(frames_unshown_) + " more frames (" + std::to_string(unshown_bytes_) +
                             " bytes) not shown");
  frames_unshown_ = 0;
}

void H2ClientLeg::kick() {
  std::string out = conn_.take_output();
  log_frames();
  if (out.empty() || !connected_) return;
  queued_ += out.size();
  outbox_ += out;
  if (writing_) return;
  writing_ = true;
  asio::co_spawn(executor_, [self = shared_from_this()] { return self->write_loop(); }, asio::detached);
}

asio::awaitable<void> H2ClientLeg::write_loop() {
  auto trace = trace_;
  while (!outbox_.empty() && write_error_.empty()) {
    std::string chunk = std::exchange(outbox_, {});
    boost::system::error_code ec;
    if (tls_)
      std::tie(ec, std::ignore) = co_await asio::async_write(*tls_, asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
    else
      std::tie(ec, std::ignore) = co_await asio::async_write(socket_, asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      write_error_ = ec.message();
      trace->log.note(kLeg, "write to the proxy failed: " + write_error_);
      break;
    }
    written_ += chunk.size();
    trace->changed.notify_all();
  }
  writing_ = false;
  trace->changed.notify_all();
}

asio::awaitable<std::optional<std::string>> H2ClientLeg::flush(Clock::time_point deadline) {
  kick();
  const std::uint64_t target = queued_;
  co_await trace_->changed.wait_until([&] { return written_ >= target || !write_error_.empty(); }, deadline);
  if (!write_error_.empty()) co_return "sending to the proxy failed: " + write_error_;
  if (written_ < target)
    co_return "sending " + std::to_string(target - written_) + " bytes to the proxy did not finish in time (the proxy stopped reading)";
  co_return std::nullopt;
}

asio::awaitable<void> H2ClientLeg::read_loop() {
  auto trace = trace_;  // keeps the transcript alive while this coroutine unwinds
  auto self = shared_from_this();
  std::vector<char> buf(64 * 1024);
  const std::size_t cap = trace->max_received_bytes * kStreamsWorthOfBytes;
  for (;;) {
    auto [ec, n] = tls_ ? co_await tls_->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable))
                        : co_await socket_.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (n > 0) {
      const std::string_view bytes(buf.data(), n);
      if (received_bytes_ == 0) first_bytes_ = std::string(bytes.substr(0, 64));
      received_bytes_ += n;
      const bool was_ok = conn_.connection_error().empty();
      conn_.feed(bytes);
      if (was_ok && !conn_.connection_error().empty())
        trace->log.note(kLeg, "the proxy broke the HTTP/2 framing: " + conn_.connection_error());
      kick();
      if (received_bytes_ > cap) {
        trace->admit(cap, n, kLeg);  // records why the rest is not read
        break;
      }
    }
    if (ec) {
      if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
        eof_ = true;
        trace->log.event(kLeg, true, WireEvent::Kind::eof);
      } else if (ec != asio::error::operation_aborted) {
        reset_ = true;
        read_error_ = ec.message();
        trace->log.event(kLeg, true, WireEvent::Kind::reset);
        trace->log.note(kLeg, "read failed: " + ec.message());
      }
      break;
    }
    trace->changed.notify_all();
  }
  trace->changed.notify_all();
}

void H2ClientLeg::close() {
  log_frames();
  note_unshown();
  boost::system::error_code ec;
  if (socket_.is_open()) {
    socket_.close(ec);
    trace_->log.event(kLeg, false, WireEvent::Kind::close);
  }
}

void H2ClientLeg::abort() {
  log_frames();
  note_unshown();
  boost::system::error_code ec;
  if (socket_.is_open()) {
    socket_.set_option(asio::socket_base::linger(true, 0), ec);
    socket_.close(ec);
    trace_->log.event(kLeg, false, WireEvent::Kind::reset);
  }
}

}  // namespace connectspec
