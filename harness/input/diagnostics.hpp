// Problems found in an input file, each with the exact place it was written.
#pragma once

#include <string>
#include <vector>

#include "model/case.hpp"

namespace connectspec {

struct Diagnostic {
  SourcePos pos;
  std::string message;
  std::string str() const { return pos.str() + ": " + message; }
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace connectspec
