#include "session/run_session.hpp"
#include "session/recorded_options.hpp"

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
#include "origins/loopback_address.hpp"

namespace connectspec {

namespace {

std::filesystem::path make_work_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "connectspec-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a work directory in " + tmpl);
  return tmpl;
}

// One run: what it was given, what it made (in the order it must be torn down: the instances
// before the upstream and the io_context), and what it has found so far.
class RunSession {
 public:
  RunSession(const std::vector<const Case*>& cases, const RunOptions& opts, const LoadedTarget& target,
             const RequirementNotes& notes)
      : cases_(cases),
        opts_(opts),
        target_(target),
        cert_(make_test_certificate()),
        tls_server_(make_server_context(cert_)),
        tls_client_(make_client_context(cert_)),
        work_dir_(make_work_dir()),
        next_work_dir_(target.next ? make_work_dir() : std::filesystem::path()),
        upstream_(io_.get_executor()),
        signals_(io_, SIGINT, SIGTERM),
        console_(std::cout, color_enabled(STDOUT_FILENO), opts.verbose, notes),
        finished_(cases.size()) {
    for (std::size_t i = 0; i < cases_.size(); ++i) index_of_[cases_[i]] = i;
    console_.show_slowest(opts.slowest);
  }

  RunOutcome run() {
    ctx_ = make_context();
    describe_run();
    const auto started = Clock::now();
    // However the run ends, the signal wait must go too, or io.run() would never return.
    asio::co_spawn(io_, main_flow(), [&](std::exception_ptr e) {
      signals_.cancel();
      if (e) std::rethrow_exception(e);
    });
    await_signal();
    io_.run();
    outcome_.info.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    keep_work_dirs();
    return finish();
  }

 private:
  RunContext make_context() {
    RunContext ctx;
    ctx.executor = io_.get_executor();
    ctx.timeout_scale = opts_.timeout_scale;
    ctx.max_received_bytes = opts_.max_response_bytes;
    ctx.strict = opts_.strict;
    ctx.ipv6_available = ipv6_loopback_available();
    ctx.tls_server = &tls_server_;
    ctx.tls_client = &tls_client_;
    ctx.upstream = &upstream_;
    ctx.protocol = target_.protocol;
    const Credentials& c = target_.credentials;
    ctx.texts = {{"auth.user", c.user},
                 {"auth.password", c.password},
                 {"auth.basic", basic_credentials(c.user, c.password)},
                 {"auth.base64", basic_token68(c.user, c.password)}};
    return ctx;
  }

  void describe_run() {
    RunInfo& info = outcome_.info;
    info.started_at = utc_now();
    info.harness_version = CONNECTSPEC_VERSION;
    info.strict = opts_.strict;
    info.timeout_scale = opts_.timeout_scale;
    info.jobs = opts_.jobs;
    info.cases_dir = opts_.selection.cases_dir;
    if (target_.profile) info.profile = target_.profile->dir.filename().string();
    info.protocol = target_.protocol;
    info.options = recorded_options(opts_);
    info.network = target_.network;
  }

