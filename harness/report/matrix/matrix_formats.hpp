// The files a comparison can be written as, each a format with a name (its flag: --html, --json,
// --markdown) and one writer; `compare` offers every format listed here, so a new one is one
// writer file in this folder and one line in matrix_formats.cpp. (Without any, compare prints
// the text matrix.)
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include "report/matrix/matrix_reports.hpp"

namespace connectspec {

using MatrixWriter = void (*)(std::ostream& out, const Comparison& c, const MatrixPage& page);

struct MatrixFormat {
  std::string_view name;  // the flag without its dashes
  std::string_view help;
  MatrixWriter write;
};

// In the order they are written.
const std::vector<MatrixFormat>& matrix_formats();

}  // namespace connectspec
