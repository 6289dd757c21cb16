// The proof that every case can fail: the whole suite runs against the reference proxy, which
// must pass it, and against each mutant; a case that no mutant makes fail tests nothing.
#include "session/kill_matrix.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "session/child_runs.hpp"

namespace connectspec {

namespace {

// One matrix cell's worth of a case result, as the column's run reported it in its JSON.
struct Cell {
  Outcome outcome = Outcome::error;
  bool killed = false;  // the result shows the broken rule (expect/mutant_catalogue.hpp)
  std::string reason;
};

// One column: every case against one build of the reference proxy (no fault = the reference).
struct Column {
  std::string fault;
  std::map<std::string, Cell> by_case;
  std::optional<int> usage_or_proxy_error;  // the run itself failed (exit 2 or 3)
  std::string log;
};

bool killed(const Cell& c) { return c.killed; }

// The reference must meet every expectation; a skipped case (no IPv6 here) is not a failure.
bool reference_ok(const Cell& c) {
  return (c.outcome == Outcome::pass || c.outcome == Outcome::info || c.outcome == Outcome::skip) && !killed(c);
}

char cell(const Cell* c) {
  if (!c) return ' ';
  if (c->outcome == Outcome::skip) return 's';
  if (c->outcome == Outcome::error) return 'E';
  if (!killed(*c)) return '.';
  if (c->outcome == Outcome::fail) return 'X';
  if (c->outcome == Outcome::warn) return 'w';
  return 'i';
}

void read_column(Column& col, const ChildRun& run) {
  col.log += run.log;
  if (run.failed_exit) {
    col.usage_or_proxy_error = run.failed_exit;
    return;
  }
  for (const CaseResult& r : run.results->results)
    col.by_case[r.test->id] = Cell{r.outcome, killed(r), r.reason};
}

}  // namespace

int kill_matrix(const MutantsOptions& opts, const LoadedSuite& suite, const std::vector<Mutant>& mutants) {
  std::vector<const Case*> cases;
  for (const Case& c : suite.cases)
    if (c.role == Role::proxy) cases.push_back(&c);  // client cases are the reference client's to kill
  // The runs leave out the cases that make the proxy look a name up unless this machine is
  // offline (scripts/offline-run): so does the matrix, saying so.
  Selection here;
  set_offline(here);
  if (!*here.offline) {
    std::string left_out;
    std::erase_if(cases, [&](const Case* c) {
      if (!c->looks_up_names()) return false;
      left_out += (left_out.empty() ? "" : ", ") + c->id;
      return true;
    });
    if (!left_out.empty())
      std::cout << "Not in the matrix, since " << here.not_offline_because << " (run them under scripts/offline-run): "
                << left_out << "\n";
  }

  std::vector<Column> columns(1 + mutants.size());
  for (std::size_t i = 0; i < mutants.size(); ++i) columns[i + 1].fault = mutants[i].fault;
  // The slow cases (tag slow) each wait out a timer of 20 s or so: run against every mutant they
  // would make every column that long. They run against the reference and against the mutants
  // listed as killing them; the other columns leave them out (--quick), a blank in the matrix.
  std::set<std::string> slow_cases;
  for (const Case* c : cases)
    if (c->waits_on_proxy_timer()) slow_cases.insert(c->id);
  auto kills_a_slow_case = [&](std::size_t i) {
    if (i == 0) return true;
    const auto& kills = mutants[i - 1].kills;
    return std::any_of(kills.begin(), kills.end(), [&](const std::string& id) { return slow_cases.count(id) > 0; });
  };
  // The columns that take a timer's length start first, so that they overlap the quick ones
  // instead of ending the matrix alone.
  std::set<std::string> timeout_cases;
  for (const Case& c : suite.cases)
    if (std::find(c.tags.begin(), c.tags.end(), "timeout") != c.tags.end()) timeout_cases.insert(c.id);
  std::vector<std::size_t> order(columns.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto slow = [&](std::size_t i) {
    if (kills_a_slow_case(i)) return true;
    const auto& kills = mutants[i - 1].kills;
    return std::any_of(kills.begin(), kills.end(), [&](const std::string& id) { return timeout_cases.count(id) > 0; });
  };
  std::stable_partition(order.begin(), order.end(), slow);
  std::vector<Protocol> protocols;  // the families the suite has cases of: HTTP/2 cases run over h2c
  if (std::any_of(cases.begin(), cases.end(), [](const Case* c) { return !is_http2(c->protocol); })) protocols.push_back(Protocol::http1);
  if (std::any_of(cases.begin(), cases.end(), [](const Case* c) { return is_http2(c->protocol); })) protocols.push_back(Protocol::h2c);
  // A run speaks one protocol, so a column is a run per protocol family the suite has cases of.
  std::vector<ChildRun> runs;
  std::vector<std::size_t> column_of;
  for (std::size_t i : order)
    for (Protocol p : protocols) {
      runs.emplace_back(columns[i].fault, p);
      runs.back().quick = !kills_a_slow_case(i);
      column_of.push_back(i);
    }
  run_children(runs, opts.run, kConcurrentRuns);
  for (std::size_t k = 0; k < runs.size(); ++k) read_column(columns[column_of[k]], runs[k]);
  for (const auto& col : columns)
    if (col.usage_or_proxy_error) {
      std::cerr << "connectspec: the run against " << (col.fault.empty() ? "the reference" : col.fault) << " failed:\n"
                << col.log << "\n";
      return *col.usage_or_proxy_error;
    }

  // Legend and matrix: one row per case, one column per mutant (numbered; the reference first).
  std::cout << "Kill matrix: X = fails (MUST), w = warns (SHOULD), i = an INFO check differs, . = survives,"
               " s = skipped, E = harness error; blank = not run (a slow case runs only against the reference"
               " and the mutants listed as killing it)\n";
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
    const Cell* ref = columns[0].by_case.count(c->id) ? &columns[0].by_case[c->id] : nullptr;
    std::string line = c->id + std::string(width + 2 - c->id.size(), ' ');
    line += ref && reference_ok(*ref) ? (ref->outcome == Outcome::skip ? 's' : 'P') : 'F';
    line += ' ';
    boost::json::array killers;
    bool skipped = ref && ref->outcome == Outcome::skip;
    for (std::size_t i = 1; i < columns.size(); ++i) {
      const Cell* r = columns[i].by_case.count(c->id) ? &columns[i].by_case[c->id] : nullptr;
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
      const Cell* r = columns[i + 1].by_case.count(id) ? &columns[i + 1].by_case[id] : nullptr;
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
