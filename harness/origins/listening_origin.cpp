#include "origins/listening_origin.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>

#include "origins/loopback_address.hpp"

namespace connectspec {

using asio::ip::tcp;

// ---- OriginSession ----------------------------------------------------------------------------

OriginSession::OriginSession(tcp::socket socket, std::shared_ptr<OriginConnection> record,
                             std::string leg, CaseTracePtr trace)
    : socket_(std::move(socket)),
      record_(std::move(record)),
      leg_(std::move(leg)),
      trace_(std::move(trace)) {}

void OriginSession::on_received(std::string_view bytes) {
  record_->received.append(bytes);
  trace_->log.data(leg_, /*from_proxy=*/true, bytes);
  trace_->changed.notify_all();
}

void OriginSession::on_sent(std::string_view bytes) {
  record_->sent += bytes.size();
  trace_->log.data(leg_, /*from_proxy=*/false, bytes);
  trace_->changed.notify_all();
}

void OriginSession::on_read_error(const boost::system::error_code& ec) {
  if (ec == asio::error::eof) {
    record_->eof = true;
    trace_->log.event(leg_, /*from_proxy=*/true, WireEvent::Kind::eof);
  } else {
    record_->reset = true;
    trace_->log.event(leg_, /*from_proxy=*/true, WireEvent::Kind::reset);
    if (ec != asio::error::connection_reset) trace_->log.note(leg_, "read failed: " + ec.message());
  }
  trace_->changed.notify_all();
}

void OriginSession::on_note(std::string text) {
  trace_->log.note(leg_, std::move(text));
  trace_->changed.notify_all();
}

asio::awaitable<bool> OriginSession::read_some(std::string& chunk) {
  chunk.resize(kChunkSize);
  auto [ec, n] = co_await socket_.async_read_some(asio::buffer(chunk),
                                                  asio::as_tuple(asio::use_awaitable));
  chunk.resize(n);
  if (stopped_) co_return false;
  const std::size_t kept = trace_->admit(record_->received.size(), n, leg_);
  if (kept < n) {
    chunk.resize(kept);
    if (kept > 0) on_received(chunk);
    co_return false;  // cut off
  }
  if (n > 0) on_received(chunk);
  if (ec) {
    on_read_error(ec);
    co_return false;
  }
  co_return true;
}

asio::awaitable<void> OriginSession::read_to_end() {
  std::string chunk;
  for (;;) {
    bool more = co_await read_some(chunk);
    if (!more) co_return;
  }
}

asio::awaitable<bool> OriginSession::write(std::string_view bytes) {
  auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()),
                                            asio::as_tuple(asio::use_awaitable));
  if (stopped_) co_return false;
  if (n > 0) on_sent(bytes.substr(0, n));
  if (ec) {
    on_note("write failed: " + ec.message());
    co_return false;
  }
  co_return true;
}

asio::awaitable<void> OriginSession::echo_until_end() {
  std::string chunk;
  for (;;) {
    bool more = co_await read_some(chunk);
    if (!more) break;
    bool written = co_await write(chunk);
    if (!written) break;
  }
  if (stopped_) co_return;
  if (record_->eof) shutdown_send();
  close();
}

void OriginSession::drain_available() {
  if (stopped_ || read_ended() || !socket_.is_open()) return;
  boost::system::error_code ec;
  socket_.non_blocking(true, ec);
  std::string chunk(kChunkSize, '\0');
  for (;;) {
    std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
    if (n > 0) on_received(std::string_view(chunk).substr(0, n));
    if (ec == asio::error::would_block || ec == asio::error::try_again) return;
    if (ec) {
      on_read_error(ec);
      return;
    }
  }
}

void OriginSession::shutdown_send() {
  if (stopped_ || !socket_.is_open()) return;
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    on_note("shutdown failed: " + ec.message());
    return;
  }
  trace_->log.event(leg_, /*from_proxy=*/false, WireEvent::Kind::eof);
  trace_->changed.notify_all();
}

void OriginSession::close() {
  if (stopped_ || !socket_.is_open()) return;
  boost::system::error_code ec;
  socket_.close(ec);
  trace_->log.event(leg_, /*from_proxy=*/false, WireEvent::Kind::close);
  trace_->changed.notify_all();
}

void OriginSession::abort() {
  if (stopped_ || !socket_.is_open()) return;
  boost::system::error_code ec;
  socket_.set_option(asio::socket_base::linger(true, 0), ec);
  socket_.close(ec);
  trace_->log.event(leg_, /*from_proxy=*/false, WireEvent::Kind::reset);
  trace_->changed.notify_all();
}

void OriginSession::stop() {
  stopped_ = true;
  boost::system::error_code ec;
  socket_.close(ec);  // aborts any pending operation, which then returns quietly
}

// ---- ListeningOrigin --------------------------------------------------------------------------

ListeningOrigin::ListeningOrigin(asio::io_context& io, OriginSpec spec, CaseTracePtr trace)
    : io_(io), spec_(std::move(spec)), trace_(std::move(trace)), acceptor_(io) {}

void ListeningOrigin::start() {
  tcp::endpoint wanted(loopback_address(spec_.host), 0);
  boost::system::error_code ec;
  acceptor_.open(wanted.protocol(), ec);
  if (!ec) acceptor_.bind(wanted, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) endpoint_ = acceptor_.local_endpoint(ec);
  if (ec) {
    acceptor_.close();
    throw std::runtime_error("origin " + spec_.name + ": cannot listen on " + spec_.host + ": " +
                             ec.message());
  }
  asio::co_spawn(io_, accept_loop(shared_from_this()), asio::detached);
}

void ListeningOrigin::stop() {
  stopped_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  for (auto& session : sessions_) session->stop();
  sessions_.clear();
}

asio::awaitable<void> ListeningOrigin::accept_loop(std::shared_ptr<ListeningOrigin> self) {
  for (;;) {
    auto [ec, socket] = co_await self->acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
    if (self->stopped_) co_return;
    if (ec == asio::error::connection_aborted) continue;  // the peer gave up before we accepted
    if (ec) {
      // Anything else (e.g. out of file descriptors) would fail again at once; stop accepting
      // rather than spin, and say why in the transcript.
      self->trace_->log.note("origin " + self->spec_.name, "accept failed: " + ec.message());
      self->trace_->changed.notify_all();
      co_return;
    }

    auto record = std::make_shared<OriginConnection>();
    record->index = static_cast<int>(self->connections_.size()) + 1;
    record->local = self->endpoint_;
    std::string leg = "origin " + self->spec_.name + "#" + std::to_string(record->index);
    self->connections_.push_back(record);
    self->trace_->log.event(leg, /*from_proxy=*/true, WireEvent::Kind::accept);
    auto session = std::make_shared<OriginSession>(std::move(socket), record, leg, self->trace_);
    self->sessions_.push_back(session);
    self->trace_->changed.notify_all();
    asio::co_spawn(self->io_, run_session(self, std::move(session)), asio::detached);
  }
}

asio::awaitable<void> ListeningOrigin::run_session(std::shared_ptr<ListeningOrigin> self,
                                                   std::shared_ptr<OriginSession> session) {
  co_await self->serve(session);
}

}  // namespace connectspec
