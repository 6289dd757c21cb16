#include "cli/common_flags.hpp"

#include "report/run/run_report_formats.hpp"

namespace connectspec {

void add_selection_flags(CLI::App* cmd, Selection& sel) {
  cmd->add_option("--cases", sel.cases_dir, "Folder of case files: <name>.toml or <topic>/<name>.toml")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--catalogue", sel.catalogue,
                  "Requirement catalogue (TOML) that adds to or replaces entries of the built-in one")
      ->check(CLI::ExistingFile);
  cmd->add_option("--filter", sel.filters, "Only cases whose id matches this glob (repeatable)");
  cmd->add_option("--tag", sel.tags, "Only cases with this tag or topic (repeatable)");
  cmd->add_option("--level", sel.levels, "Only cases of this level: MUST, SHOULD, MAY, INFO, in any case (repeatable)");
  cmd->add_flag("--quick", sel.quick,
                "Leave out the cases that wait out the proxy's own timers (tagged slow: a connect or read timeout); "
                "says how many");
}

void add_shard_flag(CLI::App* cmd, Selection& sel) {
  cmd->add_option("--shard", sel.shard,
                  "Only the K-th of N parts of the selected cases (K/N, e.g. 2/4); join the shards' JSON with `merge`");
}

void add_profiles_dir_flag(CLI::App* cmd, RunOptions& o) {
  cmd->add_option("--profiles-dir", o.profiles_dir, "Where --profile NAMEs are looked up (default: fixtures/proxies)")
      ->check(CLI::ExistingDirectory);
}

void add_run_flags(CLI::App* cmd, RunOptions& o) {
  add_selection_flags(cmd, o.selection);
  cmd->add_option("--jobs,-j", o.jobs, "Cases run at the same time")->capture_default_str()->check(CLI::Range(1, 256));
  cmd->add_option("--timeout-scale", o.timeout_scale, "Multiply every timeout (slow machines, sanitizers)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--refproxy", o.refproxy, "Path of connectspec-refproxy (default: next to connectspec)");
}

void add_protocol_flag(CLI::App* cmd, RunOptions& o, const std::string& help) {
  std::vector<std::string> names(std::begin(kProtocolNames), std::end(kProtocolNames));
  names.push_back("h1");  // the short name people type beside h2c and h2
  cmd->add_option_function<std::string>(
         "--protocol", [&o](const std::string& name) { o.protocol = name == "h1" ? Protocol::http1 : protocol_named(name); },
         !help.empty() ? help
                       : "Speak this to the proxy: http/1.1 (or h1), h2c (HTTP/2 over cleartext, prior knowledge) or h2 "
                         "(HTTP/2 over TLS, ALPN h2); the cases of its family run (default: the profile's first "
                         "`protocols`, http/1.1 for --proxy)")
      ->check(CLI::IsMember(names));
}

void add_report_flags(CLI::App* cmd, std::map<std::string, std::string, std::less<>>& reports, const std::string& of_what) {
  for (const RunReportFormat& f : run_report_formats()) {
    std::string name(f.name);
    // std::map keeps the address of an element: each flag writes straight into its entry.
    std::string help = "Write " + std::string(f.what) + of_what + " here";
    if (!f.note.empty()) help += " (" + std::string(f.note) + ")";
    cmd->add_option("--" + name, reports[name], help);
  }
}

}  // namespace connectspec
