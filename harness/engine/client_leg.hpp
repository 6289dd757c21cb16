// The harness's side of client<->proxy: one TCP connection to the proxy under test. A reader
// runs for the whole case, so the proxy is never blocked on us (a 1 MiB echo cannot deadlock)
// and every byte is time-stamped as it arrives; steps wait on what has been received so far.
// After tls_handshake the same connection carries TLS, and `received` continues in plaintext.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <memory>
#include <optional>
#include <string>

#include "net/endpoint.hpp"
#include "trace/case_trace.hpp"

namespace connectspec {

class ClientLeg : public std::enable_shared_from_this<ClientLeg> {
 public:
  static constexpr const char* kLeg = "client";

  ClientLeg(asio::any_io_executor executor, CaseTracePtr trace);

  // Each returns an error text on failure (the reason for the verdict), nothing on success.
  asio::awaitable<std::optional<std::string>> connect(const Endpoint& proxy, Clock::time_point deadline);
  asio::awaitable<std::optional<std::string>> send(std::string bytes, Clock::time_point deadline);
  asio::awaitable<std::optional<std::string>> start_tls(asio::ssl::context& ctx, const std::string& peer,
                                                        Clock::time_point deadline);
  void shutdown_write();
  void close();
  void abort();  // close with a TCP RST (SO_LINGER 0)

  bool connected() const { return connected_; }
  const std::string& received() const { return received_; }
  bool eof() const { return eof_; }
  bool reset() const { return reset_; }
  bool closed() const { return eof_ || reset_; }
  // How long the connection lived: from connect to the proxy's close (or to now, while open).
  Clock::duration open_for() const { return (closed() ? closed_at_ : Clock::now()) - connected_at_; }
  const std::string& read_error() const { return read_error_; }
  bool tls() const { return tls_ != nullptr; }

 private:
  asio::awaitable<void> read_loop();
  void start_reader();

  asio::any_io_executor executor_;
  CaseTracePtr trace_;
  asio::ip::tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
  std::string received_;
  bool connected_ = false, eof_ = false, reset_ = false;
  bool reader_running_ = false, pausing_ = false;
  std::string read_error_;
  Clock::time_point connected_at_{}, closed_at_{};
};

}  // namespace connectspec
