// Reads the TOML case files of a suite. Every problem is reported with file:line:col; a suite
// with any problem is not run (exit 2), so a typo never silently weakens a check.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "input/diagnostics.hpp"
#include "model/case.hpp"
#include "model/result.hpp"

namespace connectspec {

struct LoadedSuite {
  std::vector<Case> cases;   // sorted by id
  RequirementNotes requirement_notes;  // what the catalogue says of each ID, for reports
  Diagnostics problems;
  bool ok() const { return problems.empty(); }
};

// Loads one case file. `topic` is the folder it lives in (the id must start with "topic.").
// `display_path` is how the file is named in messages.
Case load_case_file(const std::filesystem::path& path, const std::string& display_path,
                    const std::string& topic, Diagnostics& problems);

// Parses case text directly (for tests and tools).
Case load_case_text(std::string_view text, const std::string& display_path,
                    const std::string& topic, Diagnostics& problems);

// The requirement catalogue lives beside the topics: cases/requirements.toml.
inline constexpr const char* kCatalogueFile = "requirements.toml";

// Loads every cases/<topic>/*.toml under dir. Also reports duplicate ids and files outside a topic.
LoadedSuite load_suite(const std::filesystem::path& dir);

}  // namespace connectspec
