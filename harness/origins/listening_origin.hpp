// The part every accepting origin shares: bind to the spec's loopback address, accept until
// stop(), and give each connection an OriginSession whose I/O helpers keep the record and the
// transcript in step with every byte. A kind only says how to serve one session.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "origins/origin.hpp"

namespace connectspec {

// One accepted connection. Every helper returns quietly once the origin stopped: the case is
// over, and an aborted read is not something the proxy did.
class OriginSession {
 public:
  static constexpr std::size_t kChunkSize = 64 * 1024;

  OriginSession(asio::ip::tcp::socket socket, std::shared_ptr<OriginConnection> record,
                std::string leg, CaseTracePtr trace);

  asio::ip::tcp::socket& socket() { return socket_; }
  OriginConnection& record() { return *record_; }
  bool stopped() const { return stopped_; }
  // The proxy's side ended (EOF or reset): nothing more will be read.
  bool read_ended() const { return record_->eof || record_->reset; }

  // Reads what has arrived into `chunk` (recorded). False when the proxy's side ended (recorded
  // as eof or reset) or the origin stopped.
  asio::awaitable<bool> read_some(std::string& chunk);
  // Reads and records until the proxy's side ends or the origin stops.
  asio::awaitable<void> read_to_end();
  // Writes all of `bytes`, which must stay alive until it returns. False on failure or stop.
  asio::awaitable<bool> write(std::string_view bytes);
  // Writes back each chunk as it arrives; after a clean EOF half-closes (so the proxy can pass
  // the EOF on after the echo), then closes.
  asio::awaitable<void> echo_until_end();

  // Records what already arrived, without waiting: closing a socket with unread bytes makes the
  // kernel send a reset instead of a FIN, which could cost the client data still in flight.
  void drain_available();
  void shutdown_send();  // half-close: logged as eof from the origin
  void close();          // full close: logged as close from the origin
  void abort();          // close with a TCP RST (SO_LINGER 0): logged as reset from the origin
  void stop();           // the case ended: close without logging

  // Recording, for sessions that do their own I/O (TLS records decrypted bytes).
  void on_received(std::string_view bytes);
  void on_sent(std::string_view bytes);
  void on_read_error(const boost::system::error_code& ec);  // eof, or reset for anything else
  void on_note(std::string text);

 private:
  asio::ip::tcp::socket socket_;
  std::shared_ptr<OriginConnection> record_;
  std::string leg_;
  CaseTracePtr trace_;
  bool stopped_ = false;
};

class ListeningOrigin : public Origin, public std::enable_shared_from_this<ListeningOrigin> {
 public:
  ListeningOrigin(asio::io_context& io, OriginSpec spec, CaseTracePtr trace);

  void start() override;
  void stop() override;

  asio::ip::tcp::endpoint endpoint() const override { return endpoint_; }
  const OriginSpec& spec() const override { return spec_; }
  int accepted() const override { return static_cast<int>(connections_.size()); }
  const std::vector<std::shared_ptr<OriginConnection>>& connections() const override {
    return connections_;
  }

 protected:
  // Serves one accepted connection. It may return with the session still open (blackhole);
  // stop() closes it.
  virtual asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) = 0;

 private:
  // Static, taking `self`: the coroutine frame must own the origin, or stop() followed by the
  // owner dropping it would leave the frame pointing at a destroyed object.
  static asio::awaitable<void> accept_loop(std::shared_ptr<ListeningOrigin> self);
  static asio::awaitable<void> run_session(std::shared_ptr<ListeningOrigin> self,
                                           std::shared_ptr<OriginSession> session);

  asio::io_context& io_;
  OriginSpec spec_;
  CaseTracePtr trace_;
  asio::ip::tcp::acceptor acceptor_;
  asio::ip::tcp::endpoint endpoint_;
  bool stopped_ = false;
  std::vector<std::shared_ptr<OriginConnection>> connections_;
  std::vector<std::shared_ptr<OriginSession>> sessions_;  // to close them at stop()
};

}  // namespace connectspec
