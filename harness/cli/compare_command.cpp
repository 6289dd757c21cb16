// `connectspec compare`: several results files side by side. A matrix of cases x runs (HTML,
// JSON, Markdown, or text on stdout), the same per requirement, and what changed between
// consecutive runs of one implementation (docs/compare.md).

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>

#include "casefile/requirement_catalogue.hpp"
#include "cli/commands.hpp"
#include "session/output_file.hpp"
#include "session/suite_selection.hpp"
#include "report/bench/bench_json.hpp"
#include "report/matrix/comparison.hpp"
#include "report/matrix/matrix_reports.hpp"
#include "report/matrix/report_links.hpp"

namespace connectspec {

namespace {

struct CompareOptions {
  std::vector<std::string> inputs;   // results files, one column each, in this order
  std::string html, json, markdown;  // outputs; none: a text matrix on stdout
  std::string report_link;           // link pattern for each run's HTML report ({profile}, {stem})
  std::string title;                 // of the page and the Markdown
  std::string catalogue;             // requirement notes for files that carry none
  bool changes = false;              // list changes between consecutive runs of different implementations too
  bool fail_on_regression = false;   // exit 1 when a change is a regression
};

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
  for (const auto& r : catalogue.requirements) {
    std::string roles;
    for (const auto& role : r.binds) roles += (roles.empty() ? "" : ", ") + role;
    notes[r.id] = {r.rfc, r.summary, r.keyword, roles};
  }
  return true;
}

bool is_bench_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto doc = boost::json::parse(text.str(), ec);
  if (ec || !doc.is_object()) return false;
  const auto* schema = doc.as_object().if_contains("schema");
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
  run->info.bench = std::move(bench);
  return run;
}

std::string folder_of(const std::string& path) { return std::filesystem::path(path).parent_path().string(); }

int compare_results(const CompareOptions& opts) {
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
  bool written = true;
  if (!opts.html.empty()) {
    page.output_dir = folder_of(opts.html);
    written = write_file(opts.html, [&](std::ostream& o) { write_matrix_html(o, c, page); }) && written;
  }
  if (!opts.json.empty()) {
    page.output_dir = folder_of(opts.json);
    written = write_file(opts.json, [&](std::ostream& o) { write_matrix_json(o, c, page); }) && written;
  }
  if (!opts.markdown.empty()) {
    page.output_dir = folder_of(opts.markdown);
    written = write_file(opts.markdown, [&](std::ostream& o) { write_matrix_markdown(o, c, page); }) && written;
  }
  if (!written) return kExitUsage;

  const int regressions = c.regressions();
  if (opts.html.empty() && opts.json.empty() && opts.markdown.empty()) {
    write_matrix_text(std::cout, c);
  } else {
    std::cout << "compared " << c.runs.size() << " run" << (c.runs.size() == 1 ? "" : "s") << ": " << c.cases.size()
              << " cases, " << c.disagreeing_cases() << " where they disagree";
    if (!c.changes.empty()) std::cout << "; " << regressions << " regression" << (regressions == 1 ? "" : "s");
    std::cout << "\n";
    for (const auto* path : {&opts.html, &opts.json, &opts.markdown})
      if (!path->empty()) std::cout << "wrote " << *path << "\n";
  }
  if (!c.changes.empty() && regressions > 0 && !(opts.html.empty() && opts.json.empty() && opts.markdown.empty())) {
    std::cerr << "connectspec: compare: " << regressions << " regression" << (regressions == 1 ? "" : "s") << ":";
    for (const auto& set : c.changes)
      for (const auto& ch : set.changes)
        if (ch.kind == CaseChange::Kind::regression)
          std::cerr << " " << c.cases[ch.row].id << " (" << c.runs[set.to].label << ")";
    std::cerr << "\n";
  }
  return opts.fail_on_regression && regressions > 0 ? kExitFail : kExitPass;
}

}  // namespace

Subcommand add_compare_command(CLI::App& app) {
  auto compare = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand(
      "compare", "Results files side by side: a matrix of cases x implementations, per requirement, and what changed");
  cmd->add_option("results", compare->inputs, "Results files (JSON), one column each, oldest first")->required();
  cmd->add_option("--html", compare->html, "Write the matrix as one self-contained HTML page here");
  cmd->add_option("--json", compare->json, "Write the matrix as JSON (connectspec-matrix/1) here");
  cmd->add_option("--markdown", compare->markdown, "Write the matrix as GitHub-flavoured Markdown here");
  cmd->add_option("--report-link", compare->report_link,
                  "Link each run to its HTML report at this URL ({profile}, {stem}; default: X.html beside X.json)");
  cmd->add_option("--title", compare->title, "Title of the page and the Markdown");
  cmd->add_option("--catalogue", compare->catalogue, "Requirement notes for files that carry none (default: cases/requirements.toml)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--changes", compare->changes, "List what changed between consecutive files even when they are different implementations");
  cmd->add_flag("--fail-on-regression", compare->fail_on_regression, "Exit 1 when a case regressed between consecutive files");
  return {cmd, [compare] { return compare_results(*compare); }};
}

}  // namespace connectspec
