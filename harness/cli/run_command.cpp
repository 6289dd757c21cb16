#include "cli/run_command.hpp"
#include "cli/open_fds.hpp"
#include "cli/output_file.hpp"
#include <algorithm>

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <random>
#include <fstream>
#include <cstdlib>
#include <functional>
#include <map>
#include <iostream>

#include "bench/file_limit.hpp"
#include "bench/origin_process.hpp"
#include "bench/run_bench.hpp"
#include "engine/suite_runner.hpp"
#include "expect/expected_verdicts.hpp"
#include "http/base64.hpp"
#include "launch/connect_probe.hpp"
#include "launch/launched_proxy.hpp"
#include "launch/profile_launch.hpp"
#include "launch/shared_proxy.hpp"
#include "model/utc_timestamp.hpp"
#include "profile/profile_loader.hpp"
#include "net/endpoint.hpp"
#include "report/bench/bench_console.hpp"
#include "report/run/console_reporter.hpp"
#include "report/run/html_report.hpp"
#include "report/run/json_report.hpp"
#include "report/run/junit_report.hpp"
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

// A password no proxy can have built in, made fresh for every run.
std::string fresh_password() {
  static const char kChars[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::random_device rd;
  std::string p = "cs-";
  for (int i = 0; i < 16; ++i) p += kChars[rd() % (sizeof kChars - 1)];
  return p;
}

}  // namespace

std::variant<LoadedTarget, int> load_target(const RunOptions& opts) {
  LoadedTarget t;
  if (!opts.proxy.empty()) {
    std::string err;
    auto ep = parse_host_port(opts.proxy, err);
    if (ep) err = refuse_host(ep->host, opts.allow_non_loopback);
    if (!err.empty()) {
      std::cerr << "connectspec: --proxy " << opts.proxy << ": " << err << "\n";
      return kExitUsage;
    }
    if (ep->host == "localhost") ep->host = "127.0.0.1";
    t.attach = *ep;
    for (const auto& c : opts.capabilities) {
      if (!is_capability(c)) {
        std::cerr << "connectspec: --capability " << c << ": unknown (basic-auth, port-policy, http2)\n";
        return kExitUsage;
      }
      if (c == "upstream") {
        std::cerr << "connectspec: --capability upstream: only a launched proxy (--profile) can be given an upstream\n";
        return kExitUsage;
      }
    }
    if (!opts.credentials.empty()) {
      auto colon = opts.credentials.find(':');
      if (colon == std::string::npos || colon == 0) {
        std::cerr << "connectspec: --credentials " << opts.credentials << ": must be USER:PASSWORD\n";
        return kExitUsage;
      }
      t.credentials.user = opts.credentials.substr(0, colon);
      t.credentials.password = opts.credentials.substr(colon + 1);
    }
    return t;
  }
  std::string name = opts.profile.empty() ? "refproxy" : opts.profile;
  std::string why;
  auto dir = resolve_profile(name, opts.profiles_dir.empty() ? default_profiles_dir() : std::filesystem::path(opts.profiles_dir), why);
  if (!dir) {
    std::cerr << "connectspec: --profile " << name << ": " << why << "\n";
    return kExitUsage;
  }
  Diagnostics problems;
  t.profile = load_profile(*dir, problems);
  if (!problems.empty()) {
    for (const auto& d : problems) std::cerr << d.str() << "\n";
    std::cerr << "connectspec: the profile has " << problems.size() << " problem(s)\n";
    return kExitUsage;
  }
  bool is_refproxy = dir->filename() == "refproxy";
  if (!is_refproxy && (!opts.refproxy_faults.empty() || !opts.refproxy.empty())) {
    std::cerr << "connectspec: --refproxy-fault and --refproxy apply to the reference proxy, not --profile " << name << "\n";
    return kExitUsage;
  }
  if (!opts.next_profile.empty()) {
    if (std::find(t.profile->capabilities.begin(), t.profile->capabilities.end(), "upstream") == t.profile->capabilities.end()) {
      std::cerr << "connectspec: --next-proxy: profile " << name << " cannot forward to a next proxy (no 'upstream' capability)\n";
      return kExitUsage;
    }
    auto next_dir = resolve_profile(opts.next_profile,
                                    opts.profiles_dir.empty() ? default_profiles_dir() : std::filesystem::path(opts.profiles_dir), why);
    if (!next_dir) {
      std::cerr << "connectspec: --next-proxy " << opts.next_profile << ": " << why << "\n";
      return kExitUsage;
    }
    t.next = load_profile(*next_dir, problems);
    if (!problems.empty()) {
      for (const auto& d : problems) std::cerr << d.str() << "\n";
      std::cerr << "connectspec: the next proxy's profile has " << problems.size() << " problem(s)\n";
      return kExitUsage;
    }
  }
  t.credentials.password = fresh_password();
  return t;
}

