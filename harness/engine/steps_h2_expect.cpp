// Expectations of an HTTP/2 case on one stream (its response HEADERS, DATA, END_STREAM, the
// error that ends it) and on the connection (the proxy's SETTINGS, its close); and `tunnels`,
// many streams at once. Every observation names the frames seen, as the transcript shows them.
#include <regex>

#include "engine/case_session.hpp"
#include "engine/first_difference.hpp"
#include "h2/frame.hpp"

namespace connectspec {

namespace {

std::optional<int> status_of(const h2::HeaderList& fields) {
  auto v = h2::field_value(fields, ":status");
  if (!v || v->size() != 3 || !std::isdigit(static_cast<unsigned char>((*v)[0])) ||
      !std::isdigit(static_cast<unsigned char>((*v)[1])) || !std::isdigit(static_cast<unsigned char>((*v)[2])))
    return std::nullopt;
  return std::stoi(*v);
}

std::string head_line(const h2::HeaderList& fields) { return "HEADERS " + h2::describe_fields(fields); }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// How the stream stands, for observations: its response, how it ended, or the connection's fate.
std::string CaseSession::h2_stream_outcome(std::uint32_t id) const {
  const auto& conn = h2_->connection();
  const h2::StreamState* st = conn.stream(id);
  std::string out;
  if (st && st->response) out = head_line(*st->response);
  if (st && st->end_stream && (!st->reset || st->ended_before_reset)) out += (out.empty() ? "" : ", then ") + std::string("END_STREAM");
  if (st && st->reset) out += (out.empty() ? "" : ", then ") + std::string("RST_STREAM(") + h2::error_code_name(*st->reset) + ")";
  if (out.empty()) out = "nothing on stream " + std::to_string(id);
  else out += " on stream " + std::to_string(id);
  if (const auto& g = conn.goaway())
    out += "; GOAWAY(" + h2::error_code_name(g->error_code) + ", last stream " + std::to_string(g->last_stream) + ")" +
           (g->debug.empty() ? "" : " \"" + g->debug.substr(0, 80) + "\"");
  if (!conn.connection_error().empty()) out += "; " + conn.connection_error();
  if (h2_->reset()) out += "; the connection was reset (" + h2_->read_error() + ")";
  else if (h2_->eof()) out += "; the connection closed";
  return out;
}

// Waits for the stream's final response; returns what happened instead (reset, GOAWAY, close, silence).
asio::awaitable<std::optional<std::string>> CaseSession::await_h2_response(const Step& s, std::uint32_t id) {
  const auto& conn = h2_->connection();
  auto decided = [&] {
    const h2::StreamState* st = conn.stream(id);
    if (st && (st->response || st->reset || st->end_stream)) return true;
    if (conn.goaway() && conn.goaway()->last_stream < id) return true;  // the proxy did not process it
    return h2_->closed() || !conn.connection_error().empty();
  };
  co_await trace_->changed.wait_until(decided, step_deadline(s));
  const h2::StreamState* st = conn.stream(id);
  if (st && st->response) co_return std::nullopt;
  if (decided()) co_return "no response: " + h2_stream_outcome(id);
  co_return "no response HEADERS on stream " + std::to_string(id) + " within " + std::to_string(within_ms(s)) + " ms, " +
            dialled_so_far();
}

asio::awaitable<CaseSession::Check> CaseSession::h2_expect_status(const Step& s, std::uint32_t id, const step::ExpectStatus& a) {
  std::string expected = "status " + a.status.describe();
  if (auto err = co_await await_h2_response(s, id)) co_return check(s, CheckResult::Grade::failed, expected, *err);
  const h2::HeaderList& fields = *h2_->connection().stream(id)->response;
  const auto status = status_of(fields);
  if (!status) co_return check(s, CheckResult::Grade::failed, expected, "a response without a valid :status: " + head_line(fields));
  if (!a.status.matches(*status)) co_return check(s, CheckResult::Grade::failed, expected, head_line(fields));
  if (a.status.preferred && *a.status.preferred != *status)
    co_return check(s, CheckResult::Grade::warned, expected,
                    head_line(fields) + " (accepted, but not the preferred " + std::to_string(*a.status.preferred) + ")");
  co_return check(s, CheckResult::Grade::ok, expected, head_line(fields));
}

asio::awaitable<CaseSession::Check> CaseSession::h2_expect_headers(const Step& s, std::uint32_t id, const step::ExpectHeaders& a) {
  std::string expected;
  for (const auto& n : a.present) expected += (expected.empty() ? "" : ", ") + n + " present";
  for (const auto& n : a.absent) expected += (expected.empty() ? "" : ", ") + n + " absent";
  for (const auto& [n, re] : a.matches) expected += (expected.empty() ? "" : ", ") + n + " ~ /" + re + "/";
  if (auto err = co_await await_h2_response(s, id)) co_return check(s, CheckResult::Grade::failed, expected, *err);
  const h2::HeaderList& fields = *h2_->connection().stream(id)->response;
  // HTTP/2 field names are lowercase on the wire (RFC 9113 §8.2): a case may write them either way.
  auto value = [&](const std::string& name) { return h2::field_value(fields, lower(name)); };
  for (const auto& n : a.present)
    if (!value(n)) co_return check(s, CheckResult::Grade::failed, expected, "no " + n + " in " + head_line(fields));
  for (const auto& n : a.absent)
    if (value(n)) co_return check(s, CheckResult::Grade::failed, expected, lower(n) + ": " + *value(n) + " in " + head_line(fields));
  for (const auto& [n, re] : a.matches) {
    auto v = value(n);
    if (!v) co_return check(s, CheckResult::Grade::failed, expected, "no " + n + " in " + head_line(fields));
    if (v->size() > 4096 || !std::regex_search(*v, std::regex(re)))
      co_return check(s, CheckResult::Grade::failed, expected, lower(n) + ": " + excerpt(*v, 64));
  }
  std::string seen;
  for (const auto& n : a.present) seen += (seen.empty() ? "" : ", ") + lower(n) + ": " + excerpt(*value(n), 64);
  for (const auto& n : a.absent) seen += (seen.empty() ? "" : ", ") + std::string("no ") + lower(n);
  for (const auto& [n, re] : a.matches) seen += (seen.empty() ? "" : ", ") + lower(n) + ": " + excerpt(*value(n), 64);
  co_return check(s, CheckResult::Grade::ok, expected, seen + " in " + head_line(fields));
}

asio::awaitable<CaseSession::Check> CaseSession::h2_expect_tunnel(const Step& s, std::uint32_t id, const step::ExpectTunnel& a) {
  std::string expected = a.formed ? "a tunnel (a 2xx response on stream " + std::to_string(id) + ")"
                                  : "no tunnel (a non-2xx response, RST_STREAM, GOAWAY or a close)";
  if (auto err = co_await await_h2_response(s, id)) {
    // The stream or connection ended without a response: a refusal. Silence is not.
    const h2::StreamState* st = h2_->connection().stream(id);
    const bool ended = h2_->closed() || h2_->connection().goaway() || !h2_->connection().connection_error().empty() ||
                       (st && (st->reset || st->end_stream));
    co_return check(s, !a.formed && ended ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected, *err);
  }
  const auto status = status_of(*h2_->connection().stream(id)->response);
  const bool formed = status && *status / 100 == 2;
  co_return check(s, formed == a.formed ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected, h2_stream_outcome(id));
}

// The stream's next expected.size() DATA bytes must be exactly `expected`; consumes them.
asio::awaitable<CaseSession::Check> CaseSession::h2_expect_bytes(const Step& s, std::uint32_t id, std::string expected,
                                                                 std::string what) {
  if (auto err = co_await await_h2_response(s, id)) co_return check(s, CheckResult::Grade::failed, what, *err);
  const auto& conn = h2_->connection();
  H2Stream& mine = h2_streams_[id];
  auto have = [&] { return conn.stream(id)->data.size() - mine.data_cursor; };
  auto ended = [&] {
    const h2::StreamState* st = conn.stream(id);
    return st->end_stream || st->reset || h2_->closed() || !conn.connection_error().empty();
  };
  // Progress renews the wait, as for sending: a large transfer is bounded by the case, a stall by one wait.
  std::size_t before = have();
  do {
    before = have();
    co_await trace_->changed.wait_until([&] { return have() >= expected.size() || ended(); },
                                        std::min(case_deadline_, step_deadline(s)));
  } while (have() < expected.size() && !ended() && have() > before && Clock::now() < case_deadline_);
  std::string_view got = std::string_view(conn.stream(id)->data).substr(mine.data_cursor, expected.size());
  std::size_t diff = first_difference(got, expected);
  if (diff < got.size()) {
    std::size_t from = diff > 16 ? diff - 16 : 0;
    co_return check(s, CheckResult::Grade::failed, what,
                    "bytes differ at offset " + std::to_string(diff) + ": expected " +
                        excerpt(std::string_view(expected).substr(from, 48), 48) + ", got " + excerpt(got.substr(from, 48), 48));
  }
  if (got.size() < expected.size()) {
    std::string state = ended() ? "then " + h2_stream_outcome(id) : "within " + std::to_string(within_ms(s)) + " ms";
    co_return check(s, CheckResult::Grade::failed, what,
                    "received " + std::to_string(got.size()) + " of " + std::to_string(expected.size()) + " bytes, " + state);
  }
  mine.data_cursor += expected.size();
  co_return check(s, CheckResult::Grade::ok, what, std::to_string(expected.size()) + " identical bytes");
}

asio::awaitable<CaseSession::Check> CaseSession::h2_expect_eof(const Step& s, std::uint32_t id, const step::ExpectEof& a) {
  std::string expected = std::string("END_STREAM on stream ") + std::to_string(id) + " with no further DATA" +
                         (a.reset_ok ? " (or RST_STREAM)" : "");
  const auto& conn = h2_->connection();
  co_await trace_->changed.wait_until([&] {
    const h2::StreamState* st = conn.stream(id);
    return !st || st->end_stream || st->reset || h2_->closed() || !conn.connection_error().empty();
  }, step_deadline(s));
  const h2::StreamState* st = conn.stream(id);
  const std::size_t cursor = h2_streams_[id].data_cursor;
  if (st && st->data.size() > cursor)
    co_return check(s, CheckResult::Grade::failed, expected,
                    std::to_string(st->data.size() - cursor) + " unexpected bytes " + excerpt(std::string_view(st->data).substr(cursor)) +
                        "; " + h2_stream_outcome(id));
  // END_STREAM, then perhaps RST_STREAM(NO_ERROR): a server may ask the client to stop sending once
  // its response is complete (RFC 9113 §8.1); the stream ended cleanly first.
  if (st && st->end_stream && (!st->reset || st->ended_before_reset))
    co_return check(s, CheckResult::Grade::ok, expected, h2_stream_outcome(id));
  if (st && st->reset)
    co_return check(s, a.reset_ok ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected, h2_stream_outcome(id));
  if (h2_->closed() || !conn.connection_error().empty())
    co_return check(s, CheckResult::Grade::failed, expected, h2_stream_outcome(id));
  co_return check(s, CheckResult::Grade::failed, expected, "stream " + std::to_string(id) + " still open after " +
                                                               std::to_string(within_ms(s)) + " ms: " + h2_stream_outcome(id));
}

asio::awaitable<CaseSession::Check> CaseSession::h2_expect_closed(const Step& s) {
  std::string expected = "the proxy to end the connection (GOAWAY or a close)";
  co_await trace_->changed.wait_until([&] { return h2_->closed() || h2_->connection().goaway().has_value(); }, step_deadline(s));
  if (const auto& g = h2_->connection().goaway())
    co_return check(s, CheckResult::Grade::ok, expected, "GOAWAY(" + h2::error_code_name(g->error_code) + ")");
  if (h2_->closed()) co_return check(s, CheckResult::Grade::ok, expected, h2_->reset() ? "reset" : "EOF");
  co_return check(s, CheckResult::Grade::failed, expected, "connection still open after " + std::to_string(within_ms(s)) + " ms");
}

// A stream error of one of `codes`: RST_STREAM with it, or a GOAWAY with it (a stream error an
// endpoint may treat as a connection error, RFC 9113 §5.4.1); or, with or_status, a response of
// that status, which a server may send before it resets the stream (RFC 9113 §8.1.1).
asio::awaitable<CaseSession::Check> CaseSession::h2_expect_stream_error(const Step& s, std::uint32_t id,
                                                                        const step::ExpectStreamError& a) {
  std::string codes;
  for (auto c : a.codes) codes += (codes.empty() ? "" : " or ") + h2::error_code_name(c);
  std::string expected = "a stream error " + codes + " on stream " + std::to_string(id) + " (RST_STREAM, or GOAWAY)" +
                         (a.or_status ? ", or a " + a.or_status->describe() + " response" : "");
  const auto& conn = h2_->connection();
  auto listed = [&](std::uint32_t code) { return std::find(a.codes.begin(), a.codes.end(), code) != a.codes.end(); };
  // Decided by a reset, a GOAWAY, the connection's end, or a response that ends the stream (a 2xx
  // too: a tunnel may be reset later, which is the error awaited).
  auto ended = [&] {
    const h2::StreamState* st = conn.stream(id);
    return (st && (st->reset || st->end_stream)) || conn.goaway() || h2_->closed() || !conn.connection_error().empty();
  };
  co_await trace_->changed.wait_until([&] {
    const h2::StreamState* st = conn.stream(id);
    if (ended()) return true;
    if (!st || !st->response) return false;
    const auto status = status_of(*st->response);
    return a.or_status && status && a.or_status->matches(*status);
  }, step_deadline(s));
  const h2::StreamState* st = conn.stream(id);
  if (st && st->response) {
    const auto status = status_of(*st->response);
    if (a.or_status && status && a.or_status->matches(*status))
      co_return check(s, CheckResult::Grade::ok, expected, h2_stream_outcome(id));
  }
  if (st && st->reset) co_return check(s, listed(*st->reset) ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected,
                                       h2_stream_outcome(id));
  if (const auto& g = conn.goaway(); g && listed(g->error_code))
    co_return check(s, CheckResult::Grade::ok, expected, h2_stream_outcome(id));
  if (ended()) co_return check(s, CheckResult::Grade::failed, expected, h2_stream_outcome(id));
  if (st && st->response)
    co_return check(s, CheckResult::Grade::failed, expected,
                    h2_stream_outcome(id) + ", and the stream still open after " + std::to_string(within_ms(s)) + " ms");
  co_return check(s, CheckResult::Grade::failed, expected, "nothing on stream " + std::to_string(id) + " within " +
                                                               std::to_string(within_ms(s)) + " ms, " + dialled_so_far());
}

asio::awaitable<CaseSession::Check> CaseSession::h2_expect_setting(const Step& s, const step::ExpectSetting& a) {
  std::string allowed;
  for (auto v : a.allowed) allowed += (allowed.empty() ? "" : " or ") + std::to_string(v);
  std::string expected = "SETTINGS_" + a.name + " " + allowed + (a.absent_ok ? ", or not sent" : "");
  const auto& conn = h2_->connection();
  co_await trace_->changed.wait_until([&] { return conn.peer_settings_received() || h2_->closed(); }, step_deadline(s));
  if (!conn.peer_settings_received())
    co_return check(s, CheckResult::Grade::failed, expected, "no SETTINGS from the proxy: " + h2_stream_outcome(current_stream_));
  auto it = conn.peer_settings().find(a.id);
  if (it == conn.peer_settings().end())
    co_return check(s, a.absent_ok ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected, "not sent");
  const bool ok = std::find(a.allowed.begin(), a.allowed.end(), it->second) != a.allowed.end();
  co_return check(s, ok ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected,
                  "SETTINGS_" + a.name + " = " + std::to_string(it->second));
}

// `streams` tunnels to one origin at once, on this connection: each opens, sends its bytes and
// must get them back; the observation counts those that did and names the first that did not.
asio::awaitable<CaseSession::Check> CaseSession::h2_tunnels(const Step& s, const step::Tunnels& a) {
  auto& conn = h2_->connection();
  std::string expected = std::to_string(a.streams) + " tunnels to origin '" + a.origin + "' on one connection, each echoing its bytes";
  // Open no more streams than the proxy allows at once (SETTINGS_MAX_CONCURRENT_STREAMS): more would be our error.
  co_await trace_->changed.wait_until([&] { return conn.peer_settings_received() || h2_->closed(); }, step_deadline(s));
  int n = a.streams;
  if (auto it = conn.peer_settings().find(static_cast<std::uint16_t>(h2::Setting::max_concurrent_streams));
      it != conn.peer_settings().end()) {
    const std::size_t open = conn.open_streams();
    const std::size_t room = it->second > open ? it->second - open : 0;
    if (room < static_cast<std::size_t>(n)) {
      n = static_cast<int>(room);
      expected += " (" + std::to_string(n) + ": the proxy's SETTINGS_MAX_CONCURRENT_STREAMS " + std::to_string(it->second) +
                  ", " + std::to_string(open) + " already open)";
    }
  }
  const std::string bytes = payload_bytes(a.payload);
  const std::string authority = values_.at(a.origin).authority();
  std::vector<std::uint32_t> ids;
  for (int i = 0; i < n; ++i) {
    const std::uint32_t id = conn.open_stream({{":method", "CONNECT"}, {":authority", authority}});
    conn.send_data(id, bytes);
    h2_streams_[id] = H2Stream{a.origin, bytes, 0, bytes.size()};
    ids.push_back(id);
  }
  if (auto c = co_await h2_flush(s)) co_return c;
  auto settled = [&](std::uint32_t id) {
    const h2::StreamState* st = conn.stream(id);
    return st->reset || st->end_stream || st->data.size() >= bytes.size();
  };
  co_await trace_->changed.wait_until([&] {
    if (h2_->closed() || !conn.connection_error().empty()) return true;
    return std::all_of(ids.begin(), ids.end(), settled);
  }, step_deadline(s));
  int echoed = 0;
  std::string first_bad;
  for (auto id : ids) {
    const h2::StreamState* st = conn.stream(id);
    const auto status = st->response ? status_of(*st->response) : std::nullopt;
    if (status && *status / 100 == 2 && st->data == bytes) {
      ++echoed;
      h2_streams_[id].data_cursor = bytes.size();
    } else if (first_bad.empty()) {
      first_bad = st->data.size() < bytes.size() && !st->reset && !st->end_stream && st->response
                      ? "stream " + std::to_string(id) + ": " + std::to_string(st->data.size()) + " of " + std::to_string(bytes.size()) + " bytes back"
                      : h2_stream_outcome(id);
    }
  }
  std::string observed = std::to_string(echoed) + " of " + std::to_string(n) + " tunnels echoed";
  if (!first_bad.empty()) observed += "; first failure: " + first_bad;
  // The client ends each tunnel: END_STREAM where it echoed (an echo origin then closes and the
  // proxy ends the stream), RST_STREAM(CANCEL) where it is still waiting. No stream stays open to
  // count against the proxy's limits in later steps.
  for (auto id : ids) {
    const h2::StreamState* st = conn.stream(id);
    if (st->reset) continue;
    if (st->data == bytes) conn.send_data(id, "", true);
    else conn.send_rst(id, static_cast<std::uint32_t>(h2::ErrorCode::cancel));
  }
  if (auto c = co_await h2_flush(s)) co_return c;
  co_await trace_->changed.wait_until([&] {
    return h2_->closed() || std::all_of(ids.begin(), ids.end(), [&](std::uint32_t id) {
      const h2::StreamState* st = conn.stream(id);
      return st->reset || st->end_stream;
    });
  }, step_deadline(s));
  co_return check(s, echoed == n ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected, observed);
}

}  // namespace connectspec
