// `connectspec run`: its flags; session/full_run.hpp does the run.
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "session/full_run.hpp"

namespace connectspec {

Subcommand add_run_command(CLI::App& app) {
  auto run = std::make_shared<RunOptions>();
  run->selection.cases_dir = default_cases_dir();
  run->confirm = 1;
  auto* cmd = app.add_subcommand("run", "Run the suite against a proxy (default: the reference proxy)");
  add_run_flags(cmd, *run);
  add_shard_flag(cmd, run->selection);
  cmd->add_option("--proxy", run->proxy,
                  "Test the proxy already running at HOST:PORT (loopback, unless --allow-non-loopback)");
  cmd->add_flag("--allow-non-loopback", run->allow_non_loopback,
                "Let --proxy be an IP address off loopback (a machine or network you control; the proxy must still "
                "reach connectspec's origins on this machine's loopback)");
  cmd->add_option("--max-response-bytes", run->max_response_bytes,
                  "Stop reading a connection after this much from the proxy, and say so in the case's verdict "
                  "(default 16MiB; suffixes KiB, MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::size_t{64 << 10}, std::size_t{1} << 40));
  add_protocol_flag(cmd, *run);
  cmd->add_option("--profile", run->profile,
                  "Launch this proxy profile: a NAME under fixtures/proxies/ or a profile folder (default: refproxy)");
  cmd->add_option("--next-proxy", run->next_profile,
                  "With --profile: launch this second profile too and make the first forward every CONNECT to it "
                  "(a chain of two real proxies; cases that need other configurations are skipped)");
  cmd->add_option("--capability", run->capabilities,
                  "With --proxy: it is configured for this (basic-auth, port-policy, loopback-denied, http2; repeatable)");
  cmd->add_option("--credentials", run->credentials, "With --proxy: the USER:PASSWORD it demands (basic-auth cases)");
  cmd->add_option("--expect", run->expect,
                  "Compare the verdicts with this expected.toml: exit 0 when they match, 1 on any difference")
      ->check(CLI::ExistingFile);
  cmd->add_option("--refproxy-fault", run->refproxy_faults,
                  "Launch the reference proxy with this fault switched on (repeatable; see connectspec-refproxy --list-faults)");
  add_report_flags(cmd, run->reports);
  cmd->add_flag("--bench", [run](std::int64_t) { run->bench.emplace(); },
                "After the cases, measure the proxy as `connectspec bench` does (defaults); the reports get a Performance section");
  cmd->add_flag("--strict", run->strict, "SHOULD cases that are not met fail the run");
  cmd->add_option("--slowest", run->slowest, "At the end, list the N cases that took longest (where the time goes)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--confirm", run->confirm,
                  "Run each case that failed or warned again, alone, up to this many times once the parallel cases have "
                  "ended (default 1; 0: never); a verdict that does not repeat is marked unstable and not counted as "
                  "a failure")
      ->capture_default_str()
      ->check(CLI::Range(0, 10));
  cmd->add_flag("--host-network", run->host_network,
                "Launch a profile that asks for connectspec's private network (its [launch] private_network: a "
                "loopback-only network namespace whose kernel gives up a TCP dial after 7 s, not ~2 min) in this "
                "machine's network instead");
  cmd->add_flag("--verbose,-v", run->verbose, "Print every check, and transcripts of failures");
  cmd->get_option("--proxy")->excludes(cmd->get_option("--refproxy-fault"));
  cmd->get_option("--proxy")->excludes(cmd->get_option("--profile"));
  add_profiles_dir_flag(cmd, *run);
  cmd->get_option("--host-network")->excludes(cmd->get_option("--proxy"));
  cmd->get_option("--capability")->needs(cmd->get_option("--proxy"));
  cmd->get_option("--next-proxy")->excludes(cmd->get_option("--proxy"));
  cmd->get_option("--credentials")->needs(cmd->get_option("--proxy"));
  return {cmd, [run] { return run_and_report(*run); }};
}

}  // namespace connectspec
