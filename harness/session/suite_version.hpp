// What `connectspec --version` says of the suite beside the program: where it is, how many files
// it holds, and a digest of their contents, so that two runs can be known to have used the same
// cases (and a copy of the program, the cases it would use).
#pragma once

#include <string>

namespace connectspec {

// "connectspec 0.1.0\nsuite: DIR, N files, sha256 0123456789ab\n" (or why there is no suite).
std::string version_text();

}  // namespace connectspec
