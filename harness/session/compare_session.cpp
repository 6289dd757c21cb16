#include "session/compare_session.hpp"

#include <filesystem>
#include <iostream>

#include "casefile/requirement_catalogue.hpp"
#include "input/toml_file.hpp"
#include "report/bench/bench_json.hpp"
#include "report/matrix/comparison.hpp"
#include "report/matrix/matrix_formats.hpp"
#include "report/matrix/report_links.hpp"
#include "report/read/json_node.hpp"
#include "report/shared/counted.hpp"
#include "session/exit_codes.hpp"
#include "session/output_file.hpp"
#include "session/suite_selection.hpp"

namespace connectspec {

namespace {

// Requirement notes for files written before results carried them: from --catalogue, else
// quietly from the suite's own catalogue when there is one.
bool load_fallback_notes(const std::string& explicit_path, RequirementNotes& notes) {
  std::string path = explicit_path;
  if (path.empty()) {
    path = default_cases_dir() + "/requirements.toml";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return true;
  }
  Diagnostics problems;
  auto catalogue = load_requirement_catalogue(path, problems);
  if (!explicit_path.empty() && !problems.empty()) {
    for (const auto& p : problems) std::cerr << p.str() << "\n";
    std::cerr << "connectspec: compare: --catalogue " << path << " has problems\n";
    return false;
  }
  for (auto& [id, note] : requirement_notes(catalogue)) notes[id] = std::move(note);
  return true;
}

// A bench file says so in its schema; anything else is read as a results file (and its errors
// are the results reader's).
bool is_bench_file(const std::string& path) {
  auto text = read_text_file(path);
  std::string error;
  auto doc = text ? parse_json_text(*text, path, error) : std::nullopt;
  if (!doc || !doc->is_object()) return false;
  const auto* schema = doc->as_object().if_contains("schema");
  return schema && schema->is_string() && schema->get_string() == "connectspec-bench/1";
}

// A bench file (`connectspec bench --json`) as a run with no cases: a column of figures only.
std::unique_ptr<LoadedResults> read_bench_as_run(const std::string& path, std::string& error) {
  auto bench = read_bench_file(path, error);
  if (!bench) return nullptr;
  auto run = std::make_unique<LoadedResults>();
  run->path = path;
  run->info.implementation = bench->implementation;
  run->info.target = bench->target;
  run->info.started_at = bench->started_at;
  run->info.harness_version = bench->harness_version;
  run->info.wall_ms = bench->wall_ms;
  // An HTTP/2 bench is a column of its own, beside the same proxy's HTTP/1.1 one: "refproxy (h2c)".
  if (auto p = protocol_named(bench->params.protocol)) run->info.protocol = *p;
  run->info.bench = std::move(bench);
  return run;
}

std::string folder_of(const std::string& path) { return std::filesystem::path(path).parent_path().string(); }

}  // namespace

int compare_and_report(const CompareOptions& opts) {
  std::vector<std::unique_ptr<LoadedResults>> loaded;
  int unreadable = 0;
  for (const auto& path : opts.inputs) {
    std::string error;
    auto results = is_bench_file(path) ? read_bench_as_run(path, error) : read_results_file(path, error);
    if (!results) {
      std::cerr << "connectspec: compare: " << error << "\n";
      ++unreadable;
      continue;
    }
    loaded.push_back(std::move(results));
  }
  if (unreadable > 0) {
    std::cerr << "connectspec: compare: " << unreadable << " of " << opts.inputs.size()
              << " input" << (opts.inputs.size() == 1 ? "" : "s") << " could not be read; nothing was written\n";
    return kExitUsage;
  }

  ComparisonOptions options;
  options.changes = opts.changes || opts.fail_on_regression;
  if (!load_fallback_notes(opts.catalogue, options.fallback_notes)) return kExitUsage;
  std::vector<const LoadedResults*> inputs;
  for (const auto& l : loaded) inputs.push_back(l.get());
  Comparison c = compare_runs(inputs, options);

  for (auto& run : c.runs) {
    if (!opts.report_link.empty()) {
      run.report = expand_report_link(opts.report_link, run);
      run.report_is_url = true;
    } else {
      run.report = find_report_beside(run.file);
    }
  }
  for (const auto& set : c.changes)
    if (!c.runs[set.from].started_at.empty() && c.runs[set.to].started_at < c.runs[set.from].started_at)
      std::cerr << "connectspec: compare: note: " << c.runs[set.to].file << " was started before " << c.runs[set.from].file
                << "; changes are read in the order the files are given (oldest first)\n";

  MatrixPage page;
  if (!opts.title.empty()) page.title = opts.title;
  std::vector<std::string> written_paths;
  bool written = true;
  for (const MatrixFormat& format : matrix_formats()) {
    auto it = opts.outputs.find(format.name);
    if (it == opts.outputs.end() || it->second.empty()) continue;
    page.output_dir = folder_of(it->second);
    written = write_file(it->second, [&](std::ostream& o) { format.write(o, c, page); }) && written;
    written_paths.push_back(it->second);
  }
  if (!written) return kExitUsage;

  const int regressions = c.regressions();
  if (written_paths.empty()) {
    write_matrix_text(std::cout, c);
  } else {
    std::cout << "compared " << counted(c.runs.size(), "run", "runs") << ": " << counted(c.cases.size(), "case", "cases") << ", "
              << c.disagreeing_cases() << " where they disagree";
    if (!c.changes.empty()) std::cout << "; " << regressions << " regression" << (regressions == 1 ? "" : "s");
    std::cout << "\n";
    for (const auto& path : written_paths) std::cout << "wrote " << path << "\n";
  }
  // The list is an error only when it decides the exit status (--fail-on-regression); otherwise
  // it is part of the answer, on stdout with the rest.
  const bool failing = opts.fail_on_regression && regressions > 0;
  if (!c.changes.empty() && regressions > 0 && !written_paths.empty()) {
    std::ostream& out = failing ? std::cerr : std::cout;
    out << (failing ? "connectspec: compare: " : "") << regressions << " regression" << (regressions == 1 ? "" : "s") << ":";
    for (const auto& set : c.changes)
      for (const auto& ch : set.changes)
        if (ch.kind == CaseChange::Kind::regression) out << " " << c.cases[ch.row].id << " (" << c.runs[set.to].label << ")";
    out << "\n";
  }
  return failing ? kExitFail : kExitPass;
}

}  // namespace connectspec
