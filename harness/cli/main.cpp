// connectspec: a conformance test harness for HTTP CONNECT proxies.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "cli/commands.hpp"

using namespace connectspec;

namespace {

void add_selection(CLI::App* cmd, Selection& sel) {
  cmd->add_option("--cases", sel.cases_dir, "Folder of case files (cases/<topic>/<name>.toml)")->check(CLI::ExistingDirectory);
  cmd->add_option("--filter", sel.filters, "Only cases whose id matches this glob (repeatable)");
  cmd->add_option("--tag", sel.tags, "Only cases with this tag or topic (repeatable)");
  cmd->add_option("--level", sel.levels, "Only cases of this level: MUST, SHOULD, MAY, INFO (repeatable)");
}

void add_shard(CLI::App* cmd, Selection& sel) {
  cmd->add_option("--shard", sel.shard,
                  "Only the K-th of N parts of the selected cases (K/N, e.g. 2/4); join the shards' JSON with `merge`");
}

void add_profiles_dir(CLI::App* cmd, RunOptions& o) {
  cmd->add_option("--profiles-dir", o.profiles_dir, "Where --profile NAMEs are looked up (default: fixtures/proxies)")
      ->check(CLI::ExistingDirectory);
}

void add_run_options(CLI::App* cmd, RunOptions& o) {
  add_selection(cmd, o.selection);
  cmd->add_option("--jobs,-j", o.jobs, "Cases run at the same time")->check(CLI::Range(1, 256));
  cmd->add_option("--timeout-scale", o.timeout_scale, "Multiply every timeout (slow machines, sanitizers)")
      ->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--refproxy", o.refproxy, "Path of connectspec-refproxy (default: next to connectspec)");
}

}  // namespace

