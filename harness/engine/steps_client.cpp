// Steps that act as the client: send bytes, send a well-formed CONNECT, TLS through the tunnel.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "engine/case_session.hpp"

namespace connectspec {

asio::awaitable<std::optional<std::string>> CaseSession::ensure_connected() {
  if (!client_) {
    client_ = std::make_shared<ClientLeg>(ctx_.executor, trace_);
    co_return co_await client_->connect(ctx_.proxy, std::min(case_deadline_, Clock::now() + ctx_.scaled(kDefaultWithinMs)));
  }
  if (!client_->connected()) co_return "no connection to the proxy";
  co_return std::nullopt;
}

// Sends bytes; those from offset tunnel_from on are tunnel payload (counted for echo checks).
asio::awaitable<CaseSession::Check> CaseSession::send_bytes(const Step& s, std::string bytes,
                                                            std::size_t tunnel_from, std::size_t chunk_size,
                                                            int gap_ms, bool until_closed) {
  if (auto err = co_await ensure_connected())
    co_return check(s, CheckResult::Grade::failed, "a connection to the proxy", *err);
  if (tunnel_from < bytes.size()) tunnel_sent_.append(bytes, tunnel_from);
  if (chunk_size == 0 || chunk_size >= bytes.size()) {
    auto deadline = std::min(case_deadline_, Clock::now() + ctx_.scaled(10000));
    std::size_t size = bytes.size();
    if (auto err = co_await client_->send(std::move(bytes), deadline)) {
      // A proxy may answer a request before it has read all of it (a 413 or 431 for an over-long
      // head) and close; its close then resets the write still under way. That answer, not the
      // write, is what the steps after judge, whichever came first on a loaded machine.
      if (tunnel_from == std::string::npos && client_->connected()) {
        co_await trace_->changed.wait_until([&] { return client_->closed(); },
                                            std::min(case_deadline_, Clock::now() + ctx_.scaled(1000)));
        if (client_->received().size() > stream_start_) {
          trace_->log.note(ClientLeg::kLeg, "the proxy answered and closed before taking all " + std::to_string(size) +
                                                " bytes of the request (" + *err + "): the steps after judge its answer");
          co_return std::nullopt;
        }
      }
      co_return check(s, CheckResult::Grade::failed, "the proxy to accept the bytes", *err);
    }
    co_return std::nullopt;
  }
  // A slow client: small writes with pauses, each a separate segment (TCP_NODELAY is set).
  for (std::size_t at = 0; at < bytes.size(); at += chunk_size) {
    if (at > 0 && gap_ms > 0) {
      asio::steady_timer pause(ctx_.executor, std::chrono::milliseconds(gap_ms));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    // until_closed: a client that trickles until the proxy gives up on it; the close is judged
    // by the steps after (expect_closed), not as a failed write.
    if (until_closed && client_->closed()) {
      trace_->log.note(ClientLeg::kLeg, "the proxy closed the connection after " + std::to_string(at) + " of " +
                                            std::to_string(bytes.size()) + " bytes: the client stops sending");
      co_return std::nullopt;
    }
    if (Clock::now() >= case_deadline_)
      co_return check(s, CheckResult::Grade::failed, "to finish sending within the case's time",
                      std::to_string(at) + " of " + std::to_string(bytes.size()) + " bytes sent");
    auto deadline = std::min(case_deadline_, Clock::now() + ctx_.scaled(10000));
    auto err = co_await client_->send(bytes.substr(at, chunk_size), deadline);
    if (err && until_closed) {
      trace_->log.note(ClientLeg::kLeg, "a write failed after " + std::to_string(at) + " of " +
                                            std::to_string(bytes.size()) + " bytes (" + *err + "): the client stops sending");
      co_return std::nullopt;
    }
    if (err)
      co_return check(s, CheckResult::Grade::failed, "the proxy to accept the bytes",
                      *err + " (after " + std::to_string(at) + " of " + std::to_string(bytes.size()) + " bytes)");
  }
  co_return std::nullopt;
}

// Once expect_body has read a whole non-2xx response, the proxy may have kept the connection
// for another request (RFC 9112 §9.3): the next request's response is judged on its own.
void CaseSession::start_next_response() {
  if (!head_ || tunnel_up() || !response_read_) return;
  head_.reset();
  stream_start_ = data_cursor_;
  response_read_ = false;
}

asio::awaitable<CaseSession::Check> CaseSession::do_send(const Step& s, const step::Send& a) {
  start_next_response();
  std::string bytes = payload_bytes(a.payload);
  // Before a 2xx, raw bytes are the request itself; after it, they travel through the tunnel.
  std::size_t tunnel_from = tunnel_up() ? 0 : std::string::npos;
  co_return co_await send_bytes(s, std::move(bytes), tunnel_from, a.chunk_size, a.gap_ms, a.until_closed);
}

asio::awaitable<CaseSession::Check> CaseSession::do_connect(const Step& s, const step::Connect& a) {
  start_next_response();
  const Endpoint& target = values_.at(a.origin);
  std::string head = "CONNECT " + target.authority() + " " + a.version + "\r\n";
  if (a.host_header) head += "Host: " + target.authority() + "\r\n";
  for (const auto& line : a.headers) head += expand_placeholders(line, values_, ctx_.texts) + "\r\n";
  head += "\r\n";
  std::size_t head_size = head.size();
  if (a.early) head += payload_bytes(*a.early);
  co_return co_await send_bytes(s, std::move(head), head_size);
}

asio::awaitable<CaseSession::Check> CaseSession::do_tls(const Step& s, const step::TlsHandshake& a) {
  if (auto err = co_await ensure_connected())
    co_return check(s, CheckResult::Grade::failed, "a connection to the proxy", *err);
  if (auto err = co_await await_head(s))
    co_return check(s, CheckResult::Grade::failed, "a 2xx before the TLS handshake", *err);
  if (!tunnel_up())
    co_return check(s, CheckResult::Grade::failed, "a 2xx before the TLS handshake", head_->status_line());
  if (client_->received().size() > data_cursor_)
    co_return check(s, CheckResult::Grade::failed, "no bytes before the client's TLS ClientHello",
                    excerpt(std::string_view(client_->received()).substr(data_cursor_)));
  const std::string peer = values_.at(a.origin).host;
  if (auto err = co_await client_->start_tls(*ctx_.tls_client, peer, step_deadline(s)))
    co_return check(s, CheckResult::Grade::failed, "a verified TLS session with origin '" + a.origin + "'", *err);
  // From here the tunnel carries TLS: echo and data checks work on the decrypted stream.
  data_cursor_ = client_->received().size();
  tunnel_sent_.clear();
  echo_cursor_ = 0;
  co_return check(s, CheckResult::Grade::ok, "a verified TLS session with origin '" + a.origin + "'",
                  "handshake complete");
}

}  // namespace connectspec
