// `connectspec mutants`: its flags; session/mutant_runs.hpp runs the self-test.
#include "cli/commands.hpp"
#include "input/install_layout.hpp"
#include "cli/common_flags.hpp"
#include "session/mutant_runs.hpp"

namespace connectspec {

Subcommand add_mutants_command(CLI::App& app) {
  auto mutants = std::make_shared<MutantsOptions>();
  mutants->run.selection.cases_dir = default_cases_dir();
  mutants->catalogue = (data_dir() / "fixtures" / "refproxy" / "mutants.toml").string();
  auto* cmd = app.add_subcommand("mutants", "Self-test: each fault of the reference proxy must make its cases fail");
  add_run_flags(cmd, mutants->run);
  cmd->add_option("--mutant-catalogue", mutants->catalogue, "Mutant catalogue (TOML): each fault and the cases it must fail")->check(CLI::ExistingFile);
  cmd->add_option("--only", mutants->only, "Run only this fault");
  cmd->add_flag("--matrix", mutants->matrix,
                "Run every case against the reference and every mutant; print the cases x mutants kill matrix");
  cmd->add_option("--matrix-json", mutants->matrix_json, "With --matrix: write the matrix as JSON here");
  cmd->add_flag("--coverage-only", mutants->coverage_only, "Only check that every case is listed under some fault");
  return {cmd, [mutants] { return run_mutants(*mutants); }};
}

}  // namespace connectspec
