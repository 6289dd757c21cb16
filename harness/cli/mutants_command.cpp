#include "cli/mutants_command.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <toml++/toml.h>

#include "input/toml_fields.hpp"
#include "input/toml_file.hpp"

namespace connectspec {

namespace {

std::vector<Mutant> read_catalogue(const std::string& path, const LoadedSuite& suite, Diagnostics& problems) {
  std::vector<Mutant> out;
  auto root = parse_toml_file(path, path, problems);
  if (!root) return out;
  TomlFields top(*root, path, problems);
  const toml::node* list = top.node("mutant");
  top.reject_unknown({"mutant"});
  if (!list || !list->is_array_of_tables()) {
    top.error_at_table("expected [[mutant]] tables with fault = \"name\" and kills = [case ids]");
    return out;
  }
  std::set<std::string> ids;
  for (const Case& c : suite.cases) ids.insert(c.id);
  for (const toml::node& n : *list->as_array()) {
    TomlFields f(*n.as_table(), path, problems, "mutant");
    Mutant m;
    m.fault = f.string("fault", true).value_or("");
    m.kills = f.strings("kills", true).value_or(std::vector<std::string>{});
    f.reject_unknown({"fault", "kills"});
    for (const auto& id : m.kills)
      if (!ids.count(id)) f.error(*f.node("kills"), "'" + id + "' is not a case id in the suite");
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

bool killed(const CaseResult& r) {
  return r.outcome == Outcome::fail || r.outcome == Outcome::warn ||
         std::any_of(r.checks.begin(), r.checks.end(),
                     [](const CheckResult& c) {
                       // An INFO case kills by an unmet check: what it records was not observed.
                       return c.grade == CheckResult::Grade::failed || c.grade == CheckResult::Grade::info;
                     });
}

int mutants_command(const MutantsOptions& opts) {
  LoadedSuite suite = load_suite(opts.run.selection.cases_dir);
  if (!report_problems(suite)) return kExitUsage;
  Diagnostics problems;
  auto mutants = read_catalogue(opts.catalogue, suite, problems);
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
      if (killers.count(c.id)) { ++passed; continue; }
      ++failed;
      std::cout << "NO MUTANT  " << c.id << "  (" << c.pos.file << "): no fault of the reference proxy is listed as making it fail\n";
    }
  }

  bool found = opts.only.empty();
  for (const auto& m : mutants) {
    if (opts.coverage_only) break;
    if (!opts.only.empty() && m.fault != opts.only) continue;
    found = true;
    std::vector<const Case*> cases;
    for (const auto& id : m.kills)
      for (const Case& c : suite.cases)
        if (c.id == id) cases.push_back(&c);
    RunOptions run = opts.run;
    run.refproxy_faults = {m.fault};
    run.quiet = true;
    auto target = load_target(run);
    if (auto* code = std::get_if<int>(&target)) return *code;
    RunOutcome outcome;
    try {
      outcome = execute_run(cases, run, std::get<LoadedTarget>(target));
    } catch (const std::exception& e) {
      std::cerr << "connectspec: " << e.what() << "\n";
      return kExitProxy;
    }
    if (outcome.exit_code == kExitProxy || outcome.exit_code == kExitUsage) return outcome.exit_code;
    for (const auto& r : outcome.results) {
      bool caught = killed(r);
      (caught ? passed : failed)++;
      std::cout << (caught ? "killed     " : "SURVIVED   ") << m.fault << "  " << r.test->id << "  "
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