int main(int argc, char** argv) {
  // `connectspec run | head` must not kill the harness mid-run (it would leave the proxy under
  // test running): a closed stdout only makes console writes fail.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"connectspec: conformance tests for HTTP CONNECT proxies (RFC 9110 §9.3.6)", "connectspec"};
  app.set_version_flag("--version", std::string("connectspec ") + CONNECTSPEC_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  run.selection.cases_dir = default_cases_dir();
  auto* run_cmd = app.add_subcommand("run", "Run the suite against a proxy (default: the reference proxy)");
  add_run_options(run_cmd, run);
  add_shard(run_cmd, run.selection);
  run_cmd->add_option("--proxy", run.proxy,
                      "Test the proxy already running at HOST:PORT (loopback, unless --allow-non-loopback)");
  run_cmd->add_flag("--allow-non-loopback", run.allow_non_loopback,
                    "Let --proxy be an IP address off loopback (a machine or network you control; the proxy must still "
                    "reach connectspec's origins on this machine's loopback)");
  run_cmd->add_option("--max-response-bytes", run.max_response_bytes,
                      "Stop reading a connection after this much from the proxy, and say so in the case's verdict "
                      "(default 16MiB; suffixes KiB, MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::size_t{64 << 10}, std::size_t{1} << 40));
  run_cmd->add_option("--profile", run.profile,
                      "Launch this proxy profile: a NAME under fixtures/proxies/ or a profile folder (default: refproxy)");
  run_cmd->add_option("--next-proxy", run.next_profile,
                      "With --profile: launch this second profile too and make the first forward every CONNECT to it "
                      "(a chain of two real proxies; cases that need other configurations are skipped)");
  run_cmd->add_option("--capability", run.capabilities,
                      "With --proxy: it is configured for this (basic-auth, port-policy, http2; repeatable)");
  run_cmd->add_option("--credentials", run.credentials, "With --proxy: the USER:PASSWORD it demands (basic-auth cases)");
  run_cmd->add_option("--expect", run.expect,
                      "Compare the verdicts with this expected.toml: exit 0 when they match, 1 on any difference")
      ->check(CLI::ExistingFile);
  run_cmd->add_option("--refproxy-fault", run.refproxy_faults,
                      "Launch the reference proxy with this fault switched on (repeatable; see connectspec-refproxy --list-faults)");
  run_cmd->add_option("--junit", run.junit, "Write JUnit XML here");
  run_cmd->add_option("--json", run.json, "Write results JSON here");
  run_cmd->add_option("--html", run.html, "Write the HTML report here (one self-contained page)");
  run_cmd->add_flag("--bench", [&run](std::int64_t) { run.bench.emplace(); },
                    "After the cases, measure the proxy as `connectspec bench` does (defaults); the reports get a Performance section");
  run_cmd->add_flag("--strict", run.strict, "SHOULD cases that are not met fail the run");
  run.confirm = 1;
  run_cmd->add_option("--confirm", run.confirm,
                      "Run each case that failed or warned again, alone, up to this many times once the parallel cases have "
                      "ended (default 1; 0: never); a verdict that does not repeat is marked unstable and not counted as "
                      "a failure")
      ->check(CLI::Range(0, 10));
  run_cmd->add_flag("--verbose,-v", run.verbose, "Print every check, and transcripts of failures");
  run_cmd->get_option("--proxy")->excludes(run_cmd->get_option("--refproxy-fault"));
  run_cmd->get_option("--proxy")->excludes(run_cmd->get_option("--profile"));
  add_profiles_dir(run_cmd, run);
  run_cmd->get_option("--capability")->needs(run_cmd->get_option("--proxy"));
  run_cmd->get_option("--next-proxy")->excludes(run_cmd->get_option("--proxy"));
  run_cmd->get_option("--credentials")->needs(run_cmd->get_option("--proxy"));

  Selection list_sel;
  list_sel.cases_dir = default_cases_dir();
  auto* list_cmd = app.add_subcommand("list", "List the cases: id, level, title, requirement IDs");
  add_selection(list_cmd, list_sel);
  add_shard(list_cmd, list_sel);

  std::string validate_dir = default_cases_dir();
  auto* validate_cmd = app.add_subcommand("validate", "Check case files; print file:line:col for each problem");
  validate_cmd->add_option("dir", validate_dir, "Folder of case files")->check(CLI::ExistingDirectory);

  CoverageOptions coverage;
  coverage.cases_dir = default_cases_dir();
  auto* coverage_cmd = app.add_subcommand("coverage", "Trace requirement IDs to cases: what is tested, what is not, and why");
  coverage_cmd->add_option("--cases", coverage.cases_dir, "Folder of case files")->check(CLI::ExistingDirectory);
  coverage_cmd->add_option("--catalogue", coverage.catalogue, "Requirement catalogue (default: <cases>/requirements.toml)")
      ->check(CLI::ExistingFile);
  coverage_cmd->add_option("--json", coverage.json, "Write the mapping as JSON here");
  coverage_cmd->add_option("--min", coverage.min_percent, "Exit 1 when less than this % of groups A-H is covered")
      ->check(CLI::Range(0.0, 100.0));

  MergeOptions merge;
  auto* merge_cmd = app.add_subcommand("merge", "Join the JSON results of the shards of one run (run --shard K/N) into one result");
  merge_cmd->add_option("results", merge.inputs, "Results files (JSON) to join")->required();
  merge_cmd->add_option("--json", merge.json, "Write the joined results JSON here");
  merge_cmd->add_option("--junit", merge.junit, "Write JUnit XML of the joined results here");
  merge_cmd->add_option("--html", merge.html, "Write the HTML report of the joined results here (one file, or a whole run: its report)");

  CompareOptions compare;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Results files side by side: a matrix of cases x implementations, per requirement, and what changed");
  compare_cmd->add_option("results", compare.inputs, "Results files (JSON), one column each, oldest first")->required();
  compare_cmd->add_option("--html", compare.html, "Write the matrix as one self-contained HTML page here");
  compare_cmd->add_option("--json", compare.json, "Write the matrix as JSON (connectspec-matrix/1) here");
  compare_cmd->add_option("--markdown", compare.markdown, "Write the matrix as GitHub-flavoured Markdown here");
  compare_cmd->add_option("--report-link", compare.report_link,
                          "Link each run to its HTML report at this URL ({profile}, {stem}; default: X.html beside X.json)");
  compare_cmd->add_option("--title", compare.title, "Title of the page and the Markdown");
  compare_cmd->add_option("--catalogue", compare.catalogue, "Requirement notes for files that carry none (default: cases/requirements.toml)")
      ->check(CLI::ExistingFile);
  compare_cmd->add_flag("--changes", compare.changes, "List what changed between consecutive files even when they are different implementations");
  compare_cmd->add_flag("--fail-on-regression", compare.fail_on_regression, "Exit 1 when a case regressed between consecutive files");

  BenchOptions bench;
  bench.run.bench.emplace();
  bench::BenchSettings& bs = *bench.run.bench;
  auto* bench_cmd = app.add_subcommand(
      "bench", "Measure a proxy: CONNECT setup rate and latency, throughput, tunnels held at once (default: the reference proxy)");
  bench_cmd->add_option("--proxy", bench.run.proxy,
                        "Measure the proxy already running at HOST:PORT (loopback, unless --allow-non-loopback)");
  bench_cmd->add_flag("--allow-non-loopback", bench.run.allow_non_loopback,
                      "Let --proxy or --relay be an IP address off loopback (a machine or network you control)");
  bench_cmd->add_option("--profile", bench.run.profile, "Launch this proxy profile and measure it: a NAME under fixtures/proxies/ or a folder");
  bench_cmd->add_flag("--direct", bench.direct, "No proxy: client straight to the bench origin (the harness's own ceiling)");
  bench_cmd->add_option("--relay", bench.relay, "A plain TCP relay at HOST:PORT that forwards to the bench origin (needs --origin-port)");
  bench_cmd->add_option("--origin-port", bench.origin_port, "Port on 127.0.0.1 where the bench origin listens (default: any)")
      ->check(CLI::Range(1, 65535));
  bench_cmd->add_option("--only", bench.only, "Only these measurements (repeatable): setup, throughput, hold")
      ->check(CLI::IsMember({"setup", "throughput", "hold"}));
  bench_cmd->add_option("--budget-ms", bs.budget_ms, "Measured time of each measurement")->capture_default_str()->check(CLI::Range(100, 600000));
  bench_cmd->add_option("--warmup-ms", bs.warmup_ms, "Time before measuring, results dropped")->capture_default_str()->check(CLI::Range(0, 60000));
  bench_cmd->add_option("--concurrency", bs.concurrency, "Setup: CONNECTs in flight at once")->capture_default_str()->check(CLI::Range(1, 1024));
  bench_cmd->add_option("--tunnels", bs.tunnels, "Throughput: tunnels of the several-tunnel measurement")->capture_default_str()->check(CLI::Range(1, 256));
  bench_cmd->add_option("--hold", bs.hold, "Tunnels to hold open at once, each then pinged")->capture_default_str()->check(CLI::Range(0, 100000));
  bench_cmd->add_option("--chunk-bytes", bs.chunk_bytes, "Throughput: bytes per write")->capture_default_str()->check(CLI::Range(1024, 16 * 1024 * 1024));
  bench_cmd->add_option("--timeout-scale", bench.run.timeout_scale, "Multiply every limit (not the measured times)")
      ->check(CLI::Range(0.1, 100.0));
  bench_cmd->add_option("--refproxy", bench.run.refproxy, "Path of connectspec-refproxy (default: next to connectspec)");
  bench_cmd->add_option("--json", bench.json, "Write the results as JSON (connectspec-bench/1) here");
  bench_cmd->add_option("--html", bench.html, "Write the results as one self-contained HTML page here");
  bench_cmd->get_option("--proxy")->excludes(bench_cmd->get_option("--profile"));
  add_profiles_dir(bench_cmd, bench.run);
  for (const char* other : {"--proxy", "--profile", "--relay"}) bench_cmd->get_option("--direct")->excludes(bench_cmd->get_option(other));
  for (const char* other : {"--proxy", "--profile"}) bench_cmd->get_option("--relay")->excludes(bench_cmd->get_option(other));

  int origin_port = 0, origin_chunk = 256 * 1024;
  auto* origin_cmd = app.add_subcommand("bench-origin", "");  // internal: the bench's origin process
  origin_cmd->group("");
  origin_cmd->add_option("--port", origin_port)->check(CLI::Range(0, 65535));
  origin_cmd->add_option("--chunk-bytes", origin_chunk)->check(CLI::Range(1024, 16 * 1024 * 1024));

  MutantsOptions mutants;
  mutants.run.selection.cases_dir = default_cases_dir();
  mutants.catalogue = std::string(CONNECTSPEC_SOURCE_DIR) + "/fixtures/refproxy/mutants.toml";
  auto* mutants_cmd = app.add_subcommand("mutants", "Self-test: each fault of the reference proxy must make its cases fail");
  add_run_options(mutants_cmd, mutants.run);
  mutants_cmd->add_option("--catalogue", mutants.catalogue, "Mutant catalogue (TOML)")->check(CLI::ExistingFile);
  mutants_cmd->add_option("--only", mutants.only, "Run only this fault");
  mutants_cmd->add_flag("--matrix", mutants.matrix,
                        "Run every case against the reference and every mutant; print the cases x mutants kill matrix");
  mutants_cmd->add_option("--matrix-json", mutants.matrix_json, "With --matrix: write the matrix as JSON here");
  mutants_cmd->add_flag("--coverage-only", mutants.coverage_only, "Only check that every case is listed under some fault");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  if (run_cmd->parsed()) return run_command(run);
  if (list_cmd->parsed()) return list_command(list_sel);
  if (validate_cmd->parsed()) return validate_command(validate_dir);
  if (mutants_cmd->parsed()) return mutants_command(mutants);
  if (coverage_cmd->parsed()) return coverage_command(coverage);
  if (merge_cmd->parsed()) return merge_command(merge);
  if (compare_cmd->parsed()) return compare_command(compare);
  if (bench_cmd->parsed()) return bench_command(bench);
  if (origin_cmd->parsed()) return bench_origin_command(origin_port, origin_chunk);
  return kExitUsage;
}
