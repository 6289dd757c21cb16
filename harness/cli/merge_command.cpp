#include "cli/merge_command.hpp"

#include <unistd.h>

#include <iostream>

#include "cli/output_file.hpp"
#include "cli/run_command.hpp"
#include "report/run/console_reporter.hpp"
#include "report/run/html_report.hpp"
#include "report/run/json_report.hpp"
#include "report/run/junit_report.hpp"
#include "report/read/merged_run.hpp"

namespace connectspec {

int merge_command(const MergeOptions& opts) {
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
  bool written = true;
  if (!opts.json.empty())
    written = write_file(opts.json, [&](std::ostream& o) { write_json_report(o, merged->info, merged->results, merged->requirements); }) &&
              written;
  if (!opts.junit.empty())
    written = write_file(opts.junit, [&](std::ostream& o) { write_junit_report(o, merged->info, merged->results, merged->requirements); }) && written;
  if (!opts.html.empty())
    written = write_file(opts.html, [&](std::ostream& o) { write_html_report(o, merged->info, merged->results, merged->requirements); }) &&
              written;
  if (!written) return kExitUsage;
  std::cout << "merged " << inputs.size() << (inputs.size() == 1 ? " file: " : " files: ") << merged->results.size() << " cases of " << merged->info.implementation << "\n";
  ConsoleReporter console(std::cout, color_enabled(STDOUT_FILENO), false, merged->requirements);
  console.on_finish(merged->info, merged->results);
  const Summary s = summarize(merged->results);
  return s.failed > 0 || s.errored > 0 ? kExitFail : kExitPass;
}

}  // namespace connectspec
