#include "bench/h2_bench_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <tuple>

#include "bench/close_at_deadline.hpp"
#include "tls/tls_contexts.hpp"
#include "bench/tuple_awaitable.hpp"

namespace connectspec::bench {

using tcp = asio::ip::tcp;

namespace {

// What we let the proxy send on each stream and on the connection ahead of our credit: credit goes
// back on every read, so this only has to cover what is in flight on loopback.
constexpr std::uint32_t kReceiveWindow = 4u << 20;

}  // namespace

H2BenchConnection::H2BenchConnection(asio::any_io_executor executor, BenchTarget target)
    : executor_(executor), target_(std::move(target)), socket_(executor), conn_(kReceiveWindow), changed_(executor) {
  conn_.set_transcript(false);
  conn_.take_log();  // the preface's notes, written before the transcript was off
}

H2BenchConnection::~H2BenchConnection() = default;

asio::awaitable<std::optional<std::string>> H2BenchConnection::connect(Clock::time_point deadline) {
  std::optional<std::string> why;
  {
    CloseAtDeadline limit(shared_from_this(), socket_, deadline);
    why = co_await handshake(deadline);
    if (limit.fired()) why = "no HTTP/2 connection to " + target_.connect_to.authority() + " in time";
  }
  if (why) {
    failed(*why);
    close();
  }
  co_return why;
}

asio::awaitable<std::optional<std::string>> H2BenchConnection::handshake(Clock::time_point deadline) {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(target_.connect_to.host, ec);
  if (ec) co_return "proxy address '" + target_.connect_to.host + "' is not an IP address";
  auto [cec] = co_await socket_.async_connect(tcp::endpoint(addr, target_.connect_to.port), tuple_awaitable);
  if (cec) co_return "connect to " + target_.connect_to.authority() + ": " + cec.message();
  socket_.set_option(tcp::no_delay(true));
  if (target_.protocol == Protocol::h2) {
    if (!target_.tls) co_return std::string("h2 needs the run's TLS client settings");
    tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, *target_.tls);
    static const unsigned char kAlpn[] = {2, 'h', '2'};
    SSL_set_alpn_protos(tls_->native_handle(), kAlpn, sizeof kAlpn);
    try {
      expect_peer_address(*tls_, target_.connect_to.host);
    } catch (const std::exception& e) {
      co_return std::string("TLS: ") + e.what();
    }
    auto [hec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, tuple_awaitable);
    if (hec) co_return "the TLS handshake with the proxy failed: " + hec.message();
    const unsigned char* alpn = nullptr;
    unsigned int alpn_size = 0;
    SSL_get0_alpn_selected(tls_->native_handle(), &alpn, &alpn_size);
    const std::string selected(reinterpret_cast<const char*>(alpn), alpn_size);
    if (selected != "h2")
      co_return "the proxy does not speak h2 over TLS: it selected " +
          (selected.empty() ? std::string("no ALPN protocol") : "ALPN \"" + selected + "\"") + " when offered only \"h2\"";
  }
  reading_ = true;
  asio::co_spawn(executor_, [self = shared_from_this()] { return self->read_loop(); }, asio::detached);
  kick();  // the preface and our SETTINGS
  const bool settled = co_await changed_.wait_until([&] { return conn_.peer_settings_received() || !failure_.empty(); }, deadline);
  if (!failure_.empty()) co_return failure_;
  if (!settled) co_return std::string("no SETTINGS from the proxy in time");
  co_return std::nullopt;
}

std::optional<std::uint32_t> H2BenchConnection::stream_limit() const {
  const auto& s = conn_.peer_settings();
  auto it = s.find(static_cast<std::uint16_t>(h2::Setting::max_concurrent_streams));
  if (it == s.end()) return std::nullopt;
  return it->second;
}

std::uint32_t H2BenchConnection::open_tunnel() {
  const std::uint32_t id = conn_.open_stream({{":method", "CONNECT"}, {":authority", target_.origin.authority()}});
  awaited_[id] = Awaited{Clock::now(), std::nullopt};
  kick();
  return id;
}

bool H2BenchConnection::unprocessed(std::uint32_t stream) const {
  const auto& g = conn_.goaway();
  return g && g->last_stream < stream;
}

