// The style sheets and scripts of the HTML reports (reports/assets/), compiled into the program so
// that every report is one self-contained file that works from file:// with no network.
#pragma once

#include <string_view>

namespace connectspec {

// The content of reports/assets/<file_name> as it was at build time. Throws std::logic_error for
// a name that is not there (a programming error, not a user's).
std::string_view report_asset(std::string_view file_name);

}  // namespace connectspec
