// Reads the TOML case files of a suite. Every problem is reported with file:line:col; a suite
// with any problem is not run (exit 2), so a typo never silently weakens a check.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "casefile/requirement_catalogue.hpp"
#include "input/diagnostics.hpp"
#include "model/case.hpp"
#include "model/result.hpp"

namespace connectspec {

struct LoadedSuite {
  std::vector<Case> cases;   // sorted by id
  RequirementCatalogue catalogue;      // what the cases were checked against
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

// Loads every case file in dir: dir/<name>.toml (its topic is its id's first part) and
// dir/<topic>/<name>.toml. Also reports duplicate ids and files nested deeper. The cases are
// checked against the catalogue `catalogues` make, each file adding to or replacing entries of the
// ones before; with none given, against dir/requirements.toml when there is one.
LoadedSuite load_suite(const std::filesystem::path& dir, const std::vector<std::string>& catalogues = {});

}  // namespace connectspec
