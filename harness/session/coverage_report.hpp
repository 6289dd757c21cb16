// `connectspec coverage`: traceability from the requirement catalogue to the cases. For every
// requirement ID, the cases that test it; the IDs no case tests; those no black-box case can
// test, with the reason; and the share of groups A-H (the HTTP/1.1 proxy requirements) covered.
#pragma once

#include <optional>
#include <string>

namespace connectspec {

struct CoverageOptions {
  std::string cases_dir;
  std::string catalogue;            // adds to the built-in catalogue and <cases_dir>/requirements.toml
  std::string json;                 // write the mapping here too
  std::optional<double> min_percent;  // exit 1 when groups A-H are covered less than this
};

// Prints the mapping (and writes it as JSON when asked); exit 1 below --min, 2 on invalid files.
int coverage_report(const CoverageOptions& opts);

}  // namespace connectspec