namespace {

std::unique_ptr<ProxyInstances> make_instances(asio::any_io_executor ex, const RunOptions& opts, const LoadedTarget& t,
                                               const std::string& implementation, const std::filesystem::path& work_dir,
                                               ForwardingUpstream& upstream, std::optional<Endpoint> next = std::nullopt) {
  if (t.attach) {
    // One running proxy serves every variant: the user configured it for the capabilities named.
    auto shared = std::shared_ptr<ProxyUnderTest>(attach_proxy(ex, *t.attach, opts.timeout_scale));
    return std::make_unique<ProxyInstances>(
        ex, implementation, opts.capabilities, [shared](Variant) -> asio::awaitable<ProxyInstances::Made> {
          co_return std::unique_ptr<ProxyUnderTest>(new SharedProxy(shared));
        });
  }
  const Profile& p = *t.profile;
  // In a chain of two real proxies every case takes the one path through both, so no case that
  // needs a differently configured proxy (credentials, a scripted upstream, a policy) can run.
  std::vector<std::string> capabilities = next ? std::vector<std::string>{} : p.capabilities;
  return std::make_unique<ProxyInstances>(
      ex, implementation, capabilities,
      [ex, &opts, &t, &p, implementation, work_dir, &upstream, next](Variant v) -> asio::awaitable<ProxyInstances::Made> {
        InstanceSettings s;
        s.variant = v;
        s.work_dir = work_dir;
        s.credentials = t.credentials;
        s.implementation = implementation;
        s.timeout_scale = opts.timeout_scale;
        for (const auto& f : opts.refproxy_faults) s.extra_args.insert(s.extra_args.end(), {"--fault", f});
        s.executable_override = opts.refproxy;
        if (next) {
          s.variant = Variant::upstream;
          s.upstream = *next;
        } else if (v == Variant::upstream) {
          try {
            s.upstream = upstream.start();
          } catch (const std::exception& e) {
            co_return std::string("cannot start the built-in upstream proxy: ") + e.what();
          }
        }
        auto prepared = co_await prepare_instance(ex, p, s);
        if (auto* err = std::get_if<std::string>(&prepared)) co_return *err;
        co_return launch_proxy(ex, std::move(std::get<LaunchSpec>(prepared)));
      });
}

// The whole output and log files of every instance, next to the JSON report (proxy-logs/<variant>/),
// so a failure can be read in full after the work directory is gone.
void keep_proxy_logs(const std::filesystem::path& work_dir, const Profile& p, const std::string& json,
                     const std::string& prefix = "") {
  namespace fs = std::filesystem;
  fs::path into = fs::path(json).parent_path() / "proxy-logs";
  std::error_code ec;
  if (prefix.empty()) fs::remove_all(into, ec);
  for (fs::directory_iterator it(work_dir, ec), end; it != end && !ec; it.increment(ec)) {
    if (!it->is_directory()) continue;
    std::vector<std::string> names = p.logs;
    names.push_back("connectspec-proxy-output.log");
    for (const auto& name : names) {
      fs::path from = it->path() / name;
      if (!fs::is_regular_file(from, ec)) continue;
      fs::path to = into / (prefix + it->path().filename().string());
      fs::create_directories(to, ec);
      fs::copy_file(from, to / name, fs::copy_options::overwrite_existing, ec);
    }
  }
}

// With --expect the run passes when every verdict is the expected one, failures included.
int report_verdict_drift(const std::string& file, const ExpectedVerdicts& expected, const std::vector<CaseResult>& results) {
  auto diffs = compare_verdicts(expected, results);
  if (diffs.empty()) {
    std::cout << "verdicts match " << file << " (" << results.size() << " cases, " << expected.size()
              << " expected not to pass)\n";
    return kExitPass;
  }
  std::cout << "verdicts differ from " << file << " (" << diffs.size() << "):\n";
  for (const auto& d : diffs) {
    std::string kind = d.observed == "pass" ? "NEW PASS    " : d.expected == "pass" ? "NEW FAILURE " : "CHANGED     ";
    std::cout << "  " << kind << d.case_id << ": expected " << d.expected
              << (d.expected_reason.empty() ? "" : " (" + d.expected_reason + ")") << ", got " << d.observed
              << (d.observed_reason.empty() ? "" : ": " + d.observed_reason) << "\n";
  }
  return kExitFail;
}

// The bench against a running proxy, with its own origin process; prints why when it cannot run.
asio::awaitable<std::optional<BenchResult>> measure_bench(const bench::BenchSettings& settings, Endpoint proxy,
                                                         std::string implementation) {
  auto origin = co_await bench::start_origin_process(0, settings.chunk_bytes, settings.op_timeout());
  if (auto* why = std::get_if<std::string>(&origin)) {
    std::cerr << "connectspec: bench: " << *why << "\n";
    co_return std::nullopt;
  }
  auto& process = std::get<std::unique_ptr<bench::OriginProcess>>(origin);
  bench::BenchTarget target{bench::BenchTarget::Mode::proxy, proxy, process->endpoint(), std::move(implementation)};
  co_return co_await bench::run_bench(target, settings, [](const std::string& step) {
    std::cerr << "bench: " << step << "\n";
  });
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
  std::string interrupted;  // the signal that stopped the run
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
      next_proxy = make_instances(io.get_executor(), plain_opts, second, next_name, next_work_dir, upstream);
      ProxyUnderTest* n = co_await next_proxy->ready(Variant::plain, why);
      if (!n) {
        std::cerr << "connectspec: the next proxy: " << why << "\n";
        outcome.exit_code = kExitProxy;
        co_return;
      }
      next_endpoint = n->endpoint();
      implementation += " -> " + next_name;
    }
    proxy = make_instances(io.get_executor(), opts, target, implementation, work_dir, upstream, next_endpoint);
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
    suite.stopping = [&] { return !interrupted.empty(); };
    // A verdict still to be confirmed is kept (an interrupted run reports it) but printed once settled.
    suite.on_case_done = [&](const CaseResult& r, bool settled) {
      if (!interrupted.empty()) return;  // ended by the stop, not by the proxy: reported as not run
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
      if (!interrupted.empty()) {
        std::cerr << "connectspec: " << name << " again: exiting now, without reports\n";
        // Destroying the instances kills each proxy's process group at once.
        proxy.reset();
        next_proxy.reset();
        std::_Exit(128 + signo);
      }
      interrupted = name;
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
  if (target.profile && !opts.json.empty()) keep_proxy_logs(work_dir, *target.profile, opts.json);
  if (target.next && !opts.json.empty()) keep_proxy_logs(next_work_dir, *target.next, opts.json, "next-");
  if (outcome.exit_code != kExitProxy && interrupted.empty()) {
    std::filesystem::remove_all(work_dir, ec);
    if (target.next) std::filesystem::remove_all(next_work_dir, ec);
  }
  if (!interrupted.empty()) {
    info.interrupted = interrupted;
    if (info.implementation.empty())
      info.implementation = target.attach ? "proxy at " + target.attach->authority() : target.profile->name;
    outcome.results.clear();
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (finished[i]) {
        outcome.results.push_back(std::move(*finished[i]));
        continue;
      }
      CaseResult r;
      r.test = cases[i];
      r.outcome = Outcome::skip;
      r.reason = "not run: the run was interrupted by " + interrupted;
      outcome.results.push_back(std::move(r));
    }
    if (!opts.quiet) console.on_finish(info, outcome.results);
    outcome.exit_code = interrupted == "SIGINT" ? 128 + SIGINT : 128 + SIGTERM;
    return outcome;
  }
  if (outcome.exit_code == kExitProxy && outcome.results.empty()) return outcome;

