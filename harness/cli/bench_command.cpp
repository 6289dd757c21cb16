// `connectspec bench` and the hidden `bench-origin`: their flags; session/bench_session.hpp
// measures, bench/bench_origin.hpp is the origin process.
#include "bench/bench_origin.hpp"
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "session/bench_session.hpp"

namespace connectspec {

Subcommand add_bench_command(CLI::App& app) {
  auto bench = std::make_shared<BenchOptions>();
  bench->run.bench.emplace();
  bench::BenchSettings& bs = *bench->run.bench;
  auto* cmd = app.add_subcommand(
      "bench", "Measure a proxy: CONNECT setup rate and latency, throughput, tunnels held at once (default: the reference proxy)");
  cmd->add_option("--proxy", bench->run.proxy,
                  "Measure the proxy already running at HOST:PORT (loopback, unless --allow-non-loopback)");
  cmd->add_flag("--allow-non-loopback", bench->run.allow_non_loopback,
                "Let --proxy or --relay be an IP address off loopback (a machine or network you control)");
  cmd->add_option("--profile", bench->run.profile, "Launch this proxy profile and measure it: a NAME under fixtures/proxies/ or a folder");
  add_protocol_flag(cmd, bench->run,
                    "CONNECT over this: http/1.1 (or h1), h2c (HTTP/2 over cleartext, prior knowledge) or h2 (HTTP/2 over "
                    "TLS, ALPN h2; a launched profile only). Over HTTP/2, setup spreads its streams over --connections, "
                    "and throughput's and hold's tunnels are streams of one connection (default: the profile's first "
                    "`protocols`, http/1.1 for --proxy)");
  cmd->add_flag("--direct", bench->direct, "No proxy: client straight to the bench origin (the harness's own ceiling)");
  cmd->add_option("--relay", bench->relay, "A plain TCP relay at HOST:PORT that forwards to the bench origin (needs --origin-port)");
  cmd->add_option("--origin-port", bench->origin_port, "Port on 127.0.0.1 where the bench origin listens (default: any)")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--only", bench->only, "Only these measurements (repeatable): setup, throughput, hold")
      ->check(CLI::IsMember({"setup", "throughput", "hold"}));
  cmd->add_option("--budget-ms", bs.budget_ms, "Measured time of each measurement")->capture_default_str()->check(CLI::Range(100, 600000));
  cmd->add_option("--warmup-ms", bs.warmup_ms, "Time before measuring, results dropped")->capture_default_str()->check(CLI::Range(0, 60000));
  cmd->add_option("--concurrency", bs.concurrency, "Setup: CONNECTs in flight at once")->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_option("--connections", bs.connections, "Setup over HTTP/2: connections the CONNECT streams in flight are spread over")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--tunnels", bs.tunnels, "Throughput: tunnels of the several-tunnel measurement")->capture_default_str()->check(CLI::Range(1, 256));
  cmd->add_option("--hold", bs.hold, "Tunnels to hold open at once, each then pinged")->capture_default_str()->check(CLI::Range(0, 100000));
  cmd->add_option("--chunk-bytes", bs.chunk_bytes, "Throughput: bytes per write")->capture_default_str()->check(CLI::Range(1024, 16 * 1024 * 1024));
  cmd->add_option("--timeout-scale", bench->run.timeout_scale, "Multiply every limit (not the measured times)")
      ->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--refproxy", bench->run.refproxy, "Path of connectspec-refproxy (default: next to connectspec)");
  cmd->add_option("--json", bench->json, "Write the results as JSON (connectspec-bench/1) here");
  cmd->add_option("--html", bench->html, "Write the results as one self-contained HTML page here");
  cmd->get_option("--proxy")->excludes(cmd->get_option("--profile"));
  add_profiles_dir_flag(cmd, bench->run);
  // Without a proxy there is no CONNECT to speak a protocol to.
  for (const char* other : {"--proxy", "--profile", "--relay", "--protocol"}) cmd->get_option("--direct")->excludes(cmd->get_option(other));
  for (const char* other : {"--proxy", "--profile", "--protocol"}) cmd->get_option("--relay")->excludes(cmd->get_option(other));
  return {cmd, [bench] { return bench_and_report(*bench); }};
}

Subcommand add_bench_origin_command(CLI::App& app) {
  auto port = std::make_shared<int>(0), chunk = std::make_shared<int>(256 * 1024);
  auto* cmd = app.add_subcommand("bench-origin", "");  // internal: the bench's origin process
  cmd->group("");
  cmd->add_option("--port", *port)->check(CLI::Range(0, 65535));
  cmd->add_option("--chunk-bytes", *chunk)->check(CLI::Range(1024, 16 * 1024 * 1024));
  return {cmd, [port, chunk] {
            return bench::bench_origin_main(static_cast<unsigned short>(*port), static_cast<std::size_t>(*chunk));
          }};
}

}  // namespace connectspec
