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
  ProxyUnderTest& proxy;
  std::function<void(const CaseResult&)> on_done;
  SuiteRun run;
  std::size_t next = 0;
  int workers_left = 0;
  bool restarting = false;
  Notifier finished;
};

CaseResult not_run(const Case& c, const std::string& why) {
  CaseResult r;
  r.test = &c;
  r.outcome = Outcome::error;
  r.reason = why;
  return r;
}

// Restarts a crashed proxy once, even when several workers notice the crash together.
asio::awaitable<std::optional<std::string>> proxy_ready(Shared& s) {
  while (s.restarting) co_await s.finished.wait(Clock::now() + std::chrono::milliseconds(50));
  if (s.proxy.alive()) co_return std::nullopt;
  s.restarting = true;
  auto err = co_await s.proxy.ensure_running();
  s.restarting = false;
  s.finished.notify_all();
  co_return err;
}

asio::awaitable<void> worker(Shared& s) {
  while (s.next < s.cases.size() && !s.run.fatal) {
    std::size_t index = s.next++;
    const Case& c = *s.cases[index];
    CaseResult r;
    if (auto err = co_await proxy_ready(s)) {
      s.run.fatal = "the proxy under test could not be restarted: " + *err;
      r = not_run(c, *s.run.fatal);
    } else {
      int generation = s.proxy.generation();
      r = co_await run_case(c, s.ctx);
      // A crash is the proxy's failure, whatever the steps saw; generation catches a restart
      // made by another worker while this case ran.
      if (!s.proxy.alive() || s.proxy.generation() != generation) {
        r.outcome = Outcome::fail;
        r.reason = "the proxy under test died during the case (" + s.proxy.exit_description() + ")" +
                   (r.reason.empty() ? "" : "; " + r.reason);
      }
      if (r.outcome == Outcome::fail || r.outcome == Outcome::error) r.proxy_log_tail = s.proxy.log_tail(kLogTailBytes);
    }
    s.on_done(r);
    s.run.results[index] = std::move(r);
  }
  if (--s.workers_left == 0) s.finished.notify_all();
}

}  // namespace

asio::awaitable<SuiteRun> run_suite(const std::vector<const Case*>& cases, RunContext ctx, ProxyUnderTest& proxy,
                                    int jobs, std::function<void(const CaseResult&)> on_case_done) {
  Shared s{cases, ctx, proxy, std::move(on_case_done), {}, 0, 0, false, Notifier(ctx.executor)};
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