  if (!opts.quiet) console.on_finish(info, outcome.results);
  Summary s = summarize(outcome.results);
  if (outcome.exit_code == kExitPass && (s.failed > 0 || s.errored > 0)) outcome.exit_code = kExitFail;
  return outcome;
}

int run_command(const RunOptions& opts) {
  if (auto err = check_selection(opts.selection)) {
    std::cerr << "connectspec: " << *err << "\n";
    return kExitUsage;
  }
  LoadedSuite suite = load_suite(opts.selection.cases_dir);
  if (!report_problems(suite)) return kExitUsage;
  auto cases = select_cases(suite, opts.selection);
  if (cases.empty()) {
    Selection whole = opts.selection;
    whole.shard.clear();
    if (!select_cases(suite, whole).empty())
      std::cerr << "connectspec: --shard " << opts.selection.shard << ": only " << select_cases(suite, whole).size()
                << " cases are selected, too few for every shard to have one\n";
    else
      std::cerr << "connectspec: no case in " << opts.selection.cases_dir << " matches --filter/--tag/--level\n";
    return kExitUsage;
  }
  auto target = load_target(opts);
  if (auto* code = std::get_if<int>(&target)) return *code;
  // Before the proxy is launched: it inherits the raised limit, and holding needs it on both sides.
  if (opts.bench) {
    if (auto why = bench::hold_exceeds_file_limit(opts.bench->run_hold ? opts.bench->hold : 0)) {
      std::cerr << "connectspec: run --bench: " << *why << "\n";
      return kExitUsage;
    }
  }
  ExpectedVerdicts expected;
  if (!opts.expect.empty()) {
    std::vector<std::string> ids;
    for (const auto& c : suite.cases) ids.push_back(c.id);
    Diagnostics problems;
    expected = load_expected_verdicts(opts.expect, ids, problems);
    if (!problems.empty()) {
      for (const auto& d : problems) std::cerr << d.str() << "\n";
      return kExitUsage;
    }
  }
  RunOutcome outcome;
  const int fds_at_start = count_open_fds();
  try {
    outcome = execute_run(cases, opts, std::get<LoadedTarget>(target), suite.requirement_notes);
  } catch (const std::exception& e) {
    std::cerr << "connectspec: " << e.what() << "\n";
    return kExitProxy;
  }
  // Counted before any report is written: every socket, pipe and file of the run must be closed by now.
  outcome.info.open_fds_at_start = fds_at_start;
  outcome.info.open_fds_at_end = count_open_fds();
  if (outcome.results.empty()) return outcome.exit_code;
  if (outcome.info.bench && !opts.quiet) print_bench_table(std::cout, *outcome.info.bench);
  if (!opts.selection.shard.empty()) {
    Selection whole = opts.selection;
    whole.shard.clear();
    outcome.info.shard = opts.selection.shard;
    outcome.info.shard_of_cases = static_cast<int>(select_cases(suite, whole).size());
  }
  bool written = true;
  if (!opts.junit.empty())
    written = write_file(opts.junit, [&](std::ostream& o) { write_junit_report(o, outcome.info, outcome.results, suite.requirement_notes); }) && written;
  if (!opts.json.empty())
    written = write_file(opts.json, [&](std::ostream& o) { write_json_report(o, outcome.info, outcome.results, suite.requirement_notes); }) && written;
  if (!opts.html.empty())
    written = write_file(opts.html, [&](std::ostream& o) { write_html_report(o, outcome.info, outcome.results, suite.requirement_notes); }) && written;
  if (!written) return kExitUsage;
  if (opts.expect.empty() || outcome.exit_code == kExitProxy || !outcome.info.interrupted.empty()) return outcome.exit_code;
  return report_verdict_drift(opts.expect, expected, outcome.results);
}

}  // namespace connectspec
