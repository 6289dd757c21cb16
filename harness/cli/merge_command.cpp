// `connectspec merge`: join the JSON of the shards of one run (or of runs of different parts of
// the suite against one implementation) into one result, and write its reports.

#include <unistd.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "report/run/console_reporter.hpp"
#include "report/read/merged_run.hpp"
#include "session/run_reports.hpp"

namespace connectspec {

namespace {

struct MergeOptions {
  std::vector<std::string> inputs;
  std::map<std::string, std::string, std::less<>> reports;  // format name -> path
};

int merge_results(const MergeOptions& opts) {
  std::vector<std::unique_ptr<LoadedResults>> inputs;
  for (const auto& path : opts.inputs) {
    std::string error;
    auto loaded = read_results_file(path, error);
    if (!loaded) {
      std::cerr << "connectspec: " << error << "\n";
      return kExitUsage;
    }
    inputs.push_back(std::move(loaded));
  }
  std::string error;
  auto merged = merge_runs(inputs, error);
  if (!merged) {
    std::cerr << "connectspec: merge: " << error << "\n";
    return kExitUsage;
  }
  if (!write_run_reports(opts.reports, merged->info, merged->results, merged->requirements)) return kExitUsage;
  std::cout << "merged " << inputs.size() << (inputs.size() == 1 ? " file: " : " files: ") << merged->results.size() << " cases of " << merged->info.implementation << "\n";
  ConsoleReporter console(std::cout, color_enabled(STDOUT_FILENO), false, merged->requirements);
  console.on_finish(merged->info, merged->results);
  const Summary s = summarize(merged->results);
  return s.failed > 0 || s.errored > 0 ? kExitFail : kExitPass;
}

}  // namespace

Subcommand add_merge_command(CLI::App& app) {
  auto merge = std::make_shared<MergeOptions>();
  auto* cmd = app.add_subcommand("merge", "Join the JSON results of the shards of one run (run --shard K/N) into one result");
  cmd->add_option("results", merge->inputs, "Results files (JSON) to join")->required();
  add_report_flags(cmd, merge->reports, " of the joined results");
  return {cmd, [merge] { return merge_results(*merge); }};
}

}  // namespace connectspec
