// Expectations on the proxy<->origin leg: did the proxy dial, and what did the origin receive.
#include <algorithm>

#include "engine/case_session.hpp"

namespace connectspec {

namespace {
// How long `accepted = 0` on a trap waits for the proxy's answer before its settle (see below).
constexpr int kTrapAnswerMs = 2000;
}  // namespace

asio::awaitable<CaseSession::Check> CaseSession::expect_origin(const Step& s, const step::ExpectOrigin& a) {
  const Origin& origin = *origins_.at(a.origin);
  const std::string name = "origin '" + a.origin + "'";
  auto first = [&]() -> const OriginConnection* {
    return origin.connections().empty() ? nullptr : origin.connections().front().get();
  };

  // A trap that could not bind every port says so in every check on it, passed or failed.
  const std::string arming = origin.arming_note();
  auto with_arming = [&](std::string observed) { return arming.empty() ? observed : observed + "; " + arming; };

  if (a.accepted) {
    int want = *a.accepted;
    std::string expected = name + " to accept " + std::to_string(want) + " connection" + (want == 1 ? "" : "s");
    const bool trap = origin.spec().kind == OriginKind::trap;
    if (trap && want == 0) {
      std::string ports;
      for (auto p : origin.spec().ports) ports += (ports.empty() ? "" : ", ") + std::to_string(p);
      expected = "nothing dialled at trap '" + a.origin + "' (" + origin.endpoint().address().to_string() + " on " +
                 ports + ")";
    }
    if (want == 0) {
      if (trap) {
        // A lenient proxy dials the trap before it answers (and then answers 2xx): waiting for its
        // first answer byte (or its close), at most kTrapAnswerMs, catches a dial slowed by load
        // that the short settle below could miss.
        auto answered = std::min(step_deadline(s), Clock::now() + ctx_.scaled(kTrapAnswerMs));
        co_await trace_->changed.wait_until([&] {
          return origin.accepted() > 0 || (!client_ && !h2_) || client_closed() || client_answered();
        }, answered);
      }
      // Nothing should happen, so wait briefly; a proxy that already closed the client has had its chance.
      auto settle = std::min(step_deadline(s), Clock::now() + ctx_.scaled(kNoDialSettleMs));
      co_await trace_->changed.wait_until(
          [&] { return origin.accepted() > 0 || client_closed(); }, settle);
    } else {
      co_await trace_->changed.wait_until([&] { return origin.accepted() >= want; }, step_deadline(s));
    }
    if (origin.accepted() != want) {
      if (trap && want == 0) {
        // Where the proxy went: "dialled 127.77.0.3:443 for a target with no valid port".
        std::vector<std::string> reached;
        for (const auto& c : origin.connections()) {
          std::string at = c->local.address().to_string() + ":" + std::to_string(c->local.port());
          if (std::find(reached.begin(), reached.end(), at) == reached.end()) reached.push_back(std::move(at));
        }
        std::string where;
        for (const auto& at : reached) where += (where.empty() ? "" : ", ") + at;
        const std::string& why = origin.spec().dialled_for;
        std::string observed = "dialled " + where + (why.empty() ? ", a trap no valid reading of the request leads to"
                                                                 : " for " + why);
        if (origin.accepted() > 1) observed += " (" + std::to_string(origin.accepted()) + " connections)";
        co_return check(s, CheckResult::Grade::failed, expected, with_arming(observed));
      }
      co_return check(s, CheckResult::Grade::failed, expected,
                      with_arming(std::to_string(origin.accepted()) + " accepted" +
                                  (want == 0 ? " (the proxy dialled the origin)" : "")));
    }
    if (!a.received && !a.received_tunnel && !a.eof && !a.closed)
      co_return check(s, CheckResult::Grade::ok, expected, with_arming(std::to_string(want) + " accepted"));
  }

  std::optional<std::string> expected_bytes;
  if (a.received) expected_bytes = payload_bytes(*a.received);
  if (a.received_tunnel) expected_bytes = tunnel_sent_;
  bool want_eof = a.eof.value_or(false);
  std::string expected = name + " to receive";
  if (expected_bytes) expected += " exactly " + (a.received_tunnel ? std::to_string(expected_bytes->size()) + " tunnel bytes"
                                                                   : excerpt(*expected_bytes));
  if (want_eof) expected += (expected_bytes ? ", then EOF" : " EOF");
  else if (a.closed) expected = name + "'s connection to be closed (EOF or reset)" + (expected_bytes ? " after" + expected.substr(name.size()) : "");

  auto done = [&] {
    const OriginConnection* c = first();
    if (!c) return false;
    if (c->reset) return true;
    if (expected_bytes && c->received.size() > expected_bytes->size()) return true;
    if (want_eof || a.closed) return c->eof;
    return expected_bytes && c->received.size() >= expected_bytes->size();
  };
  co_await trace_->changed.wait_until(done, step_deadline(s));

  const OriginConnection* c = first();
  if (!c) co_return check(s, CheckResult::Grade::failed, expected, with_arming("the origin never accepted a connection"));
  std::string_view got = c->received;
  if (expected_bytes && got != *expected_bytes) {
    std::size_t n = std::min(got.size(), expected_bytes->size()), i = 0;
    while (i < n && got[i] == (*expected_bytes)[i]) ++i;
    std::string observed = std::to_string(got.size()) + " bytes";
    if (i < n) observed += ", first difference at offset " + std::to_string(i) + ": got " + excerpt(got.substr(i, 32), 32) +
                           " instead of " + excerpt(std::string_view(*expected_bytes).substr(i, 32), 32);
    else if (got.size() < expected_bytes->size()) observed += " (a matching prefix; " + std::to_string(expected_bytes->size() - got.size()) + " missing)";
    else observed += " (" + std::to_string(got.size() - expected_bytes->size()) + " extra: " + excerpt(got.substr(n)) + ")";
    if (c->eof) observed += ", then EOF";
    if (c->reset) observed += ", then reset";
    co_return check(s, CheckResult::Grade::failed, expected, observed);
  }
  if (want_eof && !c->eof)
    co_return check(s, CheckResult::Grade::failed, expected,
                    c->reset ? "a reset instead of EOF" : "no EOF within " + std::to_string(within_ms(s)) + " ms");
  if (a.closed && !c->eof && !c->reset)
    co_return check(s, CheckResult::Grade::failed, expected,
                    "still open after " + std::to_string(within_ms(s)) + " ms");
  if (a.eof == false && c->eof)
    co_return check(s, CheckResult::Grade::failed, name + " not to see EOF", "EOF");
  co_return check(s, CheckResult::Grade::ok, expected,
                  std::to_string(got.size()) + " bytes" + (c->eof ? ", EOF" : c->reset ? ", reset" : ""));
}

}  // namespace connectspec
