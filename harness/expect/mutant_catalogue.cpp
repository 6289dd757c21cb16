#include "expect/mutant_catalogue.hpp"

#include <algorithm>
#include <set>

#include "input/toml_fields.hpp"
#include "input/toml_file.hpp"

namespace connectspec {

std::vector<Mutant> read_mutant_catalogue(const std::string& path, const std::vector<std::string>& case_ids, Diagnostics& problems) {
  std::vector<Mutant> out;
  auto root = parse_toml_file(path, path, problems);
  if (!root) return out;
  TomlFields top(*root, path, problems);
  const toml::node* list = top.node("mutant");
  top.reject_unknown({"mutant"});
  if (!list || !list->is_array_of_tables()) {
    top.error_at_table("expected [[mutant]] tables with fault = \"name\" and kills = [case ids]");
    return out;
  }
  std::set<std::string> ids(case_ids.begin(), case_ids.end());
  for (const toml::node& n : *list->as_array()) {
    TomlFields f(*n.as_table(), path, problems, "mutant");
    Mutant m;
    m.fault = f.string("fault", true).value_or("");
    m.kills = f.strings("kills", true).value_or(std::vector<std::string>{});
    f.reject_unknown({"fault", "kills"});
    for (const auto& id : m.kills)
      if (!ids.count(id)) f.error(*f.node("kills"), "'" + id + "' is not a case id in the suite");
    out.push_back(std::move(m));
  }
  return out;
}

bool killed(const CaseResult& r) {
  return r.outcome == Outcome::fail || r.outcome == Outcome::warn ||
         std::any_of(r.checks.begin(), r.checks.end(),
                     [](const CheckResult& c) {
                       // An INFO case kills by an unmet check: what it records was not observed.
                       return c.grade == CheckResult::Grade::failed || c.grade == CheckResult::Grade::info;
                     });
}

}  // namespace connectspec
