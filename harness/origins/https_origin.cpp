// https: the http origin behind TLS, with the run's test certificate. The origin a client case's
// client fetches through the scripted proxy: every request gets `200 OK` and "connectspec-origin",
// and a request with Connection: close is the last. It records the decrypted requests, so a case
// can check what the client sent inside the tunnel (Proxy-Authorization must not be there).
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "http/head_fields.hpp"
#include "origins/listening_origin.hpp"
#include "origins/origin_http.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

using asio::ip::tcp;

class HttpsOrigin final : public ListeningOrigin {
 public:
  HttpsOrigin(asio::io_context& io, OriginSpec spec, CaseTracePtr trace, asio::ssl::context& tls)
      : ListeningOrigin(io, std::move(spec), std::move(trace)), tls_(tls) {}

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
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
    std::string pending, chunk;
    for (;;) {
      chunk.resize(OriginSession::kChunkSize);
      auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
      if (session->stopped()) co_return;
      chunk.resize(n);
      if (n > 0) session->on_received(chunk);
      pending += chunk;
      while (std::size_t done = complete_request(pending)) {
        // A request with Connection: close is the last: the origin closes after answering it
        // (RFC 9112 §9.6), so a client that reads to the close (openssl s_client) is not left waiting.
        const bool last = has_connection_close(std::string_view(pending).substr(0, done));
        pending.erase(0, done);
        auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(kOriginHttpResponse),
                                                              asio::as_tuple(asio::use_awaitable));
        if (session->stopped()) co_return;
        if (written > 0) session->on_sent(kOriginHttpResponse.substr(0, written));
        if (write_ec) {
          session->on_note("write failed: " + write_ec.message());
          session->close();
          co_return;
        }
        if (last) {
          auto [shutdown_ec] = co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
          if (session->stopped()) co_return;
          if (shutdown_ec && shutdown_ec != asio::error::eof) session->on_note("TLS shutdown: " + shutdown_ec.message());
          session->close();
          co_return;
        }
      }
      if (read_ec) {
        if (read_ec == asio::ssl::error::stream_truncated) session->on_note("TCP EOF without TLS close_notify");
        session->on_read_error(read_ec == asio::ssl::error::stream_truncated ? asio::error::eof : read_ec);
        break;
      }
    }
    session->close();
  }

 private:
  asio::ssl::context& tls_;
};

}  // namespace

std::shared_ptr<Origin> make_https_origin(asio::io_context& io, const OriginSpec& spec, CaseTracePtr trace,
                                          asio::ssl::context& tls) {
  return std::make_shared<HttpsOrigin>(io, spec, std::move(trace), tls);
}

}  // namespace connectspec
