#include "session/client_session.hpp"
#include "input/install_layout.hpp"
#include "session/recorded_options.hpp"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "engine/client_case_runner.hpp"
#include "engine/verdict.hpp"
#include "expect/expected_verdicts.hpp"
#include "launch/command_output.hpp"
#include "model/capability.hpp"
#include "model/utc_timestamp.hpp"
#include "net/endpoint.hpp"
#include "origins/loopback_address.hpp"
#include "profile/client_profile.hpp"
#include "profile/profile_loader.hpp"
#include "report/run/console_reporter.hpp"
#include "session/exit_codes.hpp"
#include "session/run_reports.hpp"
#include "session/verdict_drift.hpp"
#include "tls/test_certificate.hpp"
#include "tls/tls_contexts.hpp"

namespace connectspec {

namespace fs = std::filesystem;

namespace {

// The client under test, or the exit code that says why there is none.
std::variant<ClientUnderTest, int> resolve_client(const ClientOptions& opts) {
  ClientUnderTest c;
  std::error_code ec;
  c.build_dir = std::getenv("CONNECTSPEC_CLIENT_BUILD") ? std::getenv("CONNECTSPEC_CLIENT_BUILD")
                                                        : (data_dir() / "build" / "clients").string();
  const bool refclient = opts.client.empty() && opts.command.empty();
  if (!refclient && (!opts.refclient_faults.empty() || !opts.refclient.empty())) {
    std::cerr << "connectspec: --refclient-fault and --refclient apply to the reference client, not to --client or --command\n";
    return kExitUsage;
  }
  if (!opts.command.empty()) {
    if (!opts.client.empty()) {
      std::cerr << "connectspec: give --client NAME or --command TEMPLATE, not both\n";
      return kExitUsage;
    }
    if (auto err = check_client_command(opts.command); !err.empty()) {
      std::cerr << "connectspec: --command: " << err << "\n";
      return kExitUsage;
    }
    if (auto err = check_client_command(opts.two_users_command); !err.empty()) {
      std::cerr << "connectspec: --two-users-command: " << err << "\n";
      return kExitUsage;
    }
    c.name = "command";
    c.command = opts.command;
    c.two_users_command = opts.two_users_command;
    c.dir = fs::current_path(ec);
    c.supports = opts.capabilities;
    if (!c.two_users_command.empty()) c.supports.push_back("two-users");
    if (!opts.schemes.empty()) c.schemes = opts.schemes;
    return c;
  }
  if (refclient) {
    fs::path exe = opts.refclient.empty() ? fs::read_symlink("/proc/self/exe", ec).parent_path() / "connectspec-refclient"
                                          : fs::path(opts.refclient);
    if (!fs::exists(exe, ec)) {
      std::cerr << "connectspec: the reference client is not at " << exe.string()
                << " (build it: cmake --build build --target connectspec-refclient; or give --refclient PATH)\n";
      return kExitProxy;
    }
    c.name = "connectspec-refclient";
    std::string faults;
    for (const auto& f : opts.refclient_faults) {
      faults += " --fault '" + f + "'";
      c.name += "+" + f;
    }
    c.command = "'" + fs::absolute(exe).string() + "'" + faults + " --proxy {proxy} --cacert {cafile} {url}";
    c.two_users_command =
        "'" + fs::absolute(exe).string() + "'" + faults + " --proxy {proxy} --then-proxy {proxy2} --cacert {cafile} {url}";
    c.dir = fs::current_path(ec);
    c.supports.assign(std::begin(kClientCapabilities), std::end(kClientCapabilities));
    c.schemes = {"https", "http", "tcp"};
    return c;
  }
  std::string why;
  fs::path dir = opts.clients_dir.empty() ? default_clients_dir() : fs::path(opts.clients_dir);
  auto found = resolve_profile(opts.client, dir, why);
  if (!found) {
    std::cerr << "connectspec: --client: " << why << "\n";
    return kExitUsage;
  }
  Diagnostics problems;
  ClientProfile p = load_client_profile(*found, problems);
  if (!problems.empty()) {
    for (const auto& d : problems) std::cerr << d.str() << "\n";
    return kExitUsage;
  }
  c.name = p.name;
  c.command = p.command;
  c.two_users_command = p.two_users_command;
  c.dir = p.dir;
  c.supports = p.supports;
  c.schemes = p.schemes;
  c.version_command = p.version_command;
  return c;
}

// The first line of a version command's output, cut at a word before 48 characters (curl's names
// a dozen libraries): the matrix labels its column with it.
std::string short_version(const std::string& output) {
  std::string line = output.substr(0, output.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  constexpr std::size_t kMax = 48;
  if (line.size() <= kMax) return line;
  const auto space = line.rfind(' ', kMax);
  return line.substr(0, space == std::string::npos || space == 0 ? kMax : space) + " ...";
}

// Writes the origins' certificate where {cafile} points; removed with its folder at the end.
struct CaFile {
  fs::path dir;
  std::string path;
  explicit CaFile(const std::string& pem) {
    std::string templ = (fs::temp_directory_path() / "connectspec-client-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("cannot make a temporary folder for the CA file");
    dir = templ;
    path = (dir / "ca.pem").string();
    std::ofstream(path) << pem;
  }
  ~CaFile() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

int run_client_suite(const ClientOptions& opts) {
  if (auto err = check_selection(opts.selection)) {
    std::cerr << "connectspec: " << *err << "\n";
    return kExitUsage;
  }
  for (const auto& cap : opts.capabilities)
    if (!is_client_capability(cap) || cap == "two-users") {
      std::cerr << "connectspec: --capability: '" << cap << "' is not one of basic-auth, ipv6"
                << (cap == "two-users" ? " (two-users comes with --two-users-command)" : "") << "\n";
      return kExitUsage;
    }
  for (const auto& s : opts.schemes)
    if (s != "https" && s != "http" && s != "tcp") {
      std::cerr << "connectspec: --scheme: '" << s << "' is not one of https, http, tcp\n";
      return kExitUsage;
    }
  LoadedSuite suite = load_cases(opts.selection);
  if (!report_problems(suite)) return kExitUsage;
  Selection selection = opts.selection;
  selection.role = Role::client;
  auto cases = select_cases(suite, selection);
  if (cases.empty()) {
    std::cerr << "connectspec: no client case (role = \"client\") in " << opts.selection.cases_dir
              << " matches --filter/--tag/--level\n";
    return kExitUsage;
  }
  auto resolved = resolve_client(opts);
  if (auto* code = std::get_if<int>(&resolved)) return *code;
  ClientUnderTest client = std::get<ClientUnderTest>(resolved);
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

  asio::io_context io;
  TestCertificate cert = make_test_certificate();
  asio::ssl::context tls_server = make_server_context(cert);
  CaFile cafile(cert.certificate_pem);
  RunInfo info;
  info.started_at = utc_now();
  info.harness_version = CONNECTSPEC_VERSION;
  info.timeout_scale = opts.timeout_scale;
  info.options = recorded_options(opts);
  info.jobs = opts.jobs;
  info.strict = opts.strict;
  info.cases_dir = opts.selection.cases_dir;
  info.role = Role::client;
  info.capabilities = client.supports;
  // The client's own version line names it in the reports ("curl 7.88.1 (x86_64-pc-linux-gnu) ...").
  std::string implementation = client.name;
  if (!opts.client.empty()) info.profile = client.name;
  if (const std::string& version_command = client.version_command; !version_command.empty()) {
    CommandOutput v;
    // In the profile folder, like the command (a node client finds its node_modules there).
    const std::vector<std::string> argv{"/bin/sh", "-c", "cd '" + client.dir.string() + "' && " + version_command};
    const std::vector<std::string> no_env;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      v = co_await run_command_output(io.get_executor(), argv, no_env, std::chrono::seconds(20));
    }, asio::detached);
    io.run();
    io.restart();
    if (!v.exit_status || *v.exit_status != 0) {
      std::cerr << "connectspec: client " << client.name << " is not installed or does not start: '" << version_command
                << "' " << (v.exit_status ? "exited with status " + std::to_string(*v.exit_status) : v.problem)
                << (v.output.empty() ? "" : ": " + v.output.substr(0, v.output.find('\n')))
                << " (scripts/install-clients installs the profiled clients)\n";
      return kExitProxy;
    }
    implementation = client.name + " (" + short_version(v.output) + ")";
  }
  info.implementation = implementation;
  info.target = "client: " + client.command;

  ClientRunContext ctx;
  ctx.executor = io.get_executor();
  ctx.client = &client;
  ctx.cafile = cafile.path;
  ctx.tls_server = &tls_server;
  ctx.timeout_scale = opts.timeout_scale;
  ctx.strict = opts.strict;
  ctx.ipv6_available = ipv6_loopback_available();

  ConsoleReporter console(std::cout, color_enabled(STDOUT_FILENO), opts.verbose, suite.requirement_notes);
  if (!opts.quiet) console.on_start(info, cases.size());
  std::vector<CaseResult> results(cases.size());
  const auto started = Clock::now();
  std::size_t next = 0;
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < cases.size()) {
      std::size_t i = next++;
      try {
        results[i] = co_await run_client_case(*cases[i], ctx);
      } catch (const std::exception& e) {
        results[i] = not_run(*cases[i], std::string("harness error: ") + e.what());
      }
      if (!opts.quiet) console.on_case_done(results[i]);
    }
  };
  for (int j = 0; j < std::max(1, opts.jobs); ++j) asio::co_spawn(io, worker(), asio::detached);
  io.run();
  info.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  if (!opts.quiet) console.on_finish(info, results);

  // Every case's client failed to start (the shell's 127: command not found): the subject could
  // not be run at all, which says nothing about its CONNECT.
  bool never_started = std::all_of(results.begin(), results.end(), [](const CaseResult& r) {
    return r.outcome == Outcome::skip ||
           std::any_of(r.transcript.begin(), r.transcript.end(), [](const WireEvent& e) {
             return e.kind == WireEvent::Kind::note && e.text.rfind("exit status 127 ", 0) == 0;
           });
  });
  if (!write_run_reports(opts.reports, info, results, suite.requirement_notes)) return kExitUsage;
  if (never_started && !std::all_of(results.begin(), results.end(), [](const CaseResult& r) { return r.outcome == Outcome::skip; })) {
    std::cerr << "connectspec: the client never started (its shell said 127: command not found); check the command\n";
    return kExitProxy;
  }
  if (!opts.expect.empty()) return report_verdict_drift(opts.expect, expected, results);
  Summary s = summarize(results);
  return s.failed > 0 || s.errored > 0 ? kExitFail : kExitPass;
}

}  // namespace connectspec
