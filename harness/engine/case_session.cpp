#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "engine/case_session.hpp"

#include "origins/generated_bytes.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

std::string excerpt(std::string_view bytes, std::size_t max) {
  if (bytes.size() <= max) return "\"" + visible_bytes(bytes) + "\"";
  return "\"" + visible_bytes(bytes.substr(0, max / 2)) + "\" ... \"" +
         visible_bytes(bytes.substr(bytes.size() - max / 2)) + "\" (" + std::to_string(bytes.size()) + " bytes)";
}

CaseSession::CaseSession(const Case& c, const RunContext& ctx, CaseTracePtr trace,
                         std::map<std::string, std::shared_ptr<Origin>> origins)
    : case_(c), ctx_(ctx), trace_(std::move(trace)), origins_(std::move(origins)) {
  for (const auto& [name, origin] : origins_)
    values_[name] = Endpoint{origin->endpoint().address().to_string(), origin->endpoint().port()};
  values_["proxy"] = ctx_.proxy;
  case_deadline_ = Clock::now() + ctx_.scaled(case_.timeout_ms);
}

void CaseSession::shutdown() {
  if (client_) client_->close();
  if (h2_) h2_->close();
  for (auto& h : held_) h->close();
  held_.clear();
}

std::string CaseSession::payload_bytes(const Payload& p) const {
  if (p.is_generated()) return generated_bytes(*p.generated_size, p.seed);
  return expand_placeholders(p.text, values_, ctx_.texts);
}

int CaseSession::within_ms(const Step& s) const {
  return static_cast<int>(ctx_.scaled(s.within_ms.value_or(kDefaultWithinMs)).count());
}

Clock::time_point CaseSession::step_deadline(const Step& s) const {
  return std::min(case_deadline_, Clock::now() + std::chrono::milliseconds(within_ms(s)));
}

// Steps report `failed` for "not met" and `warned` for "met, but not as preferred"; the step's
// level turns that into the grade: only a MUST check fails, a SHOULD check warns, a MAY or INFO
// check records, and a preference only notes the difference.
CheckResult CaseSession::check(const Step& s, CheckResult::Grade grade, std::string expected,
                               std::string observed) const {
  using G = CheckResult::Grade;
  CheckResult r;
  r.step = step_index_;
  r.keyword = s.keyword;
  r.level = case_.level_of(s);
  r.requirement = case_.requirement_of(s);
  if (grade == G::warned) grade = G::noted;
  else if (grade == G::failed)
    grade = r.level == Level::must ? G::failed : r.level == Level::should ? G::warned : G::info;
  r.grade = grade;
  r.expected = std::move(expected);
  r.observed = std::move(observed);
  r.pos = s.pos;
  return r;
}

asio::awaitable<void> CaseSession::run() {
  for (step_index_ = 0; step_index_ < case_.steps.size(); ++step_index_) {
    const Step& s = case_.steps[step_index_];
    if (Clock::now() >= case_deadline_) {
      checks_.push_back(check(s, CheckResult::Grade::failed, "the case to finish within " +
                                     std::to_string(ctx_.scaled(case_.timeout_ms).count()) + " ms",
                              "the case deadline passed before this step"));
      if (checks_.back().grade == CheckResult::Grade::failed) { not_reached_after(step_index_); co_return; }
      continue;
    }
    if (s.only_if != OnlyIf::always) {
      undecided_.clear();
      auto met = co_await condition_met(s);
      if (!met) {
        checks_.push_back(check(s, CheckResult::Grade::failed, "a response (or a close) to decide only_if",
                                undecided_.empty() ? "none within " + std::to_string(within_ms(s)) + " ms" : undecided_));
        if (checks_.back().grade == CheckResult::Grade::failed) { not_reached_after(step_index_); co_return; }
        continue;
      }
      if (!*met) continue;
    }
    Check c = co_await run_step(step_index_, s);
    if (!c) continue;
    checks_.push_back(std::move(*c));
    const CheckResult::Grade g = checks_.back().grade;
    if ((g == CheckResult::Grade::failed || g == CheckResult::Grade::warned || g == CheckResult::Grade::info) &&
        !trace_->cut_off.empty())
      checks_.back().observed += "; " + trace_->cut_off;
    // A precondition not met blames nothing: the case did not reach what it tests.
    if (s.precondition && g != CheckResult::Grade::ok && g != CheckResult::Grade::noted) {
      precondition_not_met(step_index_);
      co_return;
    }
    // A failed MUST check ends the case: what the later checks needed (a tunnel, a response) did
    // not come to be, and judging them would blame the proxy twice. A SHOULD or INFO check that
    // is not met does not stop the MUST checks after it.
    if (g == CheckResult::Grade::failed) { not_reached_after(step_index_); co_return; }
  }
}

