// `connectspec compare`: its flags; session/compare_session.hpp compares.
#include "cli/commands.hpp"
#include "report/matrix/matrix_formats.hpp"
#include "session/compare_session.hpp"

namespace connectspec {

Subcommand add_compare_command(CLI::App& app) {
  auto compare = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand(
      "compare", "Results files side by side: a matrix of cases x implementations, per requirement, and what changed");
  cmd->add_option("results", compare->inputs, "Results files (JSON), one column each, oldest first")->required();
  for (const MatrixFormat& f : matrix_formats()) {
    std::string name(f.name);
    cmd->add_option("--" + name, compare->outputs[name], std::string(f.help));
  }
  cmd->add_option("--report-link", compare->report_link,
                  "Link each run to its HTML report at this URL ({profile}, {stem}; default: X.html beside X.json)");
  cmd->add_option("--title", compare->title, "Title of the page and the Markdown");
  cmd->add_option("--catalogue", compare->catalogue, "Requirement notes for files that carry none (default: cases/requirements.toml)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--changes", compare->changes, "List what changed between consecutive files even when they are different implementations");
  cmd->add_flag("--fail-on-regression", compare->fail_on_regression, "Exit 1 when a case regressed between consecutive files");
  return {cmd, [compare] { return compare_and_report(*compare); }};
}

}  // namespace connectspec
