// The subcommands of the connectspec program, one function each.
#pragma once

#include "cli/bench_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/coverage_command.hpp"
#include "cli/merge_command.hpp"
#include "cli/mutants_command.hpp"
#include "cli/run_command.hpp"
#include "cli/suite_selection.hpp"

namespace connectspec {

int list_command(const Selection& sel);
int validate_command(const std::string& dir);

}  // namespace connectspec
