// The proof that every case can fail: the whole suite runs against the reference proxy, which
// must pass it, and against each mutant; a case that no mutant makes fail tests nothing.
#include <boost/json.hpp>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "cli/mutants_command.hpp"

namespace connectspec {

namespace {

// One column: the results of every case against one proxy build.
struct Column {
  std::string fault;  // empty = the reference
  std::map<std::string, const CaseResult*> by_case;
  RunOutcome outcome;
};

std::optional<int> run_column(Column& col, const std::vector<const Case*>& cases, const MutantsOptions& opts) {
  RunOptions run = opts.run;
  run.refproxy_faults.clear();
  if (!col.fault.empty()) run.refproxy_faults = {col.fault};
  run.quiet = true;
  auto target = load_target(run);
  if (auto* code = std::get_if<int>(&target)) return *code;
  try {
    col.outcome = execute_run(cases, run, std::get<LoadedTarget>(target));
  } catch (const std::exception& e) {
    std::cerr << "connectspec: " << e.what() << "\n";
    return kExitProxy;
  }
  if (col.outcome.exit_code == kExitProxy || col.outcome.exit_code == kExitUsage) return col.outcome.exit_code;
  for (const auto& r : col.outcome.results) col.by_case[r.test->id] = &r;
  return std::nullopt;
}

// The reference must meet every expectation; a skipped case (no IPv6 here) is not a failure.
bool reference_ok(const CaseResult& r) {
  return (r.outcome == Outcome::pass || r.outcome == Outcome::info || r.outcome == Outcome::skip) && !killed(r);
}

char cell(const CaseResult* r) {
  if (!r) return ' ';
  if (r->outcome == Outcome::skip) return 's';
  if (r->outcome == Outcome::error) return 'E';
  if (!killed(*r)) return '.';
  if (r->outcome == Outcome::fail) return 'X';
  if (r->outcome == Outcome::warn) return 'w';
  return 'i';
}

}  // namespace

int kill_matrix(const MutantsOptions& opts, const LoadedSuite& suite, const std::vector<Mutant>& mutants) {
  std::vector<const Case*> cases;
  for (const Case& c : suite.cases) cases.push_back(&c);

  std::vector<Column> columns(1 + mutants.size());
  for (std::size_t i = 0; i < mutants.size(); ++i) columns[i + 1].fault = mutants[i].fault;
  for (auto& col : columns) {
    std::cerr << "running " << cases.size() << " cases against " << (col.fault.empty() ? "the reference" : col.fault)
              << "\n";
    if (auto code = run_column(col, cases, opts)) return *code;
  }

  // Legend and matrix: one row per case, one column per mutant (numbered; the reference first).
  std::cout << "Kill matrix: X = fails (MUST), w = warns (SHOULD), i = an INFO check differs, . = survives,"
               " s = skipped, E = harness error\n";
  std::cout << "  R  reference (must pass every case)\n";
  for (std::size_t i = 0; i < mutants.size(); ++i)
    std::cout << "  " << std::setw(2) << i + 1 << " " << mutants[i].fault << "\n";
  std::size_t width = 0;
  for (const Case* c : cases) width = std::max(width, c->id.size());
  std::string header(width + 2, ' ');
  header += "R ";
  for (std::size_t i = 0; i < mutants.size(); ++i) header += std::to_string((i + 1) % 10);
  std::cout << "\n" << header << "\n";

  std::set<std::string> failing;  // cases with a problem
  std::vector<std::string> messages;
  boost::json::array rows;
  for (const Case* c : cases) {
    const CaseResult* ref = columns[0].by_case[c->id];
    std::string line = c->id + std::string(width + 2 - c->id.size(), ' ');
    line += ref && reference_ok(*ref) ? (ref->outcome == Outcome::skip ? 's' : 'P') : 'F';
    line += ' ';
    boost::json::array killers;
    bool skipped = ref && ref->outcome == Outcome::skip;
    for (std::size_t i = 1; i < columns.size(); ++i) {
      const CaseResult* r = columns[i].by_case[c->id];
      line += cell(r);
      if (r && killed(*r)) killers.emplace_back(columns[i].fault);
    }
    std::cout << line << "\n";
    if (!ref || !reference_ok(*ref)) {
      failing.insert(c->id);
      messages.push_back("REFERENCE FAILS  " + c->id + ": " + (ref ? std::string(to_string(ref->outcome)) + ": " + ref->reason : "not run"));
    }
    if (killers.empty() && !skipped) {
      failing.insert(c->id);
      messages.push_back("NOT KILLED  " + c->id + " (" + c->pos.file + "): no mutant of the reference proxy makes it fail");
    }
    rows.push_back({{"case", c->id}, {"level", to_string(c->level)},
                    {"reference", ref ? to_string(ref->outcome) : "not run"}, {"killed_by", std::move(killers)}});
  }
  // Declared kills (mutants.toml) must really happen: the catalogue is documentation a reviewer trusts.
  for (std::size_t i = 0; i < mutants.size(); ++i)
    for (const auto& id : mutants[i].kills) {
      const CaseResult* r = columns[i + 1].by_case[id];
      if (r && !killed(*r) && r->outcome != Outcome::skip) {
        failing.insert(id);
        messages.push_back("SURVIVED  " + mutants[i].fault + "  " + id + " (listed in the mutant catalogue): " +
                           std::string(to_string(r->outcome)) + (r->reason.empty() ? "" : ": " + r->reason));
      }
    }
  std::cout << "\n";
  for (const auto& m : messages) std::cout << m << "\n";

  if (!opts.matrix_json.empty()) {
    boost::json::array faults;
    for (const auto& m : mutants) faults.emplace_back(m.fault);
    std::ofstream out(opts.matrix_json);
    out << boost::json::serialize(boost::json::object{{"mutants", std::move(faults)}, {"cases", std::move(rows)}}) << "\n";
    if (!out) std::cerr << "connectspec: --matrix-json " << opts.matrix_json << ": cannot write\n";
  }
  std::cout << cases.size() << " cases x " << mutants.size() << " mutants; " << cases.size() - failing.size()
            << " passed, " << failing.size() << " failed\n";
  return failing.empty() ? kExitPass : kExitFail;
}

}  // namespace connectspec
