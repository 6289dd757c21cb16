// The steps of an HTTP/2 case: the same vocabulary as HTTP/1.1 where it means the same thing on a
// stream (connect opens one, send writes DATA, shutdown is END_STREAM), and the frames HTTP/1.1
// has no word for (RST_STREAM, GOAWAY, any raw frame). Each acts on the step's stream: the one
// its `stream` names, or the last one opened.
#include "engine/case_session.hpp"

#include "h2/frame.hpp"

namespace connectspec {

namespace {

// "name: value" -> the field; a pseudo-header line ":path: /" has its name up to the second colon.
h2::HeaderField field_of(std::string_view line) {
  const auto colon = line.find(':', line.starts_with(':') ? 1 : 0);
  std::string_view value = line.substr(colon + 1);
  if (value.starts_with(' ')) value.remove_prefix(1);  // the one space after the colon is layout, as in HTTP/1.1
  return {std::string(line.substr(0, colon)), std::string(value)};
}

}  // namespace

bool CaseSession::client_closed() const {
  if (h2_) return h2_->closed();
  return client_ && client_->closed();
}

bool CaseSession::client_answered() const {
  if (h2_) {
    const h2::StreamState* st = h2_->connection().stream(current_stream_);
    return st && (st->response || st->reset || st->end_stream);
  }
  return client_ && client_->received().size() > stream_start_;
}

asio::awaitable<std::optional<std::string>> CaseSession::ensure_h2() {
  if (!h2_) {
    h2_ = std::make_shared<H2ClientLeg>(ctx_.executor, trace_);
    asio::ssl::context* tls = ctx_.protocol == Protocol::h2 ? ctx_.tls_client : nullptr;
    if (ctx_.protocol == Protocol::h2 && !tls) co_return "internal: an h2 run without a TLS client context";
    co_return co_await h2_->connect(ctx_.proxy, tls, std::min(case_deadline_, Clock::now() + ctx_.scaled(kDefaultWithinMs)));
  }
  if (!h2_->connected()) co_return "no connection to the proxy";
  co_return std::nullopt;
}

std::optional<std::uint32_t> CaseSession::stream_of(const Step& s) const {
  if (s.stream.empty()) return current_stream_ ? std::optional<std::uint32_t>(current_stream_) : std::nullopt;
  auto it = stream_names_.find(s.stream);
  if (it == stream_names_.end()) return std::nullopt;
  return it->second;
}

asio::awaitable<CaseSession::Check> CaseSession::h2_flush(const Step& s) {
  auto deadline = std::min(case_deadline_, Clock::now() + ctx_.scaled(kDefaultWithinMs));
  if (auto err = co_await h2_->flush(deadline)) co_return check(s, CheckResult::Grade::failed, "the proxy to accept the frames", *err);
  co_return std::nullopt;
}

asio::awaitable<CaseSession::Check> CaseSession::h2_connect(const Step& s, const step::Connect& a) {
  if (auto err = co_await ensure_h2()) co_return check(s, CheckResult::Grade::failed, "an HTTP/2 connection to the proxy", *err);
  h2::HeaderList fields;
  auto removed = [&](std::string_view name) { return std::find(a.remove.begin(), a.remove.end(), name) != a.remove.end(); };
  if (!removed(":method")) fields.push_back({":method", "CONNECT"});
  if (!removed(":authority"))
    fields.push_back({":authority", a.authority ? expand_placeholders(*a.authority, values_, ctx_.texts)
                                                : values_.at(a.origin).authority()});
  for (const auto& line : a.headers) fields.push_back(field_of(expand_placeholders(line, values_, ctx_.texts)));
  auto& conn = h2_->connection();
  const std::uint32_t id = conn.open_stream(fields, a.end_stream);
  current_stream_ = id;
  if (!s.stream.empty()) stream_names_[s.stream] = id;
  H2Stream& st = h2_streams_[id];
  st.origin = a.origin;
  if (a.early) {  // DATA right behind the HEADERS, before any answer
    std::string bytes = payload_bytes(*a.early);
    st.sent += bytes;
    conn.send_data(id, bytes);
  }
  co_return co_await h2_flush(s);
}

// DATA on a stream, as fast as the proxy's flow-control windows allow: the step ends when every
// byte has been written, and fails when the windows stay shut (no credit for a whole wait).
asio::awaitable<CaseSession::Check> CaseSession::h2_send(const Step& s, std::uint32_t id, std::string bytes, bool end_stream,
                                                         std::size_t frame_size) {
  auto& conn = h2_->connection();
  const std::size_t total = bytes.size();
  h2_streams_[id].sent += bytes;
  conn.send_data(id, bytes, end_stream, frame_size);
  h2_->kick();
  auto pending = [&] {
    const h2::StreamState* st = conn.stream(id);
    return st ? st->pending_bytes() : 0;
  };
  const std::string expected = std::to_string(total) + " bytes sent on stream " + std::to_string(id) +
                               (end_stream ? " with END_STREAM" : "");
  std::size_t before = pending() + 1;
  while (pending() > 0 && pending() < before && Clock::now() < case_deadline_) {
    before = pending();
    // Progress renews the wait: a 64 MiB upload may take longer than one wait, a shut window may not.
    co_await trace_->changed.wait_until([&] { return pending() == 0 || h2_->closed() || conn.stream(id)->reset; },
                                        std::min(case_deadline_, Clock::now() + ctx_.scaled(kDefaultWithinMs)));
    if (h2_->closed() || conn.stream(id)->reset) break;
  }
  if (pending() > 0) {
    const h2::StreamState* st = conn.stream(id);
    std::string why = h2_->closed()  ? "the connection closed"
                      : st->reset    ? "the stream was reset: RST_STREAM(" + h2::error_code_name(*st->reset) + ")"
                                     : "the proxy's flow-control window stayed shut (stream window " +
                                           std::to_string(st->send_window) + ") for " + std::to_string(within_ms(s)) + " ms";
    co_return check(s, CheckResult::Grade::failed, expected,
                    std::to_string(total - pending()) + " of " + std::to_string(total) + " bytes sent, then " + why);
  }
  co_return co_await h2_flush(s);
}

asio::awaitable<CaseSession::Check> CaseSession::run_h2_step(const Step& s) {
  using namespace step;
  const StepAction& a = s.action;
  if (auto* x = std::get_if<Connect>(&a)) co_return co_await h2_connect(s, *x);
  if (auto* x = std::get_if<ExpectOrigin>(&a)) {
    // "What the client sent into the tunnel" is what went into the streams to that origin.
    tunnel_sent_.clear();
    for (const auto& [id, st] : h2_streams_)
      if (st.origin == x->origin) tunnel_sent_ += st.sent;
    co_return co_await expect_origin(s, *x);
  }
  if (auto* x = std::get_if<ExpectUpstream>(&a)) co_return co_await expect_upstream(s, *x);
  if (auto err = co_await ensure_h2()) co_return check(s, CheckResult::Grade::failed, "an HTTP/2 connection to the proxy", *err);
  if (std::holds_alternative<Close>(a)) {
    h2_->close();
    co_return std::nullopt;
  }
  if (std::holds_alternative<Reset>(a)) {
    h2_->abort();
    co_return std::nullopt;
  }
  if (auto* x = std::get_if<Goaway>(&a)) {
    h2_->connection().send_frame(h2::goaway(x->last_stream.value_or(current_stream_), x->code));
    co_return co_await h2_flush(s);
  }
  if (auto* x = std::get_if<ExpectSetting>(&a)) co_return co_await h2_expect_setting(s, *x);
  if (std::holds_alternative<ExpectClosed>(a)) co_return co_await h2_expect_closed(s);
  if (auto* x = std::get_if<Tunnels>(&a)) co_return co_await h2_tunnels(s, *x);
  if (auto* x = std::get_if<RawFrame>(&a)) {
    std::uint32_t stream = 0;
    if (x->stream_id) stream = *x->stream_id;
    else if (auto id = stream_of(s)) stream = *id;
    h2_->connection().send_frame(h2::Frame{x->type, x->flags, stream, x->payload});
    co_return co_await h2_flush(s);
  }

  // The rest act on or observe one stream.
  auto id = stream_of(s);
  if (!id) co_return check(s, CheckResult::Grade::failed, "an open stream", "no stream to act on: a connect step comes first");
  if (auto* x = std::get_if<Send>(&a)) co_return co_await h2_send(s, *id, payload_bytes(x->payload), x->end_stream, x->frame_size);
  if (std::holds_alternative<Shutdown>(a)) co_return co_await h2_send(s, *id, "", true, 0);
  if (auto* x = std::get_if<RstStream>(&a)) {
    h2_->connection().send_rst(*id, x->code);
    co_return co_await h2_flush(s);
  }
  if (auto* x = std::get_if<ExpectStatus>(&a)) co_return co_await h2_expect_status(s, *id, *x);
  if (auto* x = std::get_if<ExpectHeaders>(&a)) co_return co_await h2_expect_headers(s, *id, *x);
  if (auto* x = std::get_if<ExpectTunnel>(&a)) co_return co_await h2_expect_tunnel(s, *id, *x);
  if (auto* x = std::get_if<ExpectData>(&a)) {
    std::string bytes = payload_bytes(x->payload);
    std::string what = (x->payload.is_generated() ? x->payload.describe() : excerpt(bytes)) + " in DATA on stream " + std::to_string(*id);
    co_return co_await h2_expect_bytes(s, *id, std::move(bytes), std::move(what));
  }
  if (std::holds_alternative<ExpectEcho>(a)) {
    H2Stream& st = h2_streams_[*id];
    std::string expected = st.sent.substr(st.echo_cursor);
    st.echo_cursor = st.sent.size();
    std::string what = "the " + std::to_string(expected.size()) + " bytes sent on stream " + std::to_string(*id) + ", echoed back";
    co_return co_await h2_expect_bytes(s, *id, std::move(expected), std::move(what));
  }
  if (auto* x = std::get_if<ExpectEof>(&a)) co_return co_await h2_expect_eof(s, *id, *x);
  if (auto* x = std::get_if<ExpectStreamError>(&a)) co_return co_await h2_expect_stream_error(s, *id, *x);
  co_return check(s, CheckResult::Grade::failed, "a step of an HTTP/2 case", "internal: step '" + s.keyword + "' has no HTTP/2 form");
}

asio::awaitable<std::optional<bool>> CaseSession::h2_condition_met(const Step& s) {
  if (s.only_if == OnlyIf::no_extended_connect) {
    if (!h2_) co_return std::nullopt;
    const auto& conn = h2_->connection();
    co_await trace_->changed.wait_until([&] { return conn.peer_settings_received() || h2_->closed(); }, step_deadline(s));
    if (!conn.peer_settings_received()) {
      undecided_ = "no SETTINGS from the proxy";
      co_return std::nullopt;
    }
    auto it = conn.peer_settings().find(static_cast<std::uint16_t>(h2::Setting::enable_connect_protocol));
    co_return it == conn.peer_settings().end() || it->second != 1;
  }
  auto id = stream_of(s);
  if (!h2_ || !id) co_return std::nullopt;
  auto err = co_await await_h2_response(s, *id);
  const h2::StreamState* st = h2_->connection().stream(*id);
  if (err) {
    undecided_ = *err;
    // A reset or a close without a response refuses the tunnel; silence decides nothing.
    const bool ended = h2_->closed() || h2_->connection().goaway() || (st && (st->reset || st->end_stream));
    if (ended) co_return s.only_if == OnlyIf::rejected;
    if (s.only_if == OnlyIf::response) co_return false;
    co_return std::nullopt;
  }
  if (s.only_if == OnlyIf::response) co_return true;
  const auto status = h2::field_value(*st->response, ":status");
  const bool tunnel = status && status->size() == 3 && (*status)[0] == '2';
  co_return (s.only_if == OnlyIf::tunnel) == tunnel;
}

}  // namespace connectspec
