// Steps about the client's connections themselves: abort with a reset, start over on a fresh
// connection, hold many connections open, and decide `only_if` conditions.
#include "engine/case_session.hpp"

namespace connectspec {

asio::awaitable<CaseSession::Check> CaseSession::do_reset(const Step& s) {
  if (auto err = co_await ensure_connected()) co_return check(s, CheckResult::Grade::failed, "a connection to the proxy", *err);
  client_->abort();
  co_return std::nullopt;
}

asio::awaitable<CaseSession::Check> CaseSession::do_reconnect(const Step& s) {
  if (client_) {
    client_->close();
    trace_->log.note(ClientLeg::kLeg, "the client opens a new connection to the proxy");
  }
  client_.reset();
  head_.reset();
  response_read_ = false;
  stream_start_ = data_cursor_ = echo_cursor_ = 0;
  tunnel_sent_.clear();
  if (auto err = co_await ensure_connected()) co_return check(s, CheckResult::Grade::failed, "a new connection to the proxy", *err);
  co_return std::nullopt;
}

asio::awaitable<CaseSession::Check> CaseSession::do_hold(const Step& s, const step::Hold& a) {
  std::string bytes = payload_bytes(a.payload);
  for (int i = 0; i < a.connections; ++i) {
    // Their bytes would drown the transcript; a note says what they are. Nothing reads what they
    // receive, and hundreds of them must not each keep a full --max-response-bytes.
    auto held_trace = std::make_shared<CaseTrace>(ctx_.executor);
    held_trace->max_received_bytes = std::min<std::size_t>(ctx_.max_received_bytes, kHeldConnectionBytes);
    auto leg = std::make_shared<ClientLeg>(ctx_.executor, held_trace);
    auto deadline = std::min(case_deadline_, Clock::now() + ctx_.scaled(kDefaultWithinMs));
    auto err = co_await leg->connect(ctx_.proxy, deadline);
    if (!err) err = co_await leg->send(bytes, deadline);
    if (err)
      co_return check(s, CheckResult::Grade::failed, std::to_string(a.connections) + " connections held open",
                      "connection " + std::to_string(i + 1) + ": " + *err);
    held_.push_back(std::move(leg));
  }
  trace_->log.note(ClientLeg::kLeg, std::to_string(a.connections) + " more connections to the proxy, each sent " +
                                        excerpt(bytes, 64) + " and is held open until the case ends");
  co_return std::nullopt;
}

asio::awaitable<std::optional<bool>> CaseSession::condition_met(const Step& s) {
  if (is_http2(case_.protocol)) co_return co_await h2_condition_met(s);
  if (!client_) co_return std::nullopt;
  auto err = co_await await_head(s);
  if (err) {
    undecided_ = *err;  // why it cannot be decided, for the check that says so
    // A head that arrived malformed is a response: its checks run, and say what was wrong with it.
    if (head_malformed_ && s.only_if == OnlyIf::response) co_return true;
    if (client_->closed()) co_return s.only_if == OnlyIf::rejected;  // a close without an answer refuses (no response)
    // A check of the response is not reached when none came; silence is judged by the step that waited for it.
    if (s.only_if == OnlyIf::response) co_return false;
    co_return std::nullopt;
  }
  if (s.only_if == OnlyIf::response) co_return true;
  co_return (s.only_if == OnlyIf::tunnel) == tunnel_up();
}

}  // namespace connectspec
