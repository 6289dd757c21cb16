// `connectspec validate`: every case file checked; each problem printed as file:line:col.
#include <iostream>

#include "cli/commands.hpp"

namespace connectspec {

namespace {

int validate_cases(const std::string& dir) {
  LoadedSuite suite = load_suite(dir);
  if (!report_problems(suite)) return kExitUsage;
  std::cout << dir << ": " << suite.cases.size() << " case files, no problems\n";
  return kExitPass;
}

}  // namespace

Subcommand add_validate_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>(default_cases_dir());
  auto* cmd = app.add_subcommand("validate", "Check case files; print file:line:col for each problem");
  cmd->add_option("dir", *dir, "Folder of case files")->check(CLI::ExistingDirectory);
  return {cmd, [dir] { return validate_cases(*dir); }};
}

}  // namespace connectspec