asio::awaitable<std::variant<double, std::string>> H2BenchConnection::response(std::uint32_t stream,
                                                                                 Clock::time_point deadline) {
  auto self = shared_from_this();
  co_await changed_.wait_until([&] {
    auto it = awaited_.find(stream);
    return (it != awaited_.end() && it->second.ms) || !failure_.empty() || unprocessed(stream);
  }, deadline);
  std::optional<double> ms;
  if (auto node = awaited_.extract(stream)) ms = node.mapped().ms;
  const h2::StreamState* s = conn_.stream(stream);
  if (s && s->response) {
    const std::string status = h2::field_value(*s->response, ":status").value_or("");
    if (status.size() == 3 && status[0] == '2') co_return ms.value_or(0);
    co_return "answered :status " + (status.empty() ? std::string("(none)") : status);
  }
  if (s && s->reset) co_return "the proxy reset the stream (" + h2::error_code_name(*s->reset) + ")";
  if (unprocessed(stream)) co_return std::string("the proxy sent GOAWAY before it processed the stream");
  if (!failure_.empty()) co_return failure_;
  co_return std::string("no response in time");
}

void H2BenchConnection::send(std::uint32_t stream, std::string_view bytes) {
  conn_.send_data(stream, bytes);
  kick();
}

std::size_t H2BenchConnection::unsent(std::uint32_t stream) const {
  const h2::StreamState* s = conn_.stream(stream);
  return s ? s->pending_bytes() : 0;
}

std::string H2BenchConnection::take_data(std::uint32_t stream) { return conn_.take_data(stream); }

std::string H2BenchConnection::stream_ended(std::uint32_t stream) const {
  const h2::StreamState* s = conn_.stream(stream);
  if (!s) return "the stream was cancelled";
  if (s->reset) return "the proxy reset the stream (" + h2::error_code_name(*s->reset) + ")";
  if (s->end_stream) return "the proxy ended the stream (END_STREAM)";
  if (unprocessed(stream)) return "the proxy sent GOAWAY before it processed the stream";
  return failure_;
}

void H2BenchConnection::cancel(std::uint32_t stream) {
  awaited_.erase(stream);
  const h2::StreamState* s = conn_.stream(stream);
  if (!s) return;
  // Not after the proxy's own RST_STREAM (§5.4.2), nor on a stream both sides have ended.
  if (!s->reset && !(s->end_stream && s->local_end) && failure_.empty())
    conn_.send_rst(stream, static_cast<std::uint32_t>(h2::ErrorCode::cancel));
  conn_.forget_stream(stream);
  kick();
}

void H2BenchConnection::failed(std::string why) {
  if (failure_.empty()) failure_ = std::move(why);
}

void H2BenchConnection::close() {
  failed("the connection was closed");
  boost::system::error_code ignored;
  socket_.close(ignored);
  changed_.notify_all();
}

void H2BenchConnection::kick() {
  outbox_ += conn_.take_output();
  if (outbox_.empty() || writing_ || !reading_ || !failure_.empty()) return;
  writing_ = true;
  asio::co_spawn(executor_, [self = shared_from_this()] { return self->write_loop(); }, asio::detached);
}

asio::awaitable<void> H2BenchConnection::write_loop() {
  auto self = shared_from_this();
  while (!outbox_.empty() && failure_.empty()) {
    std::string chunk = std::exchange(outbox_, {});
    boost::system::error_code ec;
    // Not a conditional expression: GCC 12 miscompiles co_await inside one.
    if (tls_) std::tie(ec, std::ignore) = co_await asio::async_write(*tls_, asio::buffer(chunk), tuple_awaitable);
    else std::tie(ec, std::ignore) = co_await asio::async_write(socket_, asio::buffer(chunk), tuple_awaitable);
    if (ec) failed("sending to the proxy: " + ec.message());
    changed_.notify_all();
  }
  writing_ = false;
}

asio::awaitable<void> H2BenchConnection::read_loop() {
  auto self = shared_from_this();
  std::vector<char> buf(64 * 1024);
  while (failure_.empty()) {
    boost::system::error_code ec;
    std::size_t n = 0;
    if (tls_) std::tie(ec, n) = co_await tls_->async_read_some(asio::buffer(buf), tuple_awaitable);
    else std::tie(ec, n) = co_await socket_.async_read_some(asio::buffer(buf), tuple_awaitable);
    if (n > 0) {
      if (!conn_.feed(std::string_view(buf.data(), n))) failed("the proxy broke HTTP/2: " + conn_.connection_error());
      const auto now = Clock::now();
      for (auto& [id, a] : awaited_) {
        if (a.ms) continue;
        const h2::StreamState* s = conn_.stream(id);
        if (s && (s->response || s->reset)) a.ms = std::chrono::duration<double, std::milli>(now - a.sent).count();
      }
      kick();
    }
    if (ec) failed(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ? "the proxy closed the connection"
                                                                                    : "reading from the proxy: " + ec.message());
    changed_.notify_all();
  }
  reading_ = false;
  changed_.notify_all();
}

}  // namespace connectspec::bench
