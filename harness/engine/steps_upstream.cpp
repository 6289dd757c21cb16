// Expectations on the proxy<->upstream leg of the `upstream` variant: did the proxy under test
// forward the CONNECT to the next proxy, how many times, and what did the forwarded head carry.
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "engine/case_session.hpp"
#include "http/head_fields.hpp"
#include "http/response_head.hpp"
#include "upstream/forwarding_upstream.hpp"

namespace connectspec {


asio::awaitable<CaseSession::Check> CaseSession::expect_upstream(const Step& s, const step::ExpectUpstream& a) {
  const Origin& origin = *origins_.at(a.origin);
  std::string authority = Endpoint{origin.endpoint().address().to_string(), origin.endpoint().port()}.authority();
  if (!ctx_.upstream || !ctx_.upstream->started())
    co_return check(s, CheckResult::Grade::failed, "the built-in upstream proxy to be running",
                    "no upstream: the case needs `requires = [\"upstream\"]`");
  // With distinct_connections a CONNECT that came inside an open tunnel counts as one received.
  auto count = [&] {
    return static_cast<int>(ctx_.upstream->heads_for(authority).size() +
                            (a.distinct_connections ? ctx_.upstream->tunnelled_for(authority).size() : 0));
  };
  // The upstream records a head before the proxy under test can answer the client, so by now it
  // is there; a short bounded poll covers a proxy that answers first and forwards after.
  // absent_everywhere alone expects no head in particular: it waits only the settling time.
  const bool only_everywhere = !a.connects && a.present.empty() && a.absent.empty() && !a.request_line &&
                               a.count.empty() && !a.received_before_reply && !a.received_after_reply &&
                               !a.distinct_connections;
  int want = a.connects.value_or(only_everywhere ? 0 : 1);
  auto until = want == 0 ? std::min(step_deadline(s), Clock::now() + ctx_.scaled(kNoDialSettleMs)) : step_deadline(s);
  while (Clock::now() < until && (want == 0 ? count() == 0 : count() < want)) {
    asio::steady_timer tick(ctx_.executor, std::chrono::milliseconds(10));
    co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  auto heads = ctx_.upstream->heads_for(authority);
  // A head for the same port under another spelling of the target ("::1:443" for "[::1]:443")
  // says what the proxy forwarded instead.
  std::string instead;
  if (heads.empty()) {
    const std::string port = ":" + std::to_string(origin.endpoint().port());
    for (const auto& other : ctx_.upstream->authorities())
      if (other != authority && other.size() > port.size() && other.ends_with(port))
        for (const auto& h : ctx_.upstream->heads_for(other))
          instead += (instead.empty() ? "" : ", ") + excerpt(h.substr(0, h.find("\r\n")), 120);
  }
  // The forwarded heads are the upstream leg of the transcript (proxy -> upstream).
  for (const auto& r : ctx_.upstream->received_for(authority)) trace_->log.data_at("upstream", true, r.head, r.at);
  // A field injected through the target (a decoded CR LF in the host) gives a head whose first
  // line names no authority of this origin, so absent_everywhere reads every head received.
  if (!a.absent_everywhere.empty()) {
    for (const auto& other : ctx_.upstream->authorities())
      for (const auto& r : ctx_.upstream->received_for(other))
        for (const auto& name : a.absent_everywhere)
          if (!field_values(r.head, name).empty()) {
            if (other != authority) trace_->log.data_at("upstream", true, r.head, r.at);
            co_return check(s, CheckResult::Grade::failed, "no head the upstream received to carry " + name,
                            "the proxy forwarded one that does: " + excerpt(r.head, 300));
          }
    if (only_everywhere) {
      std::string names, targets;
      for (const auto& name : a.absent_everywhere) names += (names.empty() ? "" : ", ") + name;
      for (const auto& other : ctx_.upstream->authorities()) targets += (targets.empty() ? "" : ", ") + excerpt(other, 60);
      co_return check(s, CheckResult::Grade::ok, "no head the upstream received to carry " + names,
                      targets.empty() ? "the upstream received no head" : "none does (heads for " + targets + ")");
    }
  }
  if (a.distinct_connections) {
    // RFC 9110 §9.3.6: after a 2xx the connection is the tunnel, and when either side closes the
    // intermediary closes both; a CONNECT sent on it later is tunnel data, not a request.
    const auto tunnelled = ctx_.upstream->tunnelled_for(authority);
    for (const auto& t : tunnelled) trace_->log.data_at("upstream", true, t.head, t.at);
    const std::string expected = "each CONNECT for " + authority + " on an upstream connection of its own";
    if (!tunnelled.empty()) {
      const auto& t = tunnelled.front();
      co_return check(s, CheckResult::Grade::failed, expected,
                      std::to_string(tunnelled.size()) + " came inside the tunnel that upstream connection #" +
                          std::to_string(t.connection) + " had opened for " + t.opened_for +
                          " (the connection was used again after it became a tunnel): " +
                          excerpt(t.head.substr(0, t.head.find("\r\n")), 120));
    }
    std::string on;
    for (const auto& r : ctx_.upstream->received_for(authority))
      on += (on.empty() ? "#" : ", #") + std::to_string(r.connection);
    std::set<int> distinct;
    for (const auto& r : ctx_.upstream->received_for(authority)) distinct.insert(r.connection);
    if (distinct.size() != heads.size())
      co_return check(s, CheckResult::Grade::failed, expected, "upstream connections " + on);
    if (!a.connects && a.present.empty() && a.absent.empty() && !a.request_line && a.count.empty() &&
        !a.received_before_reply && !a.received_after_reply)
      co_return check(s, CheckResult::Grade::ok, expected,
                      std::to_string(heads.size()) + " received" + (on.empty() ? "" : ", on upstream connections " + on));
  }
  if (a.connects) {
    std::string expected = "the upstream to receive " + std::to_string(want) + " CONNECT" + (want == 1 ? "" : "s") +
                           " for " + authority;
    // connects = 0 means not forwarded at all: a head for the same port under another spelling
    // of the target (a host cut at a CR, a bare CR passed on) is a forwarded CONNECT too.
    if (want == 0 && !instead.empty())
      co_return check(s, CheckResult::Grade::failed, expected, "0 for it, but the proxy forwarded " + instead);
    if (static_cast<int>(heads.size()) != want)
      co_return check(s, CheckResult::Grade::failed, expected,
                      std::to_string(heads.size()) + " received" +
                          (!instead.empty() ? " for it, but " + instead
                           : heads.empty()  ? " (the proxy did not forward it)"
                           : heads.size() > 1 ? " (a retry?)"
                                              : ""));
    if (a.present.empty() && a.absent.empty() && !a.request_line && a.count.empty() &&
        !a.received_before_reply && !a.received_after_reply)
      co_return check(s, CheckResult::Grade::ok, expected, std::to_string(heads.size()) + " received");
  }
  if (heads.empty())
    co_return check(s, CheckResult::Grade::failed, "a forwarded CONNECT for " + authority,
                    instead.empty() ? "the upstream received none" : "the upstream received none for it, but " + instead);
  const std::string& head = heads.back();
  for (const auto& name : a.present)
    if (field_values(head, name).empty())
      co_return check(s, CheckResult::Grade::failed, "the forwarded head to carry " + name,
                      "it does not: " + excerpt(head, 300));
  for (const auto& name : a.absent)
    if (!field_values(head, name).empty())
      co_return check(s, CheckResult::Grade::failed, "the forwarded head not to carry " + name,
                      "it does: " + excerpt(head, 300));
  if (a.request_line) {
    std::string want_line = expand_placeholders(*a.request_line, values_, ctx_.texts);
    std::string line = head.substr(0, head.find("\r\n"));
    if (line != want_line)
      co_return check(s, CheckResult::Grade::failed, "the forwarded request line to be " + excerpt(want_line),
                      excerpt(line));
  }
  for (const auto& [name, want_n] : a.count) {
    int n = static_cast<int>(field_values(head, name).size());
    if (n != want_n)
      co_return check(s, CheckResult::Grade::failed,
                      "the forwarded head to carry " + std::to_string(want_n) + " " + name + " line" + (want_n == 1 ? "" : "s"),
                      std::to_string(n) + ": " + excerpt(head, 300));
  }
  // RFC 9931: a proxy client may send tunnel data before the 2xx when it marked the CONNECT
  // Connection: close, so with or_connection_close what the upstream received is not judged then.
  if (a.or_connection_close && (a.received_before_reply || a.received_after_reply) && has_connection_close(head))
    co_return check(s, CheckResult::Grade::ok, "the forwarded head the case describes (tunnel data held back, or Connection: close)",
                    "Connection: close in " + excerpt(head, 300));
  // What the upstream received besides the head: fixed once it answered, except what arrives
  // after a refusal, which is watched a little while when nothing is expected.
  const std::size_t last = heads.size() - 1;
  auto received = [&](bool after) -> std::string {
    const auto r = ctx_.upstream->received_for(authority).at(last);
    return after ? r.after_reply : r.before_reply;
  };
  for (bool after : {false, true}) {
    const auto& want_p = after ? a.received_after_reply : a.received_before_reply;
    if (!want_p) continue;
    std::string want_bytes = payload_bytes(*want_p);
    auto until = want_bytes.empty() ? std::min(step_deadline(s), Clock::now() + ctx_.scaled(kNoDialSettleMs))
                                    : step_deadline(s);
    std::string got = received(after);
    while (Clock::now() < until && got != want_bytes && got.size() <= want_bytes.size()) {
      asio::steady_timer tick(ctx_.executor, std::chrono::milliseconds(10));
      co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
      got = received(after);
    }
    const std::string what = after ? "after its refusal" : "after the head, before it answered";
    if (got != want_bytes)
      co_return check(s, CheckResult::Grade::failed,
                      "the upstream to receive " + (want_bytes.empty() ? std::string("nothing") : excerpt(want_bytes)) + " " +
                          what + (a.or_connection_close ? ", or a forwarded CONNECT with Connection: close" : ""),
                      excerpt(got) + (a.or_connection_close ? " (and no Connection: close)" : ""));
  }
  co_return check(s, CheckResult::Grade::ok, "the forwarded head the case describes", excerpt(head, 300));
}

}  // namespace connectspec
