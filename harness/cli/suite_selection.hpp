// Which cases a command works on: the suite folder, loaded and validated, then narrowed by
// --filter (id globs), --tag and --level.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "casefile/case_loader.hpp"

namespace connectspec {

struct Selection {
  std::string cases_dir;
  std::vector<std::string> filters, tags, levels;
};

// The suite folder to use when none is given: ./cases, else the one in the source tree.
std::string default_cases_dir();

// Prints every problem as file:line:col: message to stderr; returns false if there were any.
bool report_problems(const LoadedSuite& suite);

// Returns the problem with the selection flags (an unknown level), or nothing.
std::optional<std::string> check_selection(const Selection& sel);
std::vector<const Case*> select_cases(const LoadedSuite& suite, const Selection& sel);

}  // namespace connectspec
