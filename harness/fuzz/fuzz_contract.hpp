// What every fuzz target checks beyond "no crash": a broken promise aborts, so libFuzzer reports
// it like a crash and keeps the input. Used only by the targets in this folder.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "input/diagnostics.hpp"

namespace connectspec::fuzz {

[[noreturn]] inline void broken(const std::string& what) {
  std::fprintf(stderr, "fuzz contract broken: %s\n", what.c_str());
  std::abort();
}

inline void require(bool holds, const std::string& what) {
  if (!holds) broken(what);
}

// A problem in a file someone wrote is only useful at file:line:col, in a file that is named.
inline void require_located(const Diagnostics& problems, std::string_view where) {
  for (const Diagnostic& d : problems)
    require(!d.pos.file.empty() && d.pos.line >= 1 && d.pos.column >= 1 && !d.message.empty(),
            std::string(where) + ": problem not at file:line:col: '" + d.str() + "'");
}

}  // namespace connectspec::fuzz