  asio::awaitable<void> main_flow() {
    // Not a conditional expression: GCC 12 miscompiles co_await inside one.
    std::string implementation;
    if (target_.attach) implementation = "proxy at " + target_.attach->authority();
    else implementation = co_await read_implementation_name(io_.get_executor(), *target_.profile, opts_.timeout_scale);
    std::optional<Endpoint> next_endpoint;
    if (target_.next) {
      next_endpoint = co_await start_next_proxy(implementation);
      if (!next_endpoint) co_return;
    }
    std::string why;
    proxy_ = make_proxy_instances(io_.get_executor(), opts_, target_, implementation, work_dir_, upstream_, next_endpoint,
                                  FleetTls{&cert_, &tls_client_});
    // The plain instance first: a proxy that cannot start at all stops the run before any case.
    ProxyUnderTest* plain = co_await proxy_->ready(Variant::plain, why);
    if (!plain) {
      std::cerr << "connectspec: " << why << "\n";
      outcome_.exit_code = kExitProxy;
      outcome_.info.not_started = why;
      outcome_.info.implementation = implementation;
      if (target_.attach) outcome_.info.target = target_.attach->authority();
      co_return;
    }
    ctx_.proxy = plain->endpoint();
    RunInfo& info = outcome_.info;
    info.target = ctx_.proxy.authority();
    info.implementation = implementation;
    info.capabilities = proxy_->capabilities();
    if (!opts_.quiet) console_.on_start(info, cases_.size());
    auto run = co_await run_suite(cases_, ctx_, *proxy_, suite_settings());
    if (opts_.bench && !run.fatal) co_await bench(implementation);
    co_await stop_proxies();
    outcome_.results = std::move(run.results);
    if (run.fatal) {
      std::cerr << "connectspec: " << *run.fatal << "\n";
      outcome_.exit_code = kExitProxy;
    } else if (proxy_->launch_failed()) {
      std::cerr << "connectspec: a variant of the proxy could not be started (see the cases that errored)\n";
      outcome_.exit_code = kExitProxy;
    }
  }

  // --next-proxy: the chain's second proxy first, unchanged (its plain variant), since the first
  // forwards to it. Its endpoint, or nothing when it cannot start (said, exit 3).
  asio::awaitable<std::optional<Endpoint>> start_next_proxy(std::string& implementation) {
    LoadedTarget second;
    second.profile = target_.next;
    second.credentials = target_.credentials;
    RunOptions plain_opts = opts_;
    plain_opts.refproxy_faults.clear();
    std::string next_name = co_await read_implementation_name(io_.get_executor(), *target_.next, opts_.timeout_scale);
    next_proxy_ = make_proxy_instances(io_.get_executor(), plain_opts, second, next_name, next_work_dir_, upstream_, std::nullopt,
                                       FleetTls{&cert_, &tls_client_});
    std::string why;
    ProxyUnderTest* n = co_await next_proxy_->ready(Variant::plain, why);
    if (!n) {
      std::cerr << "connectspec: the next proxy: " << why << "\n";
      outcome_.exit_code = kExitProxy;
      outcome_.info.not_started = "the next proxy: " + why;
      outcome_.info.implementation = implementation + " -> " + next_name;
      co_return std::nullopt;
    }
    implementation += " -> " + next_name;
    co_return n->endpoint();
  }

  SuiteSettings suite_settings() {
    SuiteSettings suite;
    suite.jobs = opts_.jobs;
    suite.confirm = opts_.confirm;
    suite.stopping = [this] { return !stopped_by_.empty(); };
    // A verdict still to be confirmed is kept (an interrupted run reports it) but printed once settled.
    suite.on_case_done = [this](const CaseResult& r, bool settled) {
      if (!stopped_by_.empty()) return;  // ended by the stop, not by the proxy: reported as not run
      finished_[index_of_.at(r.test)] = r;
      if (settled && !opts_.quiet) console_.on_case_done(r);
    };
    return suite;
  }

  // The plain instance again: a case may have crashed it, and the bench must not measure a restart.
  asio::awaitable<void> bench(const std::string& implementation) {
    std::string why;
    ProxyUnderTest* measured = co_await proxy_->ready(Variant::plain, why);
    std::optional<BenchResult> result;
    bench::BenchSettings settings = *opts_.bench;
    settings.timeout_scale = opts_.timeout_scale;
    if (measured)
      result = co_await measure_bench(settings, measured->endpoint(), implementation, target_.protocol, &tls_client_);
    else std::cerr << "connectspec: bench: " << why << "\n";
    if (result) outcome_.info.bench = std::move(*result);
    else outcome_.exit_code = kExitProxy;
  }

  asio::awaitable<void> stop_proxies() {
    if (proxy_) co_await proxy_->stop_all();
    if (next_proxy_) co_await next_proxy_->stop_all();
    upstream_.stop();
  }

