#include "cli/run_command.hpp"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <ctime>
#include <fstream>
#include <iostream>

#include "engine/suite_runner.hpp"
#include "launch/launched_proxy.hpp"
#include "net/endpoint.hpp"
#include "report/console_reporter.hpp"
#include "report/json_report.hpp"
#include "report/junit_report.hpp"
#include "tls/test_certificate.hpp"
#include "tls/tls_contexts.hpp"

namespace connectspec {

namespace {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::filesystem::path own_directory() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : exe.parent_path();
}

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

std::unique_ptr<ProxyUnderTest> make_proxy(asio::any_io_executor ex, const RunOptions& opts, const Endpoint* attach,
                                           const std::filesystem::path& work_dir) {
  if (attach) return attach_proxy(ex, *attach, opts.timeout_scale);
  LaunchSpec spec;
  spec.display_name = "connectspec-refproxy";
  spec.executable = opts.refproxy.empty() ? own_directory() / "connectspec-refproxy" : std::filesystem::path(opts.refproxy);
  spec.args = {"--listen", "{host}:{port}"};
  for (const auto& f : opts.refproxy_faults) spec.args.insert(spec.args.end(), {"--fault", f});
  spec.version_args = {"--version"};
  spec.announce_prefix = "listening on ";
  spec.log_file = work_dir / "proxy.log";
  spec.timeout_scale = opts.timeout_scale;
  return launch_proxy(ex, std::move(spec));
}

bool write_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary);
  if (out) write(out);
  if (!out) {
    std::cerr << "connectspec: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

RunOutcome execute_run(const std::vector<const Case*>& cases, const RunOptions& opts) {
  RunOutcome outcome;
  std::optional<Endpoint> attach;
  if (!opts.proxy.empty()) {
    std::string err;
    attach = parse_host_port(opts.proxy, err);
    if (!attach || !is_loopback_host(attach->host)) {
      std::cerr << "connectspec: --proxy " << opts.proxy << ": "
                << (attach ? "connectspec only tests proxies on loopback (127.0.0.0/8 or ::1)" : err) << "\n";
      outcome.exit_code = kExitUsage;
      return outcome;
    }
    if (attach->host == "localhost") attach->host = "127.0.0.1";
  }

  asio::io_context io;
  auto cert = make_test_certificate();
  auto tls_server = make_server_context(cert);
  auto tls_client = make_client_context(cert);
  auto work_dir = make_work_dir();
  auto proxy = make_proxy(io.get_executor(), opts, attach ? &*attach : nullptr, work_dir);

  RunContext ctx;
  ctx.executor = io.get_executor();
  ctx.timeout_scale = opts.timeout_scale;
  ctx.strict = opts.strict;
  ctx.ipv6_available = ipv6_loopback_available();
  ctx.tls_server = &tls_server;
  ctx.tls_client = &tls_client;

  RunInfo& info = outcome.info;
  info.started_at = utc_now();
  info.harness_version = CONNECTSPEC_VERSION;
  info.strict = opts.strict;
  info.timeout_scale = opts.timeout_scale;
  info.jobs = opts.jobs;
  info.cases_dir = opts.selection.cases_dir;

  ConsoleReporter console(std::cout, color_enabled(STDOUT_FILENO), opts.verbose);
  auto started = Clock::now();
  bool interrupted = false;
  asio::signal_set signals(io, SIGINT, SIGTERM);

  auto main_flow = [&]() -> asio::awaitable<void> {
    if (auto err = co_await proxy->ensure_running()) {
      std::cerr << "connectspec: " << *err << "\n";
      outcome.exit_code = kExitProxy;
      co_return;
    }
    // Known only now: a launched proxy may have chosen its own port.
    ctx.proxy = proxy->endpoint();
    info.target = ctx.proxy.authority();
    info.implementation = proxy->implementation();
    if (!opts.quiet) console.on_start(info, cases.size());
    auto run = co_await run_suite(cases, ctx, *proxy, opts.jobs, [&](const CaseResult& r) {
      if (!opts.quiet) console.on_case_done(r);
    });
    co_await proxy->stop();
    outcome.results = std::move(run.results);
    if (run.fatal) {
      std::cerr << "connectspec: " << *run.fatal << "\n";
      outcome.exit_code = kExitProxy;
    }
  };
  // However the run ends, the signal wait must go too, or io.run() would never return.
  asio::co_spawn(io, main_flow(), [&](std::exception_ptr e) {
    signals.cancel();
    if (e) std::rethrow_exception(e);
  });

  // The proxy runs in its own process group, so a Ctrl-C reaches only us: stop it before leaving.
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    interrupted = true;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> { co_await proxy->stop(); io.stop(); }, asio::detached);
  });
  io.run();
  info.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  std::error_code ec;
  if (outcome.exit_code != kExitProxy && !interrupted) std::filesystem::remove_all(work_dir, ec);
  if (interrupted) {
    std::cerr << "connectspec: interrupted\n";
    outcome.exit_code = 130;
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
    std::cerr << "connectspec: no case in " << opts.selection.cases_dir << " matches --filter/--tag/--level\n";
    return kExitUsage;
  }
  RunOutcome outcome;
  try {
    outcome = execute_run(cases, opts);
  } catch (const std::exception& e) {
    std::cerr << "connectspec: " << e.what() << "\n";
    return kExitProxy;
  }
  if (outcome.results.empty()) return outcome.exit_code;
  bool written = true;
  if (!opts.junit.empty())
    written = write_file(opts.junit, [&](std::ostream& o) { write_junit_report(o, outcome.info, outcome.results); }) && written;
  if (!opts.json.empty())
    written = write_file(opts.json, [&](std::ostream& o) { write_json_report(o, outcome.info, outcome.results); }) && written;
  if (!written) return kExitUsage;
  return outcome.exit_code;
}

}  // namespace connectspec
