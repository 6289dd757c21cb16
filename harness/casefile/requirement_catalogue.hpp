// The requirement catalogue (cases/requirements.toml): every requirement ID a case may cite, its
// group, RFC section, the strongest case level it supports, and, for the few that no black-box
// case can check, why. Cases are traced against it by `connectspec coverage`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "casefile/diagnostics.hpp"

namespace connectspec {

struct Requirement {
  std::string id;
  std::string group;       // "A".."L", "X"
  std::string rfc;         // "RFC 9110 §9.3.6"
  Level level = Level::must;
  std::string summary;     // in connectspec's words
  bool testable = true;
  std::string reason;      // why not testable
  SourcePos pos;
};

struct RequirementGroup {
  std::string id;
  std::string title;
};

struct RequirementCatalogue {
  std::vector<RequirementGroup> groups;
  std::vector<Requirement> requirements;
  const Requirement* find(std::string_view id) const;
};

// Problems (file:line:col) go to `problems`; the catalogue is still returned with what was valid.
RequirementCatalogue load_requirement_catalogue(const std::string& path, Diagnostics& problems);

// A case may not claim a stronger level than its strongest requirement supports (a MUST case
// for a SHOULD rule would fail proxies for something the RFC only recommends), and may cite only
// catalogued IDs. Problems are reported at the case's level or requirements key.
void check_cases_against(const RequirementCatalogue& catalogue, const std::vector<Case>& cases, Diagnostics& problems);

}  // namespace connectspec
