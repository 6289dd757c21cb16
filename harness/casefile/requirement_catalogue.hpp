// The requirement catalogue (cases/requirements.toml): every requirement ID a case may cite, its
// group, RFC section, the strongest case level it supports, and, for the few that no black-box
// case can check, why. Cases are traced against it by `connectspec coverage`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "input/diagnostics.hpp"
#include "model/result.hpp"

namespace connectspec {

struct Requirement {
  std::string id;
  std::string group;       // "A".."L", "X"
  std::string rfc;         // "RFC 9110 §9.3.6"
  Level level = Level::must;
  std::string summary;     // in connectspec's words
  // The keyword of the sentence, as the text has it: MUST, MUST NOT, SHOULD, SHOULD NOT, MAY,
  // "usual" (the text names the typical answer: a preference) or "none" (no keyword).
  std::string keyword;
  std::vector<std::string> binds;  // whom it binds: proxy, forwarding-proxy, tunnel, client
  std::string basis;       // keyword "none": why breaking it breaks the protocol (then it may back a MUST)
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
  std::vector<std::string> files;  // what it was read from, in order (the later ones add or replace)
  const Requirement* find(std::string_view id) const;
};

// Problems (file:line:col) go to `problems`; the catalogue is still returned with what was valid.
// With a `base`, the file adds to it: an ID or group it also has is replaced, a new one is added,
// and the file may cite the base's groups without declaring any of its own.
RequirementCatalogue load_requirement_catalogue(const std::string& path, Diagnostics& problems,
                                                const RequirementCatalogue* base = nullptr);

// How a message names the catalogue: its files, joined by " + ".
std::string catalogue_files_text(const RequirementCatalogue& catalogue);

// What the reports cite of each requirement (RFC section, paraphrase, keyword, the roles it binds).
RequirementNotes requirement_notes(const RequirementCatalogue& catalogue);

// The strongest level a keyword lets a check be graded at: MUST and MUST NOT a failure, SHOULD and
// SHOULD NOT a warning, MAY and the usual answer only a record; no keyword, only a record unless
// the entry gives the basis on which breaking it breaks the protocol.
Level strongest_level_for(const Requirement& r);

// Drafts that have since become RFCs: citing one of them is an error that names the RFC.
std::optional<std::string> superseded_draft(std::string_view citation);

// A case may not claim a stronger level than its strongest requirement supports, and no check may
// be graded above the keyword of the requirement it enforces (a MUST check for a SHOULD rule would
// fail proxies for something the RFC only recommends). Cases may cite only catalogued IDs, a
// check's requirement must be one its case cites, a proxy case may not rest on a client-only
// rule, and no citation may name a superseded draft. Problems are reported where they are written.
void check_cases_against(const RequirementCatalogue& catalogue, const std::vector<Case>& cases, Diagnostics& problems);

}  // namespace connectspec
