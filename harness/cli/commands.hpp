// The subcommands of the connectspec program: each file cli/<name>_command.cpp adds one (its
// flags, and the call that runs it) and main.cpp lists them.
#pragma once

#include "cli/subcommand.hpp"
#include "session/exit_codes.hpp"
#include "session/suite_selection.hpp"

namespace connectspec {

Subcommand add_run_command(CLI::App& app);
Subcommand add_list_command(CLI::App& app);
Subcommand add_validate_command(CLI::App& app);
Subcommand add_coverage_command(CLI::App& app);
Subcommand add_merge_command(CLI::App& app);
Subcommand add_compare_command(CLI::App& app);
Subcommand add_bench_command(CLI::App& app);
Subcommand add_bench_origin_command(CLI::App& app);
Subcommand add_mutants_command(CLI::App& app);
Subcommand add_client_command(CLI::App& app);

}  // namespace connectspec
