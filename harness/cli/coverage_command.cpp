// `connectspec coverage`: its flags; session/coverage_report.hpp traces the requirements.
#include "cli/commands.hpp"
#include "session/coverage_report.hpp"

namespace connectspec {

Subcommand add_coverage_command(CLI::App& app) {
  auto coverage = std::make_shared<CoverageOptions>();
  coverage->cases_dir = default_cases_dir();
  auto* cmd = app.add_subcommand("coverage", "Trace requirement IDs to cases: what is tested, what is not, and why");
  cmd->add_option("--cases", coverage->cases_dir, "Folder of case files")->check(CLI::ExistingDirectory);
  cmd->add_option("--catalogue", coverage->catalogue, "A requirement catalogue that adds to or replaces entries of the built-in one "
                  "(and of <cases>/requirements.toml, when the folder has one)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--json", coverage->json, "Write the mapping as JSON here");
  cmd->add_option("--min", coverage->min_percent, "Exit 1 when less than this % of groups A-H is covered")
      ->check(CLI::Range(0.0, 100.0));
  return {cmd, [coverage] { return coverage_report(*coverage); }};
}

}  // namespace connectspec
