// `connectspec validate`: every case file checked; each problem printed as file:line:col.
#include <iostream>

#include "cli/commands.hpp"
#include "report/shared/counted.hpp"

namespace connectspec {

namespace {

int validate_cases(const std::string& dir, const std::string& catalogue) {
  LoadedSuite suite = load_cases(dir, catalogue);
  if (!report_problems(suite)) return kExitUsage;
  std::cout << dir << ": " << counted(suite.cases.size(), "case file", "case files") << ", no problems\n";
  return kExitPass;
}

}  // namespace

Subcommand add_validate_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>(default_cases_dir());
  auto catalogue = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("validate", "Check case files; print file:line:col for each problem");
  cmd->add_option("dir", *dir, "Folder of case files: <name>.toml or <topic>/<name>.toml")->check(CLI::ExistingDirectory);
  cmd->add_option("--catalogue", *catalogue, "Requirement catalogue (TOML) that adds to or replaces entries of the built-in one")
      ->check(CLI::ExistingFile);
  return {cmd, [dir, catalogue] { return validate_cases(*dir, *catalogue); }};
}

}  // namespace connectspec
