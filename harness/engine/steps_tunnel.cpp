// Expectations on what comes back through the tunnel, and on how the proxy ends the connection.
#include "engine/case_session.hpp"
#include "engine/first_difference.hpp"

namespace connectspec {

// The next expected.size() tunnel bytes must be exactly `expected`; consumes them.
asio::awaitable<CaseSession::Check> CaseSession::expect_bytes(const Step& s, std::string expected, std::string what) {
  if (auto err = co_await await_head(s)) co_return check(s, CheckResult::Grade::failed, what, *err);
  auto have = [&] { return client_->received().size() - data_cursor_; };
  // A byte that differs decides the check whatever comes after it: stop waiting there, rather than
  // for the rest of the bytes until the deadline. Each wake-up compares only the bytes new since.
  std::size_t matching = 0;
  auto differs = [&] {
    std::size_t n = std::min(have(), expected.size());
    std::string_view got = std::string_view(client_->received()).substr(data_cursor_ + matching, n - matching);
    matching += first_difference(got, std::string_view(expected).substr(matching, n - matching));
    return matching < n;
  };
  co_await trace_->changed.wait_until([&] { return differs() || have() >= expected.size() || client_->closed(); },
                                      step_deadline(s));
  std::string_view got = std::string_view(client_->received()).substr(data_cursor_, expected.size());
  std::size_t diff = first_difference(got, expected);
  if (diff < got.size()) {
    std::size_t from = diff > 16 ? diff - 16 : 0;
    co_return check(s, CheckResult::Grade::failed, what,
                    "bytes differ at offset " + std::to_string(diff) + ": expected " +
                        excerpt(std::string_view(expected).substr(from, 48), 48) + ", got " +
                        excerpt(got.substr(from, 48), 48));
  }
  if (got.size() < expected.size()) {
    std::string state = client_->reset() ? "then the connection was reset"
                        : client_->eof() ? "then EOF"
                                         : "within " + std::to_string(within_ms(s)) + " ms";
    // Bytes after a refusal's head are its body: say what its framing promised and where it ended.
    auto declared = head_->get("Content-Length");
    if (!tunnel_up() && declared && client_->closed())
      co_return check(s, CheckResult::Grade::failed, what,
                      head_->status_line() + " declares Content-Length: " + *declared + ", then " +
                          (client_->reset() ? "the connection is reset" : "closes") + " after " +
                          std::to_string(client_->received().size() - data_cursor_) + " body bytes");
    co_return check(s, CheckResult::Grade::failed, what,
                    std::to_string(got.size()) + " of " + std::to_string(expected.size()) + " bytes" +
                        (got.empty() ? " " : " (matching so far), ") + state);
  }
  data_cursor_ += expected.size();
  co_return check(s, CheckResult::Grade::ok, what, std::to_string(expected.size()) + " identical bytes");
}

asio::awaitable<CaseSession::Check> CaseSession::expect_data(const Step& s, const step::ExpectData& a) {
  std::string bytes = payload_bytes(a.payload);
  std::string what = (a.payload.is_generated() ? a.payload.describe() : excerpt(bytes)) + " from the tunnel";
  co_return co_await expect_bytes(s, std::move(bytes), std::move(what));
}

asio::awaitable<CaseSession::Check> CaseSession::expect_echo(const Step& s) {
  std::string expected = tunnel_sent_.substr(echo_cursor_);
  echo_cursor_ = tunnel_sent_.size();
  std::string what = "the " + std::to_string(expected.size()) + " bytes sent into the tunnel, echoed back";
  co_return co_await expect_bytes(s, std::move(expected), what);
}

asio::awaitable<CaseSession::Check> CaseSession::expect_eof(const Step& s, const step::ExpectEof& a) {
  std::string expected = a.reset_ok ? "EOF or reset with no further bytes" : "EOF with no further bytes";
  if (auto err = co_await ensure_connected()) co_return check(s, CheckResult::Grade::failed, expected, *err);
  if (!head_) co_await await_head(s);  // a missing head is judged by the bytes below
  co_await trace_->changed.wait_until([&] { return client_->closed(); }, step_deadline(s));
  std::size_t from = head_ ? data_cursor_ : stream_start_;
  std::string_view extra = std::string_view(client_->received()).substr(std::min(from, client_->received().size()));
  if (!extra.empty())
    co_return check(s, CheckResult::Grade::failed, expected,
                    std::to_string(extra.size()) + " unexpected bytes " + excerpt(extra) +
                        (client_->closed() ? " before the close" : " and no close"));
  if (client_->reset())
    co_return check(s, a.reset_ok ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected,
                    "connection reset (" + client_->read_error() + ")");
  if (!client_->eof())
    co_return check(s, CheckResult::Grade::failed, expected, "connection still open after " + std::to_string(within_ms(s)) + " ms");
  co_return check(s, CheckResult::Grade::ok, expected, "EOF");
}

asio::awaitable<CaseSession::Check> CaseSession::expect_closed(const Step& s) {
  std::string expected = "the proxy to close the connection";
  if (auto err = co_await ensure_connected()) co_return check(s, CheckResult::Grade::failed, expected, *err);
  co_await trace_->changed.wait_until([&] { return client_->closed(); }, step_deadline(s));
  if (!client_->closed())
    co_return check(s, CheckResult::Grade::failed, expected,
                    "connection still open after " + std::to_string(within_ms(s)) + " ms");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(client_->open_for()).count();
  co_return check(s, CheckResult::Grade::ok, expected,
                  std::string(client_->reset() ? "reset" : "EOF") + ", " + std::to_string(ms) + " ms after the connection opened");
}

}  // namespace connectspec
