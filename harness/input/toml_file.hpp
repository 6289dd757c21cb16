// Opening an input file: its bytes, and its TOML parsed into a table or reported as a located
// problem (file:line:col). Case files, profiles, the requirement catalogue, expected.toml and
// mutants.toml are all opened here, so that each says the same thing about a missing file or a syntax error.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <toml++/toml.h>

#include "input/diagnostics.hpp"

namespace connectspec {

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

// `text` parsed as TOML; on a syntax error, nullopt and the error at its place in `display_path`.
std::optional<toml::table> parse_toml(std::string_view text, const std::string& display_path, Diagnostics& problems);

// read_text_file, then parse_toml; a file that cannot be read is reported as such.
std::optional<toml::table> parse_toml_file(const std::filesystem::path& path, const std::string& display_path,
                                           Diagnostics& problems);

}  // namespace connectspec
