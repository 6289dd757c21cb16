// Flags several subcommands share, defined once so that they read the same everywhere.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "session/run_options.hpp"

namespace connectspec {

// --cases, --filter, --tag, --level
void add_selection_flags(CLI::App* cmd, Selection& sel);
// --shard K/N
void add_shard_flag(CLI::App* cmd, Selection& sel);
// --profiles-dir
void add_profiles_dir_flag(CLI::App* cmd, RunOptions& o);
// The selection and --jobs, --timeout-scale, --refproxy: what every command that runs cases takes.
void add_run_flags(CLI::App* cmd, RunOptions& o);
// --protocol http/1.1|h2c|h2 (h1 is taken for http/1.1): what the run speaks to the proxy
// (RunOptions::protocol); `help` says what it changes, for commands other than `run`.
void add_protocol_flag(CLI::App* cmd, RunOptions& o, const std::string& help = "");
// One flag per run report format (--junit, --json, --html), each writing to reports[name];
// `of_what` says whose ("Write JUnit XML of the joined results here").
void add_report_flags(CLI::App* cmd, std::map<std::string, std::string, std::less<>>& reports,
                      const std::string& of_what = "");

}  // namespace connectspec
