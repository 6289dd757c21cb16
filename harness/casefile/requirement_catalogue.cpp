#include "casefile/requirement_catalogue.hpp"

#include <algorithm>
#include <set>
#include <toml++/toml.h>

#include "input/toml_fields.hpp"
#include "input/toml_file.hpp"

namespace connectspec {

namespace {

bool keyword_known(std::string_view k) {
  for (std::string_view known : {"MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY", "usual", "none"})
    if (k == known) return true;
  return false;
}

bool is_check(const Step& s) { return s.keyword.rfind("expect_", 0) == 0 || s.keyword == "tls_handshake"; }

bool binds_proxy_side(const Requirement& r) {
  for (const auto& role : r.binds)
    if (role != "client") return true;
  return false;
}

}  // namespace

Level strongest_level_for(const Requirement& r) {
  if (r.keyword == "MUST" || r.keyword == "MUST NOT") return Level::must;
  if (r.keyword == "SHOULD" || r.keyword == "SHOULD NOT") return Level::should;
  if (r.keyword == "none" && !r.basis.empty()) return Level::must;
  if (r.keyword == "MAY") return Level::may;
  return Level::info;
}

std::optional<std::string> superseded_draft(std::string_view citation) {
  struct Published { std::string_view draft, rfc; };
  static constexpr Published kPublished[] = {
      {"draft-ietf-httpbis-optimistic-upgrade", "RFC 9931"},
  };
  for (const auto& p : kPublished)
    if (citation.find(p.draft) != std::string_view::npos)
      return std::string(p.draft) + " has been published as " + std::string(p.rfc) + "; cite " + std::string(p.rfc);
  return std::nullopt;
}

const Requirement* RequirementCatalogue::find(std::string_view id) const {
  for (const auto& r : requirements)
    if (r.id == id) return &r;
  return nullptr;
}

namespace {

// Adds `more` to `into`: an entry whose id `into` already has replaces it, in its place.
template <class T>
void overlay(std::vector<T>& into, std::vector<T>&& more) {
  for (T& item : more) {
    auto same = std::find_if(into.begin(), into.end(), [&](const T& x) { return x.id == item.id; });
    if (same != into.end()) *same = std::move(item);
    else into.push_back(std::move(item));
  }
}

}  // namespace

std::string catalogue_files_text(const RequirementCatalogue& catalogue) {
  std::string out;
  for (const auto& f : catalogue.files) out += (out.empty() ? "" : " + ") + f;
  return out.empty() ? "no catalogue file" : out;
}

RequirementCatalogue load_requirement_catalogue(const std::string& path, Diagnostics& problems,
                                                const RequirementCatalogue* base) {
  RequirementCatalogue out;
  if (base) out.files = base->files;
  out.files.push_back(path);
  auto root = parse_toml_file(path, path, problems);
  if (!root) {
    if (base) out.groups = base->groups, out.requirements = base->requirements;
    return out;
  }
  TomlFields top(*root, path, problems);
  const toml::node* groups = top.node("group");
  const toml::node* reqs = top.node("requirement");
  top.reject_unknown({"group", "requirement"});
  bool groups_ok = groups ? groups->is_array_of_tables() : base != nullptr;
  if (!groups_ok || !reqs || !reqs->is_array_of_tables()) {
    top.error_at_table(base ? "expected [[requirement]] tables (id, group, rfc, level, keyword, binds, summary), and "
                              "[[group]] tables (id, title) for groups the built-in catalogue lacks"
                            : "expected [[group]] tables (id, title) and [[requirement]] tables");
    if (base) out.groups = base->groups, out.requirements = base->requirements;
    return out;
  }
  std::set<std::string> group_ids;
  std::set<std::string> known_groups;
  if (base)
    for (const auto& g : base->groups) known_groups.insert(g.id);
  const toml::array no_groups;
  for (const toml::node& n : groups ? *groups->as_array() : no_groups) {
    TomlFields f(*n.as_table(), path, problems, "group");
    RequirementGroup g;
    g.id = f.string("id", true).value_or("");
    g.title = f.string("title", true).value_or("");
    f.reject_unknown();
    if (!group_ids.insert(g.id).second) f.error_at_table("duplicate group '" + g.id + "'");
    known_groups.insert(g.id);
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
    if (auto k = f.string("keyword", true)) {
      r.keyword = *k;
      if (!keyword_known(*k))
        f.error(*f.node("keyword"), "keyword must be the sentence's own: MUST, MUST NOT, SHOULD, SHOULD NOT, MAY, "
                                    "usual (the text names a typical answer) or none (no keyword), not '" + *k + "'");
    }
    if (auto b = f.strings("binds", true)) {
      r.binds = *b;
      if (b->empty()) f.error(*f.node("binds"), "binds names at least one role: proxy, forwarding-proxy, tunnel, client");
      for (const auto& role : *b)
        if (role != "proxy" && role != "forwarding-proxy" && role != "tunnel" && role != "client")
          f.error(*f.node("binds"), "binds: '" + role + "' is not a role; write proxy (receives CONNECT), "
                                    "forwarding-proxy (sends it to a next hop), tunnel (relays the bytes) or client");
    }
    r.basis = f.string("basis").value_or("");
    if (!r.basis.empty() && r.keyword != "none")
      f.error(*f.node("basis"), "basis is for text with no keyword (keyword = \"none\"); this sentence says " + r.keyword);
    if (auto draft = superseded_draft(r.rfc)) f.error(*f.node("rfc"), *draft);
    r.testable = f.boolean("testable").value_or(true);
    r.reason = f.string("reason").value_or("");
    f.reject_unknown();
    if (!r.group.empty() && !known_groups.count(r.group))
      f.error(*f.node("group"), "unknown group '" + r.group + "'; declare it: [[group]] id = \"" + r.group + "\" title = \"...\"");
    if (!r.testable && r.reason.empty()) f.error_at_table("testable = false needs a reason");
    if (!r.keyword.empty() && keyword_known(r.keyword) && strength(r.level) > strength(strongest_level_for(r)))
      f.error(*f.node("level"), "level " + std::string(to_string(r.level)) + " is stronger than keyword '" + r.keyword +
                                    "' allows (" + std::string(to_string(strongest_level_for(r))) + ")" +
                                    (r.keyword == "none" ? "; give the basis on which breaking it breaks the protocol" : ""));
    if (!r.id.empty() && !ids.insert(r.id).second) f.error(*f.node("id"), "duplicate requirement '" + r.id + "'");
    out.requirements.push_back(std::move(r));
  }
  if (!base) return out;
  RequirementCatalogue merged;
  merged.files = std::move(out.files);
  merged.groups = base->groups;
  merged.requirements = base->requirements;
  overlay(merged.groups, std::move(out.groups));
  overlay(merged.requirements, std::move(out.requirements));
  return merged;
}

void check_cases_against(const RequirementCatalogue& catalogue, const std::vector<Case>& cases, Diagnostics& problems) {
  for (const Case& c : cases) {
    int strongest = 0;
    std::string strongest_id;
    for (const auto& id : c.requirements) {
      const Requirement* r = catalogue.find(id);
      if (!r) {
        problems.push_back({c.requirements_pos, "'" + id + "' is not in the requirement catalogue (" + catalogue_files_text(catalogue) +
                                                "); cite a catalogued ID, or add a [[requirement]] for it to a requirements.toml "
                                                "beside your cases or to a file given with --catalogue FILE"});
        continue;
      }
      // A case grades one role: a rule that binds only the other cannot fail what it grades.
      if (c.role == Role::proxy && !binds_proxy_side(*r))
        problems.push_back({c.requirements_pos, "'" + id + "' binds only clients, and this case grades a proxy; "
                                                "cite the rule the proxy breaks"});
      if (c.role == Role::client && std::find(r->binds.begin(), r->binds.end(), "client") == r->binds.end())
        problems.push_back({c.requirements_pos, "'" + id + "' does not bind clients, and this case grades a client; "
                                                "cite the rule the client breaks (binds = [\"client\", ...])"});
      if (strength(r->level) > strongest) strongest = strength(r->level), strongest_id = id;
    }
    if (auto draft = superseded_draft(c.rfc)) problems.push_back({c.pos, "rfc = \"" + c.rfc + "\": " + *draft});
    if (strongest > 0 && strength(c.level) > strongest)
      problems.push_back({c.level_pos, "level " + std::string(to_string(c.level)) + " is stronger than its requirements allow (" +
                                           strongest_id + " is " + std::string(to_string(catalogue.find(strongest_id)->level)) + ")"});
    for (const Step& s : c.steps) {
      if (!is_check(s)) continue;  // sending and closing judge nothing
      if (s.requirement &&
          std::find(c.requirements.begin(), c.requirements.end(), *s.requirement) == c.requirements.end()) {
        problems.push_back({s.requirement_pos, "requirement '" + *s.requirement +
                                                   "' is not among the case's requirements; add it to requirements = [...]"});
        continue;
      }
      const Requirement* r = catalogue.find(c.requirement_of(s));
      if (!r) continue;  // reported above
      Level level = c.level_of(s);
      if (strength(level) > strength(r->level))
        problems.push_back({s.level ? s.level_pos : s.pos,
                            s.keyword + " is graded " + std::string(to_string(level)) + ", above what " + r->id + " (" +
                                r->rfc + ", keyword " + r->keyword + ") supports (" + std::string(to_string(r->level)) +
                                "); grade it lower or cite the requirement that demands it (requirement = \"...\")"});
    }
  }
}

RequirementNotes requirement_notes(const RequirementCatalogue& catalogue) {
  RequirementNotes notes;
  for (const auto& r : catalogue.requirements) {
    std::string roles;
    for (const auto& role : r.binds) roles += (roles.empty() ? "" : ", ") + role;
    notes[r.id] = RequirementNote{r.rfc, r.summary, r.keyword, roles};
  }
  return notes;
}

}  // namespace connectspec
