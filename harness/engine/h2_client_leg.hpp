// The harness's side of client<->proxy over HTTP/2: one TCP connection (cleartext h2c with prior
// knowledge, or TLS with ALPN "h2") carrying h2::ClientConnection. As with ClientLeg, a reader runs
// for the whole case, so the proxy is never blocked on us, and the connection's chores
// (acknowledgements, flow-control credit) go out as soon as they are due; one writer drains what
// the connection has to send, in order. Every frame both ways goes to the transcript, described
// with its decoded fields.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <memory>
#include <optional>
#include <string>

#include "h2/client_connection.hpp"
#include "net/endpoint.hpp"
#include "trace/case_trace.hpp"

namespace connectspec {

class H2ClientLeg : public std::enable_shared_from_this<H2ClientLeg> {
 public:
  static constexpr const char* kLeg = "client";

  H2ClientLeg(asio::any_io_executor executor, CaseTracePtr trace);

  // Connects, and with `tls` completes a handshake in which the proxy must select ALPN "h2"; then
  // sends the preface and SETTINGS. Returns why it failed, or nothing.
  asio::awaitable<std::optional<std::string>> connect(const Endpoint& proxy, asio::ssl::context* tls,
                                                      Clock::time_point deadline);

  h2::ClientConnection& connection() { return conn_; }
  const h2::ClientConnection& connection() const { return conn_; }

  // Hands what the connection has to send to the writer; `flush` also waits until it is written.
  void kick();
  asio::awaitable<std::optional<std::string>> flush(Clock::time_point deadline);

  void close();
  void abort();  // TCP RST (SO_LINGER 0)

  bool connected() const { return connected_; }
  bool eof() const { return eof_; }
  bool reset() const { return reset_; }
  bool closed() const { return eof_ || reset_; }
  const std::string& read_error() const { return read_error_; }
  std::uint64_t received_bytes() const { return received_bytes_; }
  // The proxy's first bytes, when they were not an HTTP/2 frame (an HTTP/1.1 answer to the preface).
  const std::string& first_bytes() const { return first_bytes_; }

 private:
  asio::awaitable<void> read_loop();
  asio::awaitable<void> write_loop();
  void log_frames();
  void note_unshown();

  // A 64 MiB transfer is thousands of frames: the transcript keeps the first ones, counts the rest.
  static constexpr std::size_t kFramesShown = 400;
  std::size_t frames_logged_ = 0, frames_unshown_ = 0;
  std::uint64_t unshown_bytes_ = 0;

  asio::any_io_executor executor_;
  CaseTracePtr trace_;
  asio::ip::tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
  h2::ClientConnection conn_;
  std::string outbox_;            // handed to the writer, not yet written
  std::uint64_t queued_ = 0, written_ = 0;  // bytes handed to the writer, bytes it wrote
  bool writing_ = false;
  std::string write_error_;
  bool connected_ = false, eof_ = false, reset_ = false;
  std::string read_error_;
  std::uint64_t received_bytes_ = 0;
  std::string first_bytes_;
};

}  // namespace connectspec
