#include "session/mutant_runs.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include "session/child_runs.hpp"
#include "session/kill_matrix.hpp"
#include "session/run_session.hpp"

namespace connectspec {

int run_mutants(const MutantsOptions& opts) {
  LoadedSuite suite = load_cases(opts.run.selection);
  if (!report_problems(suite)) return kExitUsage;
  Diagnostics problems;
  std::vector<std::string> ids;
  for (const Case& c : suite.cases) ids.push_back(c.id);
  auto mutants = read_mutant_catalogue(opts.catalogue, ids, problems);
  for (const auto& p : problems) std::cerr << p.str() << "\n";
  if (!problems.empty()) return kExitUsage;
  if (opts.matrix) return kill_matrix(opts, suite, mutants);

  int passed = 0, failed = 0;
  std::map<std::string, std::vector<std::string>> killers;  // case id -> faults listed for it
  for (const auto& m : mutants)
    for (const auto& id : m.kills) killers[id].push_back(m.fault);

  if (opts.only.empty()) {
    // Every case must be able to fail: at least one mutant must be listed as killing it.
    for (const Case& c : suite.cases) {
      if (c.role != Role::proxy) continue;  // client cases have the reference client's faults (fixtures/refclient/mutants.toml)
      if (killers.count(c.id)) { ++passed; continue; }
      ++failed;
      std::cout << "NO MUTANT  " << c.id << "  (" << c.pos.file << "): no fault of the reference proxy is listed as making it fail\n";
    }
  }

  // Each fault against the cases listed for it, a run per protocol family, several at once. A case
  // that makes the proxy look a name up runs only offline (scripts/offline-run); elsewhere its
  // runs would leave it out, so it is named here instead. With --quick, the cases that wait out
  // the proxy's timers are left out, and counted.
  Selection here;
  set_offline(here);
  struct Planned {
    ChildRun run;
    const Mutant* mutant;
    int longest_ms;  // the longest bound (timeout_ms) of its cases
  };
  std::vector<Planned> planned;
  std::vector<std::string> left_quick;
  bool found = opts.only.empty();
  for (const auto& m : mutants) {
    if (opts.coverage_only) break;
    if (!opts.only.empty() && m.fault != opts.only) continue;
    found = true;
    for (Protocol p : {Protocol::http1, Protocol::h2c}) {
      Planned plan{ChildRun(m.fault, p), &m, 0};
      for (const auto& id : m.kills)
        for (const Case& c : suite.cases)
          if (c.id == id && c.role == Role::proxy && is_http2(c.protocol) == is_http2(p)) {
            if (c.looks_up_names() && !*here.offline) {
              std::cout << "NOT RUN    " << m.fault << "  " << id << "  it makes the proxy look a name up, and "
                        << here.not_offline_because << " (run it under scripts/offline-run)\n";
            } else if (opts.run.selection.quick && c.waits_on_proxy_timer()) {
              left_quick.push_back(m.fault + " " + id);
            } else {
              plan.run.filters.push_back(id);
              plan.longest_ms = std::max(plan.longest_ms, c.timeout_ms);
            }
          }
      if (!plan.run.filters.empty()) planned.push_back(std::move(plan));
    }
  }
  if (!left_quick.empty()) {
    std::cout << "--quick: " << left_quick.size() << " listed " << (left_quick.size() == 1 ? "kill" : "kills")
              << " of cases that wait out the proxy's timers not run:";
    for (std::size_t i = 0; i < left_quick.size(); ++i) std::cout << (i ? ", " : " ") << left_quick[i];
    std::cout << "\n";
  }
  // The runs that may take longest start first, so that the rest overlap them instead of one of
  // them ending the self-test alone (a fault that never times a dial out holds its case 75 s).
  std::stable_sort(planned.begin(), planned.end(),
                   [](const Planned& a, const Planned& b) { return a.longest_ms > b.longest_ms; });
  std::vector<ChildRun> runs;
  std::vector<const Mutant*> fault_of;
  for (auto& plan : planned) {
    runs.push_back(std::move(plan.run));
    fault_of.push_back(plan.mutant);
  }
  run_children(runs, opts.run, kConcurrentRuns);
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const ChildRun& run = runs[k];
    if (run.failed_exit) {
      std::cerr << "connectspec: the run against " << run.label() << " failed:\n" << run.log << "\n";
      return *run.failed_exit;
    }
    for (const auto& r : run.results->results) {
      bool caught = killed(r);
      (caught ? passed : failed)++;
      std::cout << (caught ? "killed     " : "SURVIVED   ") << fault_of[k]->fault << "  " << r.test->id << "  "
                << to_string(r.outcome) << (r.reason.empty() ? "" : ": " + r.reason) << "\n";
    }
  }
  if (!found) {
    std::cerr << "connectspec: --only " << opts.only << ": no such fault in " << opts.catalogue << "\n";
    return kExitUsage;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed ? kExitFail : kExitPass;
}

}  // namespace connectspec
