// Where connectspec's own files are: the suite (cases/), the proxy and client profiles and the
// mutant catalogues (fixtures/). An installed program finds them beside it, in
// <prefix>/share/connectspec; the program of a build tree, in the source tree it was built from
// (only while it runs from that build tree: a copy elsewhere does not silently use a checkout).
#pragma once

#include <filesystem>
#include <string>

namespace connectspec {

// The folder of the running executable.
std::filesystem::path program_dir();

// In order: $CONNECTSPEC_DATA_DIR; <program_dir>/../share/connectspec when it holds cases/; the
// source tree when the program runs from its build tree; else empty (nothing found).
std::filesystem::path data_dir();

// "cases/ and fixtures/ not found beside <program>: install with `cmake --install`, or set
// CONNECTSPEC_DATA_DIR" — for the messages of commands that need data_dir() and got none.
std::string data_dir_missing();

}  // namespace connectspec
