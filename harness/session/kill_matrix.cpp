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

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <unistd.h>

#include "launch/command_output.hpp"
#include "report/read/results_reader.hpp"

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

void read_column(Column& col, const std::filesystem::path& json) {
  std::string error;
  auto loaded = read_results_file(json.string(), error);
  if (!loaded) {
    col.usage_or_proxy_error = kExitProxy;
    col.log += "\nno readable results: " + error;
    return;
  }
  for (const CaseResult& r : loaded->results)
    col.by_case[r.test->id] = Cell{r.outcome, killed(r), r.reason};
}

// Each column is a `connectspec run` of its own: columns mostly wait on proxies and timeouts,
// so several run at once; one io_context drives them all.
// `order`: the columns in the order to start them (the slow ones first, so they overlap the rest).
// A run speaks one protocol, so a column is a run per protocol family the suite has cases of.
void run_columns(std::vector<Column>& columns, const std::vector<std::size_t>& order, const MutantsOptions& opts,
                 const std::vector<std::string>& protocols, const std::filesystem::path& out_dir) {
  asio::io_context io;
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::vector<std::pair<std::size_t, std::string>> runs;  // (column, protocol), in start order
  for (std::size_t i : order)
    for (const auto& p : protocols) runs.emplace_back(i, p);
  std::size_t next = 0;
  constexpr int kConcurrent = 6;
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < runs.size()) {
      const auto& [index, protocol] = runs[next++];
      Column& col = columns[index];
      std::string file = (col.fault.empty() ? std::string("reference") : col.fault) + "-" + protocol + ".json";
      std::replace(file.begin(), file.end(), '/', '_');
      auto json = out_dir / file;
      std::vector<std::string> argv{self, "run", "--cases", opts.run.selection.cases_dir, "--jobs",
                                    std::to_string(opts.run.jobs), "--timeout-scale",
                                    std::to_string(opts.run.timeout_scale), "--protocol", protocol,
                                    "--json", json.string()};
      if (!opts.run.refproxy.empty()) argv.insert(argv.end(), {"--refproxy", opts.run.refproxy});
      if (!col.fault.empty()) argv.insert(argv.end(), {"--refproxy-fault", col.fault});
      std::cerr << "running the suite against " << (col.fault.empty() ? "the reference" : col.fault) << " over " << protocol
                << "\n";
      // Bounded: every case has its own deadline; this only catches a harness that hangs.
      auto limit = std::chrono::milliseconds(static_cast<long long>(900000 * opts.run.timeout_scale));
      CommandOutput r = co_await run_command_output(io.get_executor(), argv, {}, limit);
      col.log += r.output + r.problem;
      if (!r.exit_status || *r.exit_status == kExitUsage || *r.exit_status == kExitProxy)
        col.usage_or_proxy_error = r.exit_status.value_or(kExitProxy);
      else
        read_column(col, json);
    }
  };
  for (int i = 0; i < kConcurrent; ++i) asio::co_spawn(io, worker(), asio::detached);
  io.run();
}

}  // namespace

int kill_matrix(const MutantsOptions& opts, const LoadedSuite& suite, const std::vector<Mutant>& mutants) {
  std::vector<const Case*> cases;
  for (const Case& c : suite.cases)
    if (c.role == Role::proxy) cases.push_back(&c);  // client cases are the reference client's to kill

  std::vector<Column> columns(1 + mutants.size());
  for (std::size_t i = 0; i < mutants.size(); ++i) columns[i + 1].fault = mutants[i].fault;
  std::filesystem::path out_dir = std::filesystem::temp_directory_path() / ("connectspec-matrix-" + std::to_string(::getpid()));
  std::filesystem::create_directories(out_dir);
  // A mutant that kills a timeout case makes that case wait out its whole bound (up to 75 s):
  // started last, it would end the matrix a minute after everything else.
  std::set<std::string> timeout_cases;
  for (const Case& c : suite.cases)
    if (std::find(c.tags.begin(), c.tags.end(), "timeout") != c.tags.end()) timeout_cases.insert(c.id);
  std::vector<std::size_t> order(columns.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto slow = [&](std::size_t i) {
    if (i == 0) return false;
    const auto& kills = mutants[i - 1].kills;
    return std::any_of(kills.begin(), kills.end(), [&](const std::string& id) { return timeout_cases.count(id) > 0; });
  };
  std::stable_partition(order.begin(), order.end(), slow);
  std::vector<std::string> protocols;  // the families the suite has cases of: HTTP/2 cases run over h2c
  if (std::any_of(cases.begin(), cases.end(), [](const Case* c) { return !is_http2(c->protocol); })) protocols.push_back("http/1.1");
  if (std::any_of(cases.begin(), cases.end(), [](const Case* c) { return is_http2(c->protocol); })) protocols.push_back("h2c");
  run_columns(columns, order, opts, protocols, out_dir);
  std::error_code rm_ec;
  std::filesystem::remove_all(out_dir, rm_ec);
  for (const auto& col : columns)
    if (col.usage_or_proxy_error) {
      std::cerr << "connectspec: the run against " << (col.fault.empty() ? "the reference" : col.fault) << " failed:\n"
                << col.log << "\n";
      return *col.usage_or_proxy_error;
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