  // The proxy runs in its own process group, so a Ctrl-C reaches only us: stop it before leaving.
  // The first signal stops the proxy and abandons the cases in flight, and the reports are still
  // written; a second one leaves at once.
  void await_signal() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      const char* name = signo == SIGINT ? "SIGINT" : "SIGTERM";
      if (!stopped_by_.empty()) {
        std::cerr << "connectspec: " << name << " again: exiting now, without reports\n";
        // Destroying the instances kills each proxy's process group at once.
        proxy_.reset();
        next_proxy_.reset();
        std::_Exit(128 + signo);
      }
      stopped_by_ = name;
      std::cerr << "\nconnectspec: " << name << ": stopping the proxy, then writing the reports of the finished cases"
                << " (send it again to exit at once)\n";
      await_signal();
      asio::co_spawn(io_, [this]() -> asio::awaitable<void> {
        co_await stop_proxies();
        io_.stop();
      }, asio::detached);
    });
  }

  // The proxies' logs beside the JSON report; the work directories removed unless a failure to
  // start or an interruption leaves them to be read.
  void keep_work_dirs() {
    const std::string json = opts_.report_path("json");
    if (target_.profile && !json.empty()) keep_proxy_logs(work_dir_, *target_.profile, json);
    if (target_.next && !json.empty()) keep_proxy_logs(next_work_dir_, *target_.next, json, "next-");
    if (outcome_.exit_code != kExitProxy && stopped_by_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(work_dir_, ec);
      if (target_.next) std::filesystem::remove_all(next_work_dir_, ec);
    }
  }

  RunOutcome finish() {
    RunInfo& info = outcome_.info;
    if (!stopped_by_.empty()) {
      info.interrupted = stopped_by_;
      if (info.implementation.empty()) info.implementation = target_name(target_);
      outcome_.results.clear();
      for (std::size_t i = 0; i < cases_.size(); ++i)
        outcome_.results.push_back(finished_[i] ? std::move(*finished_[i]) : interrupted(*cases_[i], stopped_by_));
      if (!opts_.quiet) console_.on_finish(info, outcome_.results);
      outcome_.exit_code = stopped_by_ == "SIGINT" ? 128 + SIGINT : 128 + SIGTERM;
      return std::move(outcome_);
    }
    if (outcome_.exit_code == kExitProxy && outcome_.results.empty()) {
      // Not started: the reports a CI job asked for still appear, every case errored as not run.
      if (!info.not_started.empty())
        for (const Case* c : cases_) outcome_.results.push_back(not_run(*c, "not run: " + info.not_started));
      return std::move(outcome_);
    }
    if (!opts_.quiet) console_.on_finish(info, outcome_.results);
    Summary s = summarize(outcome_.results);
    if (outcome_.exit_code == kExitPass && (s.failed > 0 || s.errored > 0)) outcome_.exit_code = kExitFail;
    return std::move(outcome_);
  }

  const std::vector<const Case*>& cases_;
  const RunOptions& opts_;
  const LoadedTarget& target_;
  asio::io_context io_;
  TestCertificate cert_;
  asio::ssl::context tls_server_, tls_client_;
  std::filesystem::path work_dir_, next_work_dir_;
  ForwardingUpstream upstream_;
  std::unique_ptr<ProxyInstances> proxy_;
  std::unique_ptr<ProxyInstances> next_proxy_;  // --next-proxy: the second proxy of the chain
  asio::signal_set signals_;
  ConsoleReporter console_;
  RunContext ctx_;
  RunOutcome outcome_;
  std::string stopped_by_;  // the signal that stopped the run
  // Each case's result as it ends, so an interrupted run still reports the finished ones.
  std::vector<std::optional<CaseResult>> finished_;
  std::map<const Case*, std::size_t> index_of_;
};

}  // namespace

RunOutcome execute_run(const std::vector<const Case*>& cases, const RunOptions& opts, const LoadedTarget& target,
                       const RequirementNotes& notes) {
  RunSession session(cases, opts, target, notes);
  return session.run();
}

}  // namespace connectspec
