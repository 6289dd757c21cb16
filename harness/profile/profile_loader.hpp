// Reads and validates a proxy profile. Every problem is reported with file:line:col — in
// profile.toml, or in a config template — and a profile with any problem is not launched (exit 2).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "input/diagnostics.hpp"
#include "profile/profile.hpp"
#include "profile/template_text.hpp"

namespace connectspec {

// The profiles folder to use: ./fixtures/proxies, else the one in the source tree.
std::filesystem::path default_profiles_dir();

// NAME (a folder of profiles_dir) or a path to a profile folder or its profile.toml.
// Returns the folder, or the reason it is not one.
std::optional<std::filesystem::path> resolve_profile(const std::string& name_or_path,
                                                     const std::filesystem::path& profiles_dir,
                                                     std::string& why);

Profile load_profile(const std::filesystem::path& dir, Diagnostics& problems);

// Reads one file (a config template) of the profile folder; nothing when it cannot be read.
using ProfileFileReader = std::function<std::optional<std::string>(const std::filesystem::path&)>;

// The same from the text of dir/profile.toml already in memory, with `read_file` reading the
// templates it names: for tests and the fuzzer (harness/fuzz/profile_file_fuzzer.cpp).
Profile load_profile_text(std::string_view text, const std::filesystem::path& dir, Diagnostics& problems,
                          const ProfileFileReader& read_file);

// The names every template of `p` may use; values are filled in by the launcher.
TemplateValues template_names();

}  // namespace connectspec
