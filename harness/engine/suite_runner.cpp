#include "engine/suite_runner.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "engine/case_runner.hpp"

namespace connectspec {

namespace {

constexpr std::size_t kLogTailBytes = 4000;

struct Shared {
  const std::vector<const Case*>& cases;
  RunContext ctx;
  ProxyInstances& proxy;
  std::function<void(const CaseResult&)> on_done;
  SuiteRun run;
  std::size_t next = 0;
  int workers_left = 0;
  Notifier finished;
};

CaseResult not_run(const Case& c, const std::string& why) {
  CaseResult r;
  r.test = &c;
  r.outcome = Outcome::error;
  r.reason = why;
  return r;
}

CaseResult skipped(const Case& c, const std::string& why) {
  CaseResult r = not_run(c, why);
  r.outcome = Outcome::skip;
  return r;
}

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

asio::awaitable<CaseResult> run_on_instance(Shared& s, const Case& c) {
  Variant v = variant_of(c);
  std::string why;
  ProxyUnderTest* instance = co_await s.proxy.ready(v, why);
  if (!instance) {
    if (v == Variant::plain) s.run.fatal = "the proxy under test could not be (re)started: " + why;
    co_return not_run(c, v == Variant::plain ? *s.run.fatal : "could not start the proxy: " + why);
  }
  RunContext ctx = s.ctx;
  ctx.proxy = instance->endpoint();
  int generation = instance->generation();
  CaseResult r = co_await run_case(c, ctx);
  r.proxy_instance = std::string(to_string(v)) + "#" + std::to_string(generation);
  // A crash is the proxy's failure, whatever the steps saw; generation catches a restart
  // made by another worker while this case ran.
  if (!instance->alive() || instance->generation() != generation) {
    r.outcome = Outcome::fail;
    r.reason = "the proxy under test died during the case (" + instance->exit_description() + ")" +
               (r.reason.empty() ? "" : "; " + r.reason);
  }
  if (r.outcome == Outcome::fail || r.outcome == Outcome::error) r.proxy_log_tail = instance->log_tail(kLogTailBytes);
  co_return r;
}

asio::awaitable<void> worker(Shared& s) {
  while (s.next < s.cases.size() && !s.run.fatal) {
    std::size_t index = s.next++;
    const Case& c = *s.cases[index];
    CaseResult r;
    if (auto missing = missing_capability(c, s.proxy)) r = skipped(c, *missing);
    else r = co_await run_on_instance(s, c);
    s.on_done(r);
    s.run.results[index] = std::move(r);
  }
  if (--s.workers_left == 0) s.finished.notify_all();
}

}  // namespace

asio::awaitable<SuiteRun> run_suite(const std::vector<const Case*>& cases, RunContext ctx, ProxyInstances& proxy,
                                    int jobs, std::function<void(const CaseResult&)> on_case_done) {
  Shared s{cases, ctx, proxy, std::move(on_case_done), {}, 0, 0, Notifier(ctx.executor)};
  s.run.results.resize(cases.size());
  s.workers_left = std::max(1, std::min<int>(jobs, static_cast<int>(cases.size())));
  if (cases.empty()) co_return std::move(s.run);
  int n = s.workers_left;
  for (int i = 0; i < n; ++i) asio::co_spawn(ctx.executor, worker(s), asio::detached);
  // Every case is bounded by its own deadline, so the workers finish; wait for them here.
  while (s.workers_left > 0) co_await s.finished.wait(Clock::now() + std::chrono::seconds(1));
  for (std::size_t i = 0; i < cases.size(); ++i)
    if (!s.run.results[i].test) s.run.results[i] = not_run(*cases[i], "not run: " + s.run.fatal.value_or("stopped"));
  co_return std::move(s.run);
}

}  // namespace connectspec