// The last check was a precondition and it was not met: it and every later check are not reached.
void CaseSession::precondition_not_met(std::size_t step) {
  CheckResult& p = checks_.back();
  p.grade = CheckResult::Grade::not_reached;
  p.precondition = true;
  p.observed = "precondition not met: expected " + p.expected + ", observed " + p.observed;
  not_reached_after(step, "the precondition at step " + std::to_string(step + 1) + " (" + p.keyword + ") was not met");
}

// Records every later check as not reached, charged to the step that failed.
void CaseSession::not_reached_after(std::size_t failed) {
  not_reached_after(failed, "step " + std::to_string(failed + 1) + " (" + checks_.back().keyword + ") failed first");
}

void CaseSession::not_reached_after(std::size_t failed, const std::string& cause) {
  for (std::size_t i = failed + 1; i < case_.steps.size(); ++i) {
    const Step& s = case_.steps[i];
    if (s.keyword.rfind("expect_", 0) != 0) continue;
    CheckResult r;
    r.step = i;
    r.keyword = s.keyword;
    r.level = case_.level_of(s);
    r.requirement = case_.requirement_of(s);
    r.grade = CheckResult::Grade::not_reached;
    r.observed = "not reached: " + cause;
    r.pos = s.pos;
    checks_.push_back(std::move(r));
  }
}

asio::awaitable<CaseSession::Check> CaseSession::run_step(std::size_t, const Step& s) {
  using namespace step;
  if (auto* x = std::get_if<Wait>(&s.action)) {  // an idle client, on either protocol
    asio::steady_timer idle(ctx_.executor, std::min(case_deadline_ - Clock::now(), Clock::duration(std::chrono::milliseconds(x->ms))));
    co_await idle.async_wait(asio::as_tuple(asio::use_awaitable));
    trace_->log.note(ClientLeg::kLeg, "the client was idle for " + std::to_string(x->ms) + " ms");
    co_return std::nullopt;
  }
  if (is_http2(case_.protocol)) co_return co_await run_h2_step(s);
  const StepAction& a = s.action;
  if (auto* x = std::get_if<Send>(&a)) co_return co_await do_send(s, *x);
  if (auto* x = std::get_if<Connect>(&a)) co_return co_await do_connect(s, *x);
  if (std::holds_alternative<Shutdown>(a)) {
    if (auto err = co_await ensure_connected()) co_return check(s, CheckResult::Grade::failed, "a connection to the proxy", *err);
    client_->shutdown_write();
    co_return std::nullopt;
  }
  if (std::holds_alternative<Close>(a)) {
    if (client_) client_->close();
    co_return std::nullopt;
  }
  if (std::holds_alternative<Reset>(a)) co_return co_await do_reset(s);
  if (std::holds_alternative<Reconnect>(a)) co_return co_await do_reconnect(s);
  if (auto* x = std::get_if<Hold>(&a)) co_return co_await do_hold(s, *x);
  if (auto* x = std::get_if<ExpectBody>(&a)) co_return co_await expect_body(s, *x);
  if (auto* x = std::get_if<TlsHandshake>(&a)) co_return co_await do_tls(s, *x);
  if (auto* x = std::get_if<ExpectStatus>(&a)) co_return co_await expect_status(s, *x);
  if (auto* x = std::get_if<ExpectHeaders>(&a)) co_return co_await expect_headers(s, *x);
  if (auto* x = std::get_if<ExpectTunnel>(&a)) co_return co_await expect_tunnel(s, *x);
  if (auto* x = std::get_if<ExpectData>(&a)) co_return co_await expect_data(s, *x);
  if (std::holds_alternative<ExpectEcho>(a)) co_return co_await expect_echo(s);
  if (auto* x = std::get_if<ExpectEof>(&a)) co_return co_await expect_eof(s, *x);
  if (std::holds_alternative<ExpectClosed>(a)) co_return co_await expect_closed(s);
  if (auto* x = std::get_if<ExpectOrigin>(&a)) co_return co_await expect_origin(s, *x);
  if (auto* x = std::get_if<ExpectUpstream>(&a)) co_return co_await expect_upstream(s, *x);
  co_return std::nullopt;
}

}  // namespace connectspec
