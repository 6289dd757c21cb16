// expect_body: the body of a refusal must be delimited so that a client can read it and know
// where it ends (RFC 9112 §6.3); only a 2xx to CONNECT is exempt, because the tunnel starts there.
#include "engine/case_session.hpp"
#include "http/response_body.hpp"

namespace connectspec {

asio::awaitable<CaseSession::Check> CaseSession::expect_body(const Step& s, const step::ExpectBody& a) {
  std::string expected = "a complete, correctly framed response body";
  std::string needle;
  if (a.contains) {
    needle = expand_placeholders(*a.contains, values_, ctx_.texts);
    expected += " containing " + excerpt(needle, 48);
  }
  if (auto err = co_await await_head(s)) co_return check(s, CheckResult::Grade::failed, expected, *err);
  if (tunnel_up())
    co_return check(s, CheckResult::Grade::failed, expected, head_->status_line() + ": a 2xx to CONNECT has no body");
  ResponseBody body;
  auto parsed = [&] {
    body = parse_response_body(*head_, std::string_view(client_->received()).substr(data_cursor_), client_->closed());
    return body.state != ResponseBody::State::incomplete;
  };
  co_await trace_->changed.wait_until(parsed, step_deadline(s));
  std::string where = head_->status_line() + ", " + body.framing;
  if (body.state == ResponseBody::State::malformed) co_return check(s, CheckResult::Grade::failed, expected, where + ": " + body.error);
  if (body.state == ResponseBody::State::incomplete) {
    std::size_t have = client_->received().size() - data_cursor_;
    std::string why = body.framing == "close-delimited"
                          ? "no Content-Length or chunked framing, and the connection stayed open for " +
                                std::to_string(within_ms(s)) + " ms, so a client cannot tell where the body ends"
                          : "incomplete after " + std::to_string(within_ms(s)) + " ms (" + std::to_string(have) + " bytes so far)";
    co_return check(s, CheckResult::Grade::failed, expected, where + ": " + why);
  }
  data_cursor_ += body.size;
  response_read_ = true;
  std::string observed = where + ", " + std::to_string(body.body.size()) + " bytes" +
                         (body.body.empty() ? "" : ": " + excerpt(body.body, 64));
  if (a.contains && body.body.find(needle) == std::string::npos)
    co_return check(s, CheckResult::Grade::failed, expected, observed);
  co_return check(s, CheckResult::Grade::ok, expected, observed);
}

}  // namespace connectspec
