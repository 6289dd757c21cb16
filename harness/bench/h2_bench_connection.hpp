// One HTTP/2 connection of the bench to the proxy: cleartext (h2c, prior knowledge) or TLS with
// ALPN h2, carrying h2::ClientConnection without a transcript, each stream a tunnel to the bench
// origin. A reader feeds the connection for its whole life and a writer drains what it has to
// send, so its chores (SETTINGS and PING acknowledgements, flow-control credit) never wait on a
// measurement; the measurements' coroutines, one per stream, wait on changed() for what they need,
// each wait bounded by a deadline. close() ends the connection and wakes every waiter.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "bench/bench_settings.hpp"
#include "h2/client_connection.hpp"
#include "trace/notifier.hpp"

namespace connectspec::bench {

class H2BenchConnection : public std::enable_shared_from_this<H2BenchConnection> {
 public:
  H2BenchConnection(asio::any_io_executor executor, BenchTarget target);
  ~H2BenchConnection();

  // TCP connect; with h2 a TLS handshake in which the proxy must select ALPN h2; the preface; then
  // the proxy's SETTINGS, whose stream limit the measurements keep to. Why it failed, or nothing.
  asio::awaitable<std::optional<std::string>> connect(Clock::time_point deadline);

  // The proxy's SETTINGS_MAX_CONCURRENT_STREAMS; nothing when it announced none (no limit).
  std::optional<std::uint32_t> stream_limit() const;

  // A CONNECT to the bench origin on a new stream; its id.
  std::uint32_t open_tunnel();
  // Waits for the stream's final response: a 2xx gives the setup latency in ms (from the HEADERS
  // handed to the writer to the read that completed the response), anything else why it is no tunnel.
  asio::awaitable<std::variant<double, std::string>> response(std::uint32_t stream, Clock::time_point deadline);
  // The proxy ended the connection before it processed `stream` (GOAWAY naming a lower stream):
  // the stream may be tried again on another connection (RFC 9113 §6.8).
  bool unprocessed(std::uint32_t stream) const;

  // DATA on the stream, sent as flow control allows; unsent() is what still waits for credit.
  void send(std::uint32_t stream, std::string_view bytes);
  std::size_t unsent(std::uint32_t stream) const;
  // What the stream received since the last call.
  std::string take_data(std::uint32_t stream);
  // Why the stream carries no more (reset, ended by the proxy, the connection gone); empty while it does.
  std::string stream_ended(std::uint32_t stream) const;
  // RST_STREAM CANCEL, and the stream is forgotten: the tunnel is done with.
  void cancel(std::uint32_t stream);

  // Why the connection is unusable (closed, failed, a connection error); empty while it is usable.
  const std::string& failure() const { return failure_; }
  // Usable, and no GOAWAY: new streams may be opened.
  bool accepts_new_streams() const { return failure_.empty() && !conn_.goaway(); }

  Notifier& changed() { return changed_; }
  void close();

 private:
  asio::awaitable<void> read_loop();
  asio::awaitable<void> write_loop();
  asio::awaitable<std::optional<std::string>> handshake(Clock::time_point deadline);
  void kick();
  void failed(std::string why);

  asio::any_io_executor executor_;
  BenchTarget target_;
  asio::ip::tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
  h2::ClientConnection conn_;
  Notifier changed_;
  std::string outbox_;  // handed to the writer, not yet written
  bool writing_ = false, reading_ = false;
  std::string failure_;
  // Streams whose response is awaited: when their HEADERS went out, and once it came, the latency.
  struct Awaited {
    Clock::time_point sent;
    std::optional<double> ms;
  };
  std::map<std::uint32_t, Awaited> awaited_;
};

}  // namespace connectspec::bench
