#include "session/full_run.hpp"

#include <iostream>

#include "bench/file_limit.hpp"
#include "expect/expected_verdicts.hpp"
#include "launch/private_network.hpp"
#include "report/bench/bench_console.hpp"
#include "session/open_fds.hpp"
#include "session/run_reports.hpp"
#include "session/run_session.hpp"
#include "session/verdict_drift.hpp"

namespace connectspec {

int run_and_report(const RunOptions& opts) {
  if (auto err = check_selection(opts.selection)) {
    std::cerr << "connectspec: " << *err << "\n";
    return kExitUsage;
  }
  LoadedSuite suite = load_cases(opts.selection);
  if (!report_problems(suite)) return kExitUsage;
  auto target = load_target(opts);
  if (auto* code = std::get_if<int>(&target)) return *code;
  // The run speaks one protocol: only the cases of its family are selected.
  Selection selection = opts.selection;
  selection.protocol = std::get<LoadedTarget>(target).protocol;
  set_offline(selection);
  auto cases = select_cases(suite, selection);
  const std::string left_out = other_protocol_note(suite, selection);
  if (cases.empty()) {
    Selection whole = selection;
    whole.shard.clear();
    if (!select_cases(suite, whole).empty())
      std::cerr << "connectspec: --shard " << opts.selection.shard << ": only " << select_cases(suite, whole).size()
                << " cases are selected, too few for every shard to have one\n";
    else if (const std::string offline = offline_note(suite, selection); !offline.empty())
      std::cerr << "connectspec: no case to run here: " << offline << "\n";
    else if (!left_out.empty())
      std::cerr << "connectspec: no case of this run's protocol in " << opts.selection.cases_dir << ": " << left_out << "\n";
    else
      std::cerr << "connectspec: no case in " << opts.selection.cases_dir << " matches --filter/--tag/--level\n";
    return kExitUsage;
  }
  if (!left_out.empty() && !opts.quiet) std::cout << left_out << "\n";
  if (const std::string quick = quick_note(suite, selection); !quick.empty() && !opts.quiet) std::cout << quick << "\n";
  if (const std::string offline = offline_note(suite, selection); !offline.empty() && !opts.quiet) std::cout << offline << "\n";
  // Before the proxy is launched: it inherits the raised limit, and holding needs it on both sides.
  if (opts.bench) {
    if (auto why = bench::hold_exceeds_file_limit(opts.bench->run_hold ? opts.bench->hold : 0)) {
      std::cerr << "connectspec: run --bench: " << *why << "\n";
      return kExitUsage;
    }
  }
  ExpectedVerdicts expected;
  if (!opts.expect.empty()) {
    std::vector<std::string> ids;
    for (const auto& c : suite.cases) ids.push_back(c.id);
    Diagnostics problems;
    expected = load_expected_verdicts(opts.expect, ids, problems);
    if (!problems.empty()) {
      for (const auto& d : problems) std::cerr << d.str() << "\n";
      return kExitUsage;
    }
  }
  // A profile that asks for it is launched in the run's own network (launch/private_network.hpp).
  // Entered here, before the io_context and any thread exist, and after the offline check above,
  // which must judge the machine's network (the namespace has no resolver).
  if (auto& loaded = std::get<LoadedTarget>(target); loaded.profile && loaded.profile->private_network) {
    PrivateNetwork net;
    if (opts.host_network) net.not_entered_because = "--host-network";
    else net = enter_private_network();
    loaded.network = describe_network(net);
    if (!net.entered && !opts.host_network && !opts.quiet)
      std::cout << "connectspec: the proxy runs in this machine's network (" << net.not_entered_because
                << "): a dial to a target that drops SYNs waits for the kernel (about 2 min) where the proxy has no "
                   "connect timeout of its own\n";
  }
  RunOutcome outcome;
  const int fds_at_start = count_open_fds();
  try {
    outcome = execute_run(cases, opts, std::get<LoadedTarget>(target), suite.requirement_notes);
  } catch (const std::exception& e) {
    std::cerr << "connectspec: " << e.what() << "\n";
    return kExitProxy;
  }
  // Counted before any report is written: every socket, pipe and file of the run must be closed by now.
  outcome.info.open_fds_at_start = fds_at_start;
  outcome.info.open_fds_at_end = count_open_fds();
  if (outcome.results.empty()) return outcome.exit_code;
  if (outcome.info.bench && !opts.quiet) print_bench_table(std::cout, *outcome.info.bench);
  if (!opts.selection.shard.empty()) {
    Selection whole = selection;
    whole.shard.clear();
    outcome.info.shard = opts.selection.shard;
    outcome.info.shard_of_cases = static_cast<int>(select_cases(suite, whole).size());
  }
  if (!write_run_reports(opts.reports, outcome.info, outcome.results, suite.requirement_notes)) return kExitUsage;
  if (opts.expect.empty() || outcome.exit_code == kExitProxy || !outcome.info.interrupted.empty()) return outcome.exit_code;
  return report_verdict_drift(opts.expect, expected, outcome.results);
}

}  // namespace connectspec
