// `connectspec client`: its flags; session/client_session.hpp does the run.
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "session/client_session.hpp"

namespace connectspec {

Subcommand add_client_command(CLI::App& app) {
  auto o = std::make_shared<ClientOptions>();
  o->selection.cases_dir = default_cases_dir();
  auto* cmd = app.add_subcommand("client",
                                 "Run the client suite: connectspec plays the proxy and the origins and grades a CONNECT "
                                 "client (default: the reference client)");
  add_selection_flags(cmd, o->selection);
  cmd->add_option("--client", o->client,
                  "Run this client profile: a NAME under fixtures/clients/ or a profile folder (default: the reference client)");
  cmd->add_option("--command", o->command,
                  "Run this command line instead of a profile, e.g. 'curl -sS --proxy {proxy} --cacert {cafile} {url}'; "
                  "placeholders: {proxy} {proxy_host} {proxy_port} {url} {url_host} {url_port} {cafile} {user} {password}");
  cmd->add_option("--two-users-command", o->two_users_command,
                  "With --command: the same client fetching {url} through {proxy}, then through {proxy2} (another "
                  "user: {user2} {password2}); the cases that need two users run with it");
  cmd->add_option("--capability", o->capabilities,
                  "With --command: the client supports this (basic-auth, ipv6; repeatable); cases needing others are skipped");
  cmd->add_option("--scheme", o->schemes,
                  "With --command: the client fetches URLs of this scheme (https, http, tcp; repeatable; default https)");
  cmd->add_option("--clients-dir", o->clients_dir, "Where --client NAMEs are looked up (default: fixtures/clients)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--refclient-fault", o->refclient_faults,
                  "Run the reference client with this fault switched on (repeatable; see connectspec-refclient --list-faults)");
  cmd->add_option("--refclient", o->refclient, "Path of connectspec-refclient (default: next to connectspec)");
  cmd->add_option("--jobs,-j", o->jobs, "Cases run at the same time")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--timeout-scale", o->timeout_scale, "Multiply every timeout (slow machines, sanitizers)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--expect", o->expect,
                  "Compare the verdicts with this expected.toml: exit 0 when they match, 1 on any difference")
      ->check(CLI::ExistingFile);
  add_report_flags(cmd, o->reports);
  cmd->add_flag("--strict", o->strict, "SHOULD cases that are not met fail the run");
  cmd->add_flag("--verbose,-v", o->verbose, "Print every check, and transcripts of failures");
  cmd->add_flag("--quiet,-q", o->quiet, "No per-case lines");
  cmd->get_option("--capability")->needs(cmd->get_option("--command"));
  cmd->get_option("--scheme")->needs(cmd->get_option("--command"));
  cmd->get_option("--two-users-command")->needs(cmd->get_option("--command"));
  cmd->get_option("--command")->excludes(cmd->get_option("--client"));
  return {cmd, [o] { return run_client_suite(*o); }};
}

}  // namespace connectspec
