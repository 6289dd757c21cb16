// Expectations on the proxy's response head: status, header fields, whether a tunnel formed.
#include <regex>

#include "engine/case_session.hpp"

namespace connectspec {

namespace {
std::string closed_without_head(const ClientLeg& c, std::size_t from) {
  std::string how = c.reset() ? "connection reset (" + c.read_error() + ")" : "connection closed";
  std::size_t n = c.received().size() - from;
  return how + (n ? " after " + std::to_string(n) + " bytes that are not a complete response head: " +
                        excerpt(std::string_view(c.received()).substr(from))
                  : " with no response");
}
}  // namespace

// Waits for a complete response head; returns why there is none. Parsed once per case.
asio::awaitable<std::optional<std::string>> CaseSession::await_head(const Step& s) {
  if (head_) co_return std::nullopt;
  if (auto err = co_await ensure_connected()) co_return *err;
  ParseResponse parsed;
  // RFC 9110 §15.2: a client parses any number of 1xx heads before the final one (101 is final:
  // it switches protocols). They are skipped, and named in what the checks observed.
  std::size_t from = stream_start_;
  std::vector<std::string> interim;
  auto ready = [&] {
    for (;;) {
      parsed = parse_response_head(std::string_view(client_->received()).substr(from));
      if (parsed.state != ParseResponse::State::complete || parsed.head.status / 100 != 1 || parsed.head.status == 101) break;
      interim.push_back(parsed.head.status_line());
      from += parsed.head.size;
    }
    return parsed.state != ParseResponse::State::incomplete || client_->closed();
  };
  bool done = co_await trace_->changed.wait_until(ready, step_deadline(s));
  interim_ = interim;
  head_malformed_ = parsed.state == ParseResponse::State::malformed;
  if (head_malformed_) co_return "malformed response: " + parsed.error;
  if (parsed.state == ParseResponse::State::complete) {
    head_ = parsed.head;
    data_cursor_ = from + head_->size;
    co_return std::nullopt;
  }
  if (done) co_return closed_without_head(*client_, stream_start_);
  std::size_t n = client_->received().size() - stream_start_;
  co_return "no complete response head within " + std::to_string(within_ms(s)) + " ms" +
            (n ? " (" + std::to_string(n) + " bytes so far: " + excerpt(std::string_view(client_->received()).substr(stream_start_)) + ")" : "") +
            ", " + dialled_so_far();
}

// What the proxy did towards the origins meanwhile: "nothing dialled", or who it reached. A
// silent proxy that dialled differs from one that is still parsing.
std::string CaseSession::dialled_so_far() const {
  std::string reached;
  for (const auto& [name, origin] : origins_)
    if (int n = origin->accepted())
      reached += (reached.empty() ? "" : ", ") + std::string("origin ") + name + " accepted " + std::to_string(n) +
                 (n == 1 ? " connection" : " connections");
  return reached.empty() ? "nothing dialled" : reached;
}

asio::awaitable<CaseSession::Check> CaseSession::expect_status(const Step& s, const step::ExpectStatus& a) {
  std::string expected = "status " + a.status.describe();
  if (auto err = co_await await_head(s)) co_return check(s, CheckResult::Grade::failed, expected, *err);
  int status = head_->status;
  // The 1xx heads before it, if any, are part of what was seen.
  std::string seen = head_->status_line();
  if (!interim_.empty()) {
    seen += " (after";
    for (std::size_t i = 0; i < interim_.size(); ++i) seen += (i ? ", " : " ") + excerpt(interim_[i], 64);
    seen += ")";
  }
  if (!a.status.matches(status)) co_return check(s, CheckResult::Grade::failed, expected, seen);
  if (a.status.preferred && *a.status.preferred != status)
    co_return check(s, CheckResult::Grade::warned, expected, seen + " (accepted, but not the preferred " +
                                                                  std::to_string(*a.status.preferred) + ")");
  co_return check(s, CheckResult::Grade::ok, expected, seen);
}

namespace {
constexpr std::size_t kMaxMatchedValue = 4096;
}  // namespace

asio::awaitable<CaseSession::Check> CaseSession::expect_headers(const Step& s, const step::ExpectHeaders& a) {
  std::string expected;
  for (const auto& n : a.present) expected += (expected.empty() ? "" : ", ") + n + " present";
  for (const auto& n : a.absent) expected += (expected.empty() ? "" : ", ") + n + " absent";
  for (const auto& [n, re] : a.matches) expected += (expected.empty() ? "" : ", ") + n + " ~ /" + re + "/";
  if (auto err = co_await await_head(s)) co_return check(s, CheckResult::Grade::failed, expected, *err);
  for (const auto& n : a.present)
    if (!head_->count(n)) co_return check(s, CheckResult::Grade::failed, expected, "no " + n + " in " + head_->status_line());
  for (const auto& n : a.absent)
    if (head_->count(n))
      co_return check(s, CheckResult::Grade::failed, expected, n + ": " + *head_->get(n) + " in " + head_->status_line());
  for (const auto& [n, re] : a.matches) {
    auto value = head_->get(n);
    if (!value) co_return check(s, CheckResult::Grade::failed, expected, "no " + n + " in " + head_->status_line());
    // std::regex recurses per character: a value of some 30 KB (a head may hold 64 KiB) would
    // overflow the stack. So long a value is the proxy's failure, not the harness's crash.
    if (value->size() > kMaxMatchedValue)
      co_return check(s, CheckResult::Grade::failed, expected,
                      n + ": a value of " + std::to_string(value->size()) + " bytes, longer than any this check matches (" +
                          std::to_string(kMaxMatchedValue) + "): " + excerpt(*value, 64));
    if (!std::regex_search(*value, std::regex(re)))
      co_return check(s, CheckResult::Grade::failed, expected, n + ": " + *value);
  }
  // Met: say what was seen, the values themselves, not only that it matched.
  std::string seen;
  for (const auto& n : a.present) seen += (seen.empty() ? "" : ", ") + n + ": " + excerpt(*head_->get(n), 64);
  for (const auto& n : a.absent) seen += (seen.empty() ? "" : ", ") + std::string("no ") + n;
  for (const auto& [n, re] : a.matches) seen += (seen.empty() ? "" : ", ") + n + ": " + excerpt(*head_->get(n), 64);
  co_return check(s, CheckResult::Grade::ok, expected, seen + " in " + head_->status_line());
}

asio::awaitable<CaseSession::Check> CaseSession::expect_tunnel(const Step& s, const step::ExpectTunnel& a) {
  std::string expected = a.formed ? "a tunnel (2xx response)" : "no tunnel (a non-2xx response or a close)";
  auto err = co_await await_head(s);
  if (err) {
    // A close without any response is a refusal too; silence is not.
    bool refused = !a.formed && client_ && client_->closed();
    co_return check(s, refused ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected, *err);
  }
  bool formed = tunnel_up();
  co_return check(s, formed == a.formed ? CheckResult::Grade::ok : CheckResult::Grade::failed, expected,
                  head_->status_line());
}

}  // namespace connectspec
