// tls-echo: a TLS server that echoes the decrypted application data. It records plaintext, so
// cases can check that the TLS session ran end to end through the tunnel, untouched.
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

using asio::ip::tcp;

class TlsEchoOrigin final : public ListeningOrigin {
 public:
  TlsEchoOrigin(asio::io_context& io, OriginSpec spec, CaseTracePtr trace, asio::ssl::context& tls)
      : ListeningOrigin(io, std::move(spec), std::move(trace)), tls_(tls) {}

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    // The stream refers to the session's socket, so stop() closing that socket aborts it.
    asio::ssl::stream<tcp::socket&> stream(session->socket(), tls_);
    auto [handshake_ec] = co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                          asio::as_tuple(asio::use_awaitable));
    if (session->stopped()) co_return;
    if (handshake_ec) {
      session->on_note("TLS handshake failed: " + handshake_ec.message());
      session->close();
      co_return;
    }
    session->record().tls_established = true;
    SSL* ssl = stream.native_handle();
    session->on_note(std::string("TLS handshake complete: ") + SSL_get_version(ssl) + " " +
                     SSL_get_cipher_name(ssl));

    std::string chunk;
    bool close_notify_received = false;
    for (;;) {
      chunk.resize(OriginSession::kChunkSize);
      auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(chunk),
                                                          asio::as_tuple(asio::use_awaitable));
      if (session->stopped()) co_return;
      chunk.resize(n);
      if (n > 0) session->on_received(chunk);
      if (read_ec == asio::ssl::error::stream_truncated) {
        // The TCP connection ended without a close_notify: still the end of the proxy's side.
        session->on_note("TCP EOF without TLS close_notify");
        session->on_read_error(asio::error::eof);
        break;
      }
      if (read_ec) {
        close_notify_received = read_ec == asio::error::eof;
        session->on_read_error(read_ec);
        break;
      }
      auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(chunk),
                                                            asio::as_tuple(asio::use_awaitable));
      if (session->stopped()) co_return;
      if (written > 0) session->on_sent(std::string_view(chunk).substr(0, written));
      if (write_ec) {
        session->on_note("write failed: " + write_ec.message());
        break;
      }
    }
    if (close_notify_received) {
      // Answer the close_notify with ours: the TLS counterpart of echo's half-close.
      auto [shutdown_ec] = co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
      if (session->stopped()) co_return;
      if (shutdown_ec) session->on_note("TLS shutdown failed: " + shutdown_ec.message());
    }
    session->close();
  }

 private:
  asio::ssl::context& tls_;
};

}  // namespace

std::shared_ptr<Origin> make_tls_echo_origin(asio::io_context& io, const OriginSpec& spec,
                                             CaseTracePtr trace, asio::ssl::context& tls) {
  return std::make_shared<TlsEchoOrigin>(io, spec, std::move(trace), tls);
}

}  // namespace connectspec
