#include "casefile/requirement_catalogue.hpp"

#include <set>
#include <toml++/toml.h>

#include "casefile/toml_fields.hpp"

namespace connectspec {

namespace {

int strength(Level l) {
  switch (l) {
    case Level::must: return 3;
    case Level::should: return 2;
    case Level::may: return 1;
    case Level::info: return 1;  // MAY and INFO cases both only record
  }
  return 0;
}

std::optional<Level> level_from(std::string_view s) {
  if (s == "MUST") return Level::must;
  if (s == "SHOULD") return Level::should;
  if (s == "MAY") return Level::may;
  if (s == "INFO") return Level::info;
  return std::nullopt;
}

}  // namespace

const Requirement* RequirementCatalogue::find(std::string_view id) const {
  for (const auto& r : requirements)
    if (r.id == id) return &r;
  return nullptr;
}

RequirementCatalogue load_requirement_catalogue(const std::string& path, Diagnostics& problems) {
  RequirementCatalogue out;
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    problems.push_back({position_of(path, e.source()), std::string(e.description())});
    return out;
  }
  TomlFields top(root, path, problems);
  const toml::node* groups = top.node("group");
  const toml::node* reqs = top.node("requirement");
  top.reject_unknown({"group", "requirement"});
  if (!groups || !groups->is_array_of_tables() || !reqs || !reqs->is_array_of_tables()) {
    top.error_at_table("expected [[group]] tables (id, title) and [[requirement]] tables");
    return out;
  }
  std::set<std::string> group_ids;
  for (const toml::node& n : *groups->as_array()) {
    TomlFields f(*n.as_table(), path, problems, "group");
    RequirementGroup g;
    g.id = f.string("id", true).value_or("");
    g.title = f.string("title", true).value_or("");
    f.reject_unknown();
    if (!group_ids.insert(g.id).second) f.error_at_table("duplicate group '" + g.id + "'");
    out.groups.push_back(std::move(g));
  }
  std::set<std::string> ids;
  for (const toml::node& n : *reqs->as_array()) {
    TomlFields f(*n.as_table(), path, problems, "requirement");
    Requirement r;
    r.pos = position_of(path, n.source());
    r.id = f.string("id", true).value_or("");
    r.group = f.string("group", true).value_or("");
    r.rfc = f.string("rfc", true).value_or("");
    r.summary = f.string("summary", true).value_or("");
    if (auto l = f.string("level", true)) {
      if (auto lv = level_from(*l)) r.level = *lv;
      else f.error(*f.node("level"), "level must be MUST, SHOULD, MAY or INFO, not '" + *l + "'");
    }
    r.testable = f.boolean("testable").value_or(true);
    r.reason = f.string("reason").value_or("");
    f.reject_unknown();
    if (!r.group.empty() && !group_ids.count(r.group)) f.error(*f.node("group"), "unknown group '" + r.group + "'");
    if (!r.testable && r.reason.empty()) f.error_at_table("testable = false needs a reason");
    if (!r.id.empty() && !ids.insert(r.id).second) f.error(*f.node("id"), "duplicate requirement '" + r.id + "'");
    out.requirements.push_back(std::move(r));
  }
  return out;
}

void check_cases_against(const RequirementCatalogue& catalogue, const std::vector<Case>& cases, Diagnostics& problems) {
  for (const Case& c : cases) {
    int strongest = 0;
    std::string strongest_id;
    for (const auto& id : c.requirements) {
      const Requirement* r = catalogue.find(id);
      if (!r) {
        problems.push_back({c.requirements_pos, "'" + id + "' is not in the requirement catalogue (cases/requirements.toml)"});
        continue;
      }
      if (strength(r->level) > strongest) strongest = strength(r->level), strongest_id = id;
    }
    if (strongest > 0 && strength(c.level) > strongest)
      problems.push_back({c.level_pos, "level " + std::string(to_string(c.level)) + " is stronger than its requirements allow (" +
                                           strongest_id + " is " + std::string(to_string(catalogue.find(strongest_id)->level)) + ")"});
  }
}

}  // namespace connectspec
