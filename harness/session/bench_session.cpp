#include "session/bench_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <iostream>

#include "bench/file_limit.hpp"
#include "bench/origin_process.hpp"
#include "bench/run_bench.hpp"
#include "net/endpoint.hpp"
#include "report/bench/bench_console.hpp"
#include "report/bench/bench_html.hpp"
#include "report/bench/bench_json.hpp"
#include "session/output_file.hpp"
#include "session/run_session.hpp"

namespace connectspec {

namespace {

// --direct and --relay: no proxy to launch, only the bench origin.
int bench_without_proxy(const BenchOptions& opts, const bench::BenchSettings& settings, std::optional<BenchResult>& out) {
  bench::BenchTarget target;
  if (!opts.relay.empty()) {
    std::string err;
    auto ep = parse_host_port(opts.relay, err);
    if (ep) err = refuse_host(ep->host, opts.run.allow_non_loopback);
    if (!err.empty()) {
      std::cerr << "connectspec: --relay " << opts.relay << ": " << err << "\n";
      return kExitUsage;
    }
    target.mode = bench::BenchTarget::Mode::relay;
    target.connect_to = *ep;
    target.implementation = "relay at " + ep->authority();
  } else {
    target.mode = bench::BenchTarget::Mode::direct;
    target.implementation = "direct (no proxy)";
  }
  int code = kExitPass;
  asio::io_context io(1);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    auto origin = co_await bench::start_origin_process(static_cast<unsigned short>(opts.origin_port), settings.chunk_bytes,
                                                       settings.op_timeout());
    if (auto* why = std::get_if<std::string>(&origin)) {
      std::cerr << "connectspec: bench: " << *why << "\n";
      code = kExitProxy;
      co_return;
    }
    target.origin = std::get<std::unique_ptr<bench::OriginProcess>>(origin)->endpoint();
    if (target.mode == bench::BenchTarget::Mode::direct) target.connect_to = target.origin;
    out = co_await bench::run_bench(target, settings, [](const std::string& step) { std::cerr << "bench: " << step << "\n"; });
  }, [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
  return code;
}

}  // namespace

int bench_and_report(BenchOptions opts) {
  bench::BenchSettings& settings = *opts.run.bench;
  settings.timeout_scale = opts.run.timeout_scale;
  if (!opts.only.empty()) {
    auto has = [&](const char* what) { return std::find(opts.only.begin(), opts.only.end(), what) != opts.only.end(); };
    settings.run_setup = has("setup");
    settings.run_throughput = has("throughput");
    settings.run_hold = has("hold");
  }
  if (!opts.relay.empty() && opts.origin_port == 0) {
    std::cerr << "connectspec: --relay needs --origin-port: the port the relay forwards to, where the bench origin listens\n";
    return kExitUsage;
  }
  // Each held tunnel costs this process one descriptor (and the origin process one more).
  if (auto why = bench::hold_exceeds_file_limit(settings.run_hold ? settings.hold : 0)) {
    std::cerr << "connectspec: " << *why << "\n";
    return kExitUsage;
  }

  std::optional<BenchResult> result;
  int code = kExitPass;
  if (opts.direct || !opts.relay.empty()) {
    code = bench_without_proxy(opts, settings, result);
  } else {
    auto target = load_target(opts.run);
    if (auto* c = std::get_if<int>(&target)) return *c;
    opts.run.quiet = true;
    try {
      RunOutcome outcome = execute_run({}, opts.run, std::get<LoadedTarget>(target));
      code = outcome.exit_code;
      result = std::move(outcome.info.bench);
    } catch (const std::exception& e) {
      std::cerr << "connectspec: " << e.what() << "\n";
      return kExitProxy;
    }
  }
  if (!result) return code == kExitPass ? kExitProxy : code;
  print_bench_table(std::cout, *result);
  bool written = true;
  if (!opts.json.empty()) written = write_file(opts.json, [&](std::ostream& o) { write_bench_json(o, *result); }) && written;
  if (!opts.html.empty()) written = write_file(opts.html, [&](std::ostream& o) { write_bench_html(o, *result); }) && written;
  if (!written) return kExitUsage;
  return code;
}

}  // namespace connectspec
