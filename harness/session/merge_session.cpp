#include "session/merge_session.hpp"

#include <unistd.h>

#include <iostream>

#include "report/read/merged_run.hpp"
#include "report/run/console_reporter.hpp"
#include "session/exit_codes.hpp"
#include "session/run_reports.hpp"

namespace connectspec {

int merge_and_report(const MergeOptions& opts) {
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

}  // namespace connectspec
