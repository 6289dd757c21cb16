#include "engine/client_leg.hpp"

#include "engine/with_deadline.hpp"
#include "tls/tls_contexts.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace connectspec {

using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

ClientLeg::ClientLeg(asio::any_io_executor executor, CaseTracePtr trace)
    : executor_(executor), trace_(std::move(trace)), socket_(executor) {}

asio::awaitable<std::optional<std::string>> ClientLeg::connect(const Endpoint& proxy,
                                                               Clock::time_point deadline) {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(proxy.host, ec);
  if (ec) co_return "proxy address '" + proxy.host + "' is not an IP address";
  tcp::endpoint ep(addr, proxy.port);
  auto op = [](tcp::socket& s, tcp::endpoint ep) -> asio::awaitable<boost::system::error_code> {
    auto [e] = co_await s.async_connect(ep, asio::as_tuple(asio::use_awaitable));
    co_return e;
  }(socket_, ep);
  ec = co_await with_deadline(executor_, std::move(op), deadline);
  if (ec) {
    trace_->log.note(kLeg, "connect to proxy " + proxy.authority() + " failed: " + ec.message());
    co_return "could not connect to the proxy at " + proxy.authority() + ": " + ec.message();
  }
  socket_.set_option(tcp::no_delay(true));
  connected_ = true;
  connected_at_ = Clock::now();
  trace_->log.event(kLeg, false, WireEvent::Kind::connect);
  start_reader();
  co_return std::nullopt;
}

void ClientLeg::start_reader() {
  reader_running_ = true;
  asio::co_spawn(executor_, [self = shared_from_this()] { return self->read_loop(); }, asio::detached);
}

asio::awaitable<void> ClientLeg::read_loop() {
  auto trace = trace_;  // keeps the transcript alive while this coroutine unwinds
  std::vector<char> buf(64 * 1024);
  while (!pausing_) {
    auto [ec, n] = tls_ ? co_await tls_->async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable))
                        : co_await socket_.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    const std::size_t kept = trace->admit(received_.size(), n, kLeg);
    if (kept > 0) {
      received_.append(buf.data(), kept);
      trace->log.data(kLeg, true, std::string_view(buf.data(), kept));
    }
    if (kept < n) break;  // cut off: the connection stays open, unread
    if (ec) {
      if (ec == asio::error::operation_aborted && pausing_) break;
      closed_at_ = Clock::now();
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
  reader_running_ = false;
  trace->changed.notify_all();
}

asio::awaitable<std::optional<std::string>> ClientLeg::send(std::string bytes, Clock::time_point deadline) {
  if (!connected_) co_return "not connected to the proxy";
  auto op = [](ClientLeg& self, const std::string& data) -> asio::awaitable<boost::system::error_code> {
    boost::system::error_code e;
    if (self.tls_)
      std::tie(e, std::ignore) = co_await asio::async_write(*self.tls_, asio::buffer(data), asio::as_tuple(asio::use_awaitable));
    else
      std::tie(e, std::ignore) = co_await asio::async_write(self.socket_, asio::buffer(data), asio::as_tuple(asio::use_awaitable));
    co_return e;
  }(*this, bytes);
  // Logged when the write starts, so that the proxy's answer never precedes it in the transcript.
  trace_->log.data(kLeg, false, bytes);
  auto ec = co_await with_deadline(executor_, std::move(op), deadline);
  if (ec == asio::error::timed_out)
    co_return "sending " + std::to_string(bytes.size()) + " bytes to the proxy did not finish in time (the proxy stopped reading)";
  if (ec) co_return "sending to the proxy failed: " + ec.message();
  co_return std::nullopt;
}

void ClientLeg::shutdown_write() {
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  trace_->log.event(kLeg, false, WireEvent::Kind::eof);
}

void ClientLeg::close() {
  boost::system::error_code ec;
  if (socket_.is_open()) {
    socket_.close(ec);
    trace_->log.event(kLeg, false, WireEvent::Kind::close);
  }
}

void ClientLeg::abort() {
  boost::system::error_code ec;
  if (socket_.is_open()) {
    socket_.set_option(asio::socket_base::linger(true, 0), ec);
    socket_.close(ec);
    trace_->log.event(kLeg, false, WireEvent::Kind::reset);
  }
}

asio::awaitable<std::optional<std::string>> ClientLeg::start_tls(asio::ssl::context& ctx, const std::string& peer,
                                                                 Clock::time_point deadline) {
  if (!connected_ || closed()) co_return "the connection to the proxy is closed";
  // Stop the plaintext reader first: the TLS stream must own every byte from here on.
  pausing_ = true;
  boost::system::error_code ignored;
  socket_.cancel(ignored);
  co_await trace_->changed.wait_until([this] { return !reader_running_; }, deadline);
  pausing_ = false;
  if (reader_running_) co_return "internal: the plaintext reader did not stop";
  if (closed()) co_return "the proxy closed the connection before the TLS handshake";
  tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, ctx);
  expect_peer_address(*tls_, peer);
  boost::system::error_code ec;
  auto op = [](asio::ssl::stream<tcp::socket&>& s) -> asio::awaitable<boost::system::error_code> {
    auto [e] = co_await s.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
    co_return e;
  }(*tls_);
  ec = co_await with_deadline(executor_, std::move(op), deadline);
  if (ec) {
    std::string why = ec == asio::error::timed_out ? "the handshake did not complete in time" : ec.message();
    trace_->log.note(kLeg, "TLS handshake failed: " + why);
    tls_.reset();
    co_return "TLS handshake through the tunnel failed: " + why;
  }
  trace_->log.note(kLeg, std::string("TLS handshake complete: ") + SSL_get_version(tls_->native_handle()) + " " +
                             SSL_get_cipher_name(tls_->native_handle()) + "; bytes below are decrypted");
  start_reader();
  co_return std::nullopt;
}

}  // namespace connectspec
