#include "engine/suite_runner.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <algorithm>
#include <map>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "engine/case_runner.hpp"
#include "engine/verdict.hpp"

namespace connectspec {

namespace {

constexpr std::size_t kLogTailBytes = 4000;
constexpr int kExitSettleMs = 200;
// A case that passes because the proxy closed on it (a refusal) may have seen it crash instead:
// those wait this long for an exit to show, which costs passing runs little.
constexpr int kClosedPassSettleMs = 50;
// --confirm's re-runs may always take this long, however quick the first runs were.
constexpr int kConfirmFloorMs = 5000;
// ... and never longer than this: a run that waited out a proxy's minute-long timer has not earned
// half a minute of re-runs.
constexpr int kConfirmCeilingMs = 10000;

// The state of one suite run, shared by its workers (coroutines on one thread, so no locks).
struct SuiteState {
  SuiteState(const std::vector<const Case*>& cases, RunContext ctx, ProxyInstances& proxy, SuiteSettings settings)
      : cases(cases), ctx(std::move(ctx)), proxy(proxy), settings(std::move(settings)), finished(this->ctx.executor) {}

  const std::vector<const Case*>& cases;
  RunContext ctx;
  ProxyInstances& proxy;
  SuiteSettings settings;
  Lane lane = Lane::shared;  // the instances this state's cases run on
  SuiteRun run;
  bool parallel = false;
  std::vector<std::size_t> died_in_parallel;  // cases during which some instance died
  std::vector<std::size_t> exclusive;         // cases that run alone, after the parallel pass
  std::vector<std::size_t> to_confirm;        // cases that failed or warned: run again alone
  Clock::duration rerun_time{};               // spent on --confirm's re-runs so far
  bool rerun_any = false;
  std::map<Variant, int> last_generation;  // per variant: the instance the latest case started on
  std::vector<std::size_t> order;  // the cases of the pass the workers are in, in id order
  std::size_t next = 0;
  int jobs = 1;
  int workers_left = 0;
  Notifier finished;
};

// The variant a case runs against: the one its required capability calls for, else plain.
Variant variant_of(const Case& c) {
  for (const auto& need : c.needs)
    if (auto v = variant_for(need)) return *v;
  return Variant::plain;
}

std::optional<std::string> missing_capability(const Case& c, const ProxyInstances& proxy) {
  for (const auto& need : c.needs)
    if (!proxy.has_capability(need))
      return "needs the capability '" + need + "', which " + proxy.implementation() + " does not declare";
  return std::nullopt;
}

bool proxy_closed_client(const CaseResult& r) {
  return std::any_of(r.transcript.begin(), r.transcript.end(), [](const WireEvent& e) {
    return e.from_proxy && e.leg == "client" && (e.kind == WireEvent::Kind::eof || e.kind == WireEvent::Kind::reset);
  });
}

// A case's result as it ends: kept, and reported; a verdict to be confirmed is reported as not
// settled, and again once confirm_verdicts has re-run it. A crash blamed by two runs alone
// (rerun_alone) is confirmed already.
void finish(SuiteState& s, std::size_t index, CaseResult r, bool confirmed = false) {
  bool later = s.settings.confirm > 0 && !confirmed && needs_confirmation(r);
  if (later) s.to_confirm.push_back(index);
  if (s.settings.on_case_done) s.settings.on_case_done(r, !later);
  s.run.results[index] = std::move(r);
}

bool stopping(const SuiteState& s) { return s.run.fatal || (s.settings.stopping && s.settings.stopping()); }

// `first_on_instance`: no case had started on this instance (this generation of the process)
// before this one.
asio::awaitable<CaseResult> run_on_instance(SuiteState& s, const Case& c, bool& died, bool* first_on_instance = nullptr) {
  Variant v = variant_of(c);
  std::string why;
  ProxyUnderTest* instance = co_await s.proxy.ready(v, why, s.lane);
  if (!instance) {
    if (v == Variant::plain) s.run.fatal = "the proxy under test could not be (re)started: " + why;
    co_return not_run(c, v == Variant::plain ? *s.run.fatal : "could not start the proxy: " + why);
  }
  RunContext ctx = s.ctx;
  ctx.proxy = instance->endpoint();
  int generation = instance->generation();
  auto [last, inserted] = s.last_generation.try_emplace(v, generation);
  if (first_on_instance) *first_on_instance = inserted || last->second != generation;
  last->second = generation;
  const auto log_mark = instance->log_mark();
  CaseResult r = co_await run_case(c, ctx);
  r.proxy_instance = std::string(to_string(v)) + std::string(lane_suffix(s.lane)) + "#" + std::to_string(generation);
  // A crash is the proxy's failure, whatever the steps saw; generation catches a restart
  // made by another worker while this case ran. A dying proxy resets its connections before it
  // has exited, so a case that did not pass, or passed on a close, waits a moment for the exit to show.
  auto gone = [&] { return !instance->alive() || instance->generation() != generation; };
  std::chrono::milliseconds settle{0};
  if (r.outcome != Outcome::pass && r.outcome != Outcome::skip) settle = s.ctx.scaled(kExitSettleMs);
  else if (r.outcome == Outcome::pass && proxy_closed_client(r))
    settle = std::max(std::chrono::milliseconds(kClosedPassSettleMs), s.ctx.scaled(kClosedPassSettleMs));
  if (!gone() && settle.count() > 0) {
    auto until = Clock::now() + settle;
    while (!gone() && Clock::now() < until) {
      asio::steady_timer tick(s.ctx.executor, std::chrono::milliseconds(10));
      co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
  died = gone();
  if (died) proxy_died(r, instance->exit_description());
  if (r.outcome == Outcome::fail || r.outcome == Outcome::error) r.proxy_log_tail = instance->log_since(log_mark, kLogTailBytes);
  co_return r;
}

asio::awaitable<void> worker(SuiteState& s) {
  while (s.next < s.order.size() && !s.run.fatal) {
    std::size_t index = s.order[s.next++];
    const Case& c = *s.cases[index];
    // At every --jobs, 1 included: a stress case can leave the proxy busy long after it ends
    // (Traffic Server parses 1000 fields for tens of seconds on one of its threads), so where it
    // runs must not depend on --jobs, or neither would the verdicts of the cases after it.
    if (c.exclusive) {
      s.exclusive.push_back(index);
      continue;
    }
    CaseResult r;
    bool died = false;
    if (auto missing = missing_capability(c, s.proxy)) r = skipped(c, *missing);
    else r = co_await run_on_instance(s, c, died);
    // With cases in parallel, a crash caused by one case fails every case running beside it:
    // those are run again, alone, after the parallel pass, and only that verdict counts.
    if (died && s.parallel) {
      s.died_in_parallel.push_back(index);
      continue;
    }
    finish(s, index, std::move(r));
  }
  if (--s.workers_left == 0) s.finished.notify_all();
}

// Plays `indices` on up to `jobs` workers; returns when every one has ended (each case is bounded
// by its own deadline, so they do).
asio::awaitable<void> run_pass(SuiteState& s, std::vector<std::size_t> indices) {
  if (indices.empty() || s.run.fatal) co_return;
  s.order = std::move(indices);
  s.next = 0;
  s.workers_left = std::min<int>(s.jobs, static_cast<int>(s.order.size()));
  for (int i = 0, n = s.workers_left; i < n; ++i) asio::co_spawn(s.ctx.executor, worker(s), asio::detached);
  while (s.workers_left > 0) co_await s.finished.wait(Clock::now() + std::chrono::seconds(1));
}

// The cases that wait out a proxy timer and ran beside a crash: run again side by side, among
// themselves only, once (alone, each would take a timer's length). Those beside a crash again
// are then run alone, like the others.
asio::awaitable<void> rerun_slow_together(SuiteState& s) {
  std::vector<std::size_t> slow;
  std::erase_if(s.died_in_parallel, [&](std::size_t i) {
    if (!s.cases[i]->waits_on_proxy_timer()) return false;
    slow.push_back(i);
    return true;
  });
  if (slow.size() < 2) {
    s.died_in_parallel.insert(s.died_in_parallel.end(), slow.begin(), slow.end());
    co_return;
  }
  std::sort(slow.begin(), slow.end());
  co_await run_pass(s, std::move(slow));
}

asio::awaitable<void> rerun_alone(SuiteState& s) {
  std::sort(s.died_in_parallel.begin(), s.died_in_parallel.end());
  for (std::size_t index : s.died_in_parallel) {
    if (s.run.fatal) break;
    bool died = false;
    bool fresh = false;
    int runs = 0;
    CaseResult r;
    // A proxy may die a moment after the case that killed it has ended, during the next one. So a
    // case is blamed when the proxy dies while it runs alone on an instance no case ran on before
    // (restarted after the previous death), or during both of two runs alone; each run starts
    // after a short settling pause. The second run, if any, is on a fresh instance.
    for (int attempt = 0; attempt < 2 && !s.run.fatal; ++attempt) {
      asio::steady_timer settle(s.ctx.executor, s.ctx.scaled(100));
      co_await settle.async_wait(asio::as_tuple(asio::use_awaitable));
      r = co_await run_on_instance(s, *s.cases[index], died, &fresh);
      ++runs;
      if (!died || fresh) break;
    }
    if (died)
      r.reason += runs == 1 ? " (run alone on a freshly started proxy, after the proxy died while cases ran in parallel)"
                            : " (run alone, twice, after the proxy died while cases ran in parallel)";
    finish(s, index, std::move(r), died);
  }
}

// Cases that stress the proxy (thousands of fields, hundreds of held connections) run one at a
// time: a proxy that stalls under them must fail them, not the unrelated cases beside them.
asio::awaitable<void> run_exclusive(SuiteState& s) {
  std::sort(s.exclusive.begin(), s.exclusive.end());
  // Held connections leave work in the proxy after the case (dials pending until its connect
  // timeout), which would fill a connection limit for the next case: those cases go last.
  auto holds = [&](std::size_t i) {
    const auto& steps = s.cases[i]->steps;
    return std::any_of(steps.begin(), steps.end(), [](const Step& st) { return std::holds_alternative<step::Hold>(st.action); });
  };
  std::stable_partition(s.exclusive.begin(), s.exclusive.end(), [&](std::size_t i) { return !holds(i); });
  for (std::size_t index : s.exclusive) {
    if (s.run.fatal) break;
    const Case& c = *s.cases[index];
    bool died = false;
    CaseResult r;
    if (auto missing = missing_capability(c, s.proxy)) r = skipped(c, *missing);
    else r = co_await run_on_instance(s, c, died);
    finish(s, index, std::move(r));
  }
}

// --confirm: each case of `to_confirm` (it failed or warned), run again alone up to `confirm`
// times, with nothing beside it, on an instance of the same variant. Called after the parallel
// pass for its cases, and after the stress cases for theirs, so that no re-run meets what a stress
// case left in the proxy. Each run is bounded by the case's own deadline; the first verdict that
// differs ends the re-runs (the case is then unstable). Cheap: all re-runs together take about half
// as long as the first runs did, between 5 s and 10 s (`budget`; the first re-run always happens), the
// cases left keep their first verdict; and nothing is re-run once the run is being stopped.
asio::awaitable<void> confirm_verdicts(SuiteState& s, Clock::duration budget) {
  std::vector<std::size_t> indices = std::exchange(s.to_confirm, {});
  std::sort(indices.begin(), indices.end());
  for (std::size_t index : indices) {
    CaseResult& first = s.run.results[index];
    std::vector<Outcome> reruns;
    for (int attempt = 0; attempt < s.settings.confirm && !stopping(s); ++attempt) {
      if (s.rerun_any && s.rerun_time >= budget) break;
      s.rerun_any = true;
      const auto rerun_started = Clock::now();
      asio::steady_timer settle(s.ctx.executor, s.ctx.scaled(100));
      co_await settle.async_wait(asio::as_tuple(asio::use_awaitable));
      if (stopping(s)) break;
      bool died = false;
      CaseResult again = co_await run_on_instance(s, *s.cases[index], died);
      s.rerun_time += Clock::now() - rerun_started;
      if (stopping(s)) break;  // stopped during the re-run: its verdict is the stop's, not the proxy's
      reruns.push_back(again.outcome);
      if (!is_verdict(again.outcome) || again.outcome != first.outcome) break;
    }
    apply_reruns(first, reruns);
    if (s.settings.on_case_done) s.settings.on_case_done(first, true);
  }
}

// One track of the suite: `order` played `jobs` at a time, the re-runs after a crash, the
// confirmations, then the exclusive cases alone and their confirmations.
asio::awaitable<void> run_track(SuiteState& s, std::vector<std::size_t> order) {
  if (order.empty()) co_return;
  auto started = Clock::now();
  s.parallel = std::min<std::size_t>(static_cast<std::size_t>(s.jobs), order.size()) > 1;
  co_await run_pass(s, std::move(order));
  co_await rerun_slow_together(s);
  co_await rerun_alone(s);
  // Re-runs may take half the first runs' time, at least 5 s and at most 10 s (scaled).
  auto budget = [&](Clock::duration first_runs) {
    return std::clamp<Clock::duration>(first_runs / 2, s.ctx.scaled(kConfirmFloorMs), s.ctx.scaled(kConfirmCeilingMs));
  };
  Clock::duration first_runs = Clock::now() - started;
  co_await confirm_verdicts(s, budget(first_runs));
  started = Clock::now();
  co_await run_exclusive(s);
  first_runs += Clock::now() - started;
  co_await confirm_verdicts(s, budget(first_runs));
}

asio::awaitable<void> run_track_and_signal(SuiteState& s, std::vector<std::size_t> order, bool& done, Notifier& n) {
  co_await run_track(s, std::move(order));
  done = true;
  n.notify_all();
}

}  // namespace

asio::awaitable<SuiteRun> run_suite(const std::vector<const Case*>& cases, RunContext ctx, ProxyInstances& proxy,
                                    SuiteSettings settings) {
  const int jobs = std::max(1, settings.jobs);
  SuiteState s(cases, ctx, proxy, settings);
  s.run.results.resize(cases.size());
  s.jobs = jobs;
  if (cases.empty()) co_return std::move(s.run);
  // A case that waits out a proxy's connect or read timeout takes as long as that timer, where the
  // others take milliseconds: started first, it overlaps them instead of ending the run alone.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < cases.size(); ++i) order.push_back(i);
  std::stable_partition(order.begin(), order.end(), [&](std::size_t i) { return cases[i]->waits_on_proxy_timer(); });
  // A launched proxy: those cases run on instances of their own (Lane::slow), a track beside the
  // others', so that their tens of seconds of waiting overlap the exclusive cases and the re-runs
  // too, which need the shared instances to themselves. Not with --jobs 1 (nothing runs beside
  // anything), nor for an attached proxy (one process: the lanes would share it).
  std::vector<std::size_t> slow;
  if (jobs > 1 && proxy.separate_lanes()) {
    auto on_slow_lane = [&](std::size_t i) { return cases[i]->waits_on_proxy_timer() && !cases[i]->exclusive; };
    std::copy_if(order.begin(), order.end(), std::back_inserter(slow), on_slow_lane);
    std::erase_if(order, on_slow_lane);
  }
  if (slow.empty() || order.empty()) {
    order.insert(order.begin(), slow.begin(), slow.end());
    co_await run_track(s, std::move(order));
  } else {
    SuiteState aside(cases, ctx, proxy, std::move(settings));
    aside.run.results.resize(cases.size());
    aside.jobs = jobs;
    aside.lane = Lane::slow;
    bool aside_done = false;
    Notifier track_done(ctx.executor);
    asio::co_spawn(ctx.executor, run_track_and_signal(aside, slow, aside_done, track_done), asio::detached);
    co_await run_track(s, std::move(order));
    // Bounded: every case of the slow track ends by its own deadline.
    while (!aside_done) co_await track_done.wait(Clock::now() + std::chrono::seconds(1));
    for (std::size_t i : slow) s.run.results[i] = std::move(aside.run.results[i]);
    if (!s.run.fatal) s.run.fatal = aside.run.fatal;
  }
  for (std::size_t i = 0; i < cases.size(); ++i)
    if (!s.run.results[i].test) s.run.results[i] = not_run(*cases[i], "not run: " + s.run.fatal.value_or("stopped"));
  co_return std::move(s.run);
}

}  // namespace connectspec
