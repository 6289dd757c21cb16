#include "session/run_session.hpp"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>

#include "engine/suite_runner.hpp"
#include "engine/verdict.hpp"
#include "http/base64.hpp"
#include "model/utc_timestamp.hpp"
#include "report/run/console_reporter.hpp"
#include "session/bench_after_cases.hpp"
#include "session/proxy_fleet.hpp"
#include "session/proxy_logs.hpp"
#include "tls/test_certificate.hpp"
#include "tls/tls_contexts.hpp"
#include "upstream/forwarding_upstream.hpp"

namespace connectspec {

namespace {

bool ipv6_loopback_available() {
  try {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("::1"), 0));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::filesystem::path make_work_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "connectspec-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a work directory in " + tmpl);
  return tmpl;
}

}  // namespace

RunOutcome execute_run(const std::vector<const Case*>& cases, const RunOptions& opts, const LoadedTarget& target,
                       const RequirementNotes& notes) {
  RunOutcome outcome;
  asio::io_context io;
  auto cert = make_test_certificate();
  auto tls_server = make_server_context(cert);
  auto tls_client = make_client_context(cert);
  auto work_dir = make_work_dir();
  ForwardingUpstream upstream(io.get_executor());
  std::unique_ptr<ProxyInstances> proxy;
  std::unique_ptr<ProxyInstances> next_proxy;  // --next-proxy: the second proxy of the chain
  auto next_work_dir = target.next ? make_work_dir() : std::filesystem::path();

  RunContext ctx;
  ctx.executor = io.get_executor();
  ctx.timeout_scale = opts.timeout_scale;
  ctx.max_received_bytes = opts.max_response_bytes;
  ctx.strict = opts.strict;
  ctx.ipv6_available = ipv6_loopback_available();
  ctx.tls_server = &tls_server;
  ctx.tls_client = &tls_client;
  ctx.upstream = &upstream;
  ctx.texts = {{"auth.user", target.credentials.user},
               {"auth.password", target.credentials.password},
               {"auth.basic", basic_credentials(target.credentials.user, target.credentials.password)},
               {"auth.base64", basic_token68(target.credentials.user, target.credentials.password)}};

  RunInfo& info = outcome.info;
  info.started_at = utc_now();
  info.harness_version = CONNECTSPEC_VERSION;
  info.strict = opts.strict;
  info.timeout_scale = opts.timeout_scale;
  info.jobs = opts.jobs;
  info.cases_dir = opts.selection.cases_dir;
  if (target.profile) info.profile = target.profile->dir.filename().string();

  ConsoleReporter console(std::cout, color_enabled(STDOUT_FILENO), opts.verbose, notes);
  auto started = Clock::now();
  std::string stopped_by;  // the signal that stopped the run
  // Each case's result as it ends, so an interrupted run still reports the finished ones.
  std::vector<std::optional<CaseResult>> finished(cases.size());
  std::map<const Case*, std::size_t> index_of;
  for (std::size_t i = 0; i < cases.size(); ++i) index_of[cases[i]] = i;
  asio::signal_set signals(io, SIGINT, SIGTERM);

  auto main_flow = [&]() -> asio::awaitable<void> {
    // Not a conditional expression: GCC 12 miscompiles co_await inside one.
    std::string implementation;
    if (target.attach) implementation = "proxy at " + target.attach->authority();
    else implementation = co_await read_implementation_name(io.get_executor(), *target.profile, opts.timeout_scale);
    std::string why;
    std::optional<Endpoint> next_endpoint;
    if (target.next) {
      // The chain's second proxy first, unchanged (its plain variant): the first forwards to it.
      LoadedTarget second;
      second.profile = target.next;
      second.credentials = target.credentials;
      RunOptions plain_opts = opts;
      plain_opts.refproxy_faults.clear();
      std::string next_name = co_await read_implementation_name(io.get_executor(), *target.next, opts.timeout_scale);
      next_proxy = make_proxy_instances(io.get_executor(), plain_opts, second, next_name, next_work_dir, upstream);
      ProxyUnderTest* n = co_await next_proxy->ready(Variant::plain, why);
      if (!n) {
        std::cerr << "connectspec: the next proxy: " << why << "\n";
        outcome.exit_code = kExitProxy;
        co_return;
      }
      next_endpoint = n->endpoint();
      implementation += " -> " + next_name;
    }
    proxy = make_proxy_instances(io.get_executor(), opts, target, implementation, work_dir, upstream, next_endpoint);
    // The plain instance first: a proxy that cannot start at all stops the run before any case.
    ProxyUnderTest* plain = co_await proxy->ready(Variant::plain, why);
    if (!plain) {
      std::cerr << "connectspec: " << why << "\n";
      outcome.exit_code = kExitProxy;
      co_return;
    }
    ctx.proxy = plain->endpoint();
    info.target = ctx.proxy.authority();
    info.implementation = implementation;
    info.capabilities = proxy->capabilities();
    if (!opts.quiet) console.on_start(info, cases.size());
    SuiteSettings suite;
    suite.jobs = opts.jobs;
    suite.confirm = opts.confirm;
    suite.stopping = [&] { return !stopped_by.empty(); };
    // A verdict still to be confirmed is kept (an interrupted run reports it) but printed once settled.
    suite.on_case_done = [&](const CaseResult& r, bool settled) {
      if (!stopped_by.empty()) return;  // ended by the stop, not by the proxy: reported as not run
      finished[index_of.at(r.test)] = r;
      if (settled && !opts.quiet) console.on_case_done(r);
    };
    auto run = co_await run_suite(cases, ctx, *proxy, std::move(suite));
    if (opts.bench && !run.fatal) {
      // The plain instance again: a case may have crashed it, and the bench must not measure a restart.
      ProxyUnderTest* measured = co_await proxy->ready(Variant::plain, why);
      std::optional<BenchResult> bench;
      bench::BenchSettings settings = *opts.bench;
      settings.timeout_scale = opts.timeout_scale;
      if (measured) bench = co_await measure_bench(settings, measured->endpoint(), implementation);
      else std::cerr << "connectspec: bench: " << why << "\n";
      if (bench) info.bench = std::move(*bench);
      else outcome.exit_code = kExitProxy;
    }
    co_await proxy->stop_all();
    if (next_proxy) co_await next_proxy->stop_all();
    upstream.stop();
    outcome.results = std::move(run.results);
    if (run.fatal) {
      std::cerr << "connectspec: " << *run.fatal << "\n";
      outcome.exit_code = kExitProxy;
    } else if (proxy->launch_failed()) {
      std::cerr << "connectspec: a variant of the proxy could not be started (see the cases that errored)\n";
      outcome.exit_code = kExitProxy;
    }
  };
  // However the run ends, the signal wait must go too, or io.run() would never return.
  asio::co_spawn(io, main_flow(), [&](std::exception_ptr e) {
    signals.cancel();
    if (e) std::rethrow_exception(e);
  });

  // The proxy runs in its own process group, so a Ctrl-C reaches only us: stop it before leaving.
  // The first signal stops the proxy and abandons the cases in flight, and the reports are still
  // written; a second one leaves at once.
  std::function<void()> await_signal = [&] {
    signals.async_wait([&](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      const char* name = signo == SIGINT ? "SIGINT" : "SIGTERM";
      if (!stopped_by.empty()) {
        std::cerr << "connectspec: " << name << " again: exiting now, without reports\n";
        // Destroying the instances kills each proxy's process group at once.
        proxy.reset();
        next_proxy.reset();
        std::_Exit(128 + signo);
      }
      stopped_by = name;
      std::cerr << "\nconnectspec: " << name << ": stopping the proxy, then writing the reports of the finished cases"
                << " (send it again to exit at once)\n";
      await_signal();
      asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        if (proxy) co_await proxy->stop_all();
        if (next_proxy) co_await next_proxy->stop_all();
        upstream.stop();
        io.stop();
      }, asio::detached);
    });
  };
  await_signal();
  io.run();
  info.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  std::error_code ec;
  const std::string json = opts.report_path("json");
  if (target.profile && !json.empty()) keep_proxy_logs(work_dir, *target.profile, json);
  if (target.next && !json.empty()) keep_proxy_logs(next_work_dir, *target.next, json, "next-");
  if (outcome.exit_code != kExitProxy && stopped_by.empty()) {
    std::filesystem::remove_all(work_dir, ec);
    if (target.next) std::filesystem::remove_all(next_work_dir, ec);
  }
  if (!stopped_by.empty()) {
    info.interrupted = stopped_by;
    if (info.implementation.empty()) info.implementation = target_name(target);
    outcome.results.clear();
    for (std::size_t i = 0; i < cases.size(); ++i)
      outcome.results.push_back(finished[i] ? std::move(*finished[i]) : interrupted(*cases[i], stopped_by));
    if (!opts.quiet) console.on_finish(info, outcome.results);
    outcome.exit_code = stopped_by == "SIGINT" ? 128 + SIGINT : 128 + SIGTERM;
    return outcome;
  }
  if (outcome.exit_code == kExitProxy && outcome.results.empty()) return outcome;

  if (!opts.quiet) console.on_finish(info, outcome.results);
  Summary s = summarize(outcome.results);
  if (outcome.exit_code == kExitPass && (s.failed > 0 || s.errored > 0)) outcome.exit_code = kExitFail;
  return outcome;
}

}  // namespace connectspec
