#include "session/child_runs.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "launch/command_output.hpp"
#include "session/exit_codes.hpp"

namespace connectspec {

std::string ChildRun::label() const {
  return (fault.empty() ? std::string("the reference") : "fault " + fault) + " over " + std::string(to_string(protocol));
}

namespace {

std::vector<std::string> child_argv(const std::string& self, const ChildRun& run, const RunOptions& opts,
                                    const std::string& json) {
  std::vector<std::string> argv{self, "run", "--cases", opts.selection.cases_dir, "--jobs", std::to_string(opts.jobs),
                                "--timeout-scale", std::to_string(opts.timeout_scale), "--confirm", "0",
                                "--protocol", std::string(to_string(run.protocol)), "--json", json};
  if (!opts.selection.catalogue.empty()) argv.insert(argv.end(), {"--catalogue", opts.selection.catalogue});
  if (!opts.refproxy.empty()) argv.insert(argv.end(), {"--refproxy", opts.refproxy});
  if (!run.fault.empty()) argv.insert(argv.end(), {"--refproxy-fault", run.fault});
  for (const auto& f : run.filters) argv.insert(argv.end(), {"--filter", f});
  if (run.quick) argv.push_back("--quick");
  return argv;
}

}  // namespace

void run_children(std::vector<ChildRun>& runs, const RunOptions& opts, int concurrent) {
  namespace fs = std::filesystem;
  fs::path out_dir = fs::temp_directory_path() / ("connectspec-children-" + std::to_string(::getpid()));
  fs::create_directories(out_dir);
  asio::io_context io;
  std::string self = fs::read_symlink("/proc/self/exe").string();
  std::size_t next = 0;
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < runs.size()) {
      std::size_t index = next++;
      ChildRun& run = runs[index];
      std::string json = (out_dir / (std::to_string(index) + ".json")).string();
      std::cerr << "running " << (run.filters.empty() ? "the suite" : "its cases") << " against " << run.label() << "\n";
      // Bounded: every case has its own deadline; this only catches a harness that hangs.
      auto limit = std::chrono::milliseconds(static_cast<long long>(900000 * opts.timeout_scale));
      CommandOutput r = co_await run_command_output(io.get_executor(), child_argv(self, run, opts, json), {}, limit);
      run.log += r.output + r.problem;
      if (!r.exit_status || *r.exit_status == kExitUsage || *r.exit_status == kExitProxy) {
        run.failed_exit = r.exit_status.value_or(kExitProxy);
        continue;
      }
      std::string error;
      run.results = read_results_file(json, error);
      if (!run.results) {
        run.failed_exit = kExitProxy;
        run.log += "\nno readable results: " + error;
      }
    }
  };
  for (int i = 0; i < std::max(1, concurrent); ++i) asio::co_spawn(io, worker(), asio::detached);
  io.run();
  std::error_code ec;
  fs::remove_all(out_dir, ec);
}

}  // namespace connectspec
