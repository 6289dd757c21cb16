#include "session/suite_selection.hpp"
#include "input/install_layout.hpp"
#include "origins/loopback_address.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <utility>

namespace connectspec {

std::string default_cases_dir() {
  if (std::filesystem::is_directory("cases")) return "cases";
  if (data_dir().empty()) return {};  // load_cases says why
  return (data_dir() / "cases").string();
}

std::vector<std::string> catalogue_files(const std::string& cases_dir, const std::string& extra) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  fs::path builtin = data_dir() / "cases" / kCatalogueFile;
  if (fs::exists(builtin, ec)) files.push_back(builtin.lexically_normal().string());
  fs::path own = fs::path(cases_dir) / kCatalogueFile;
  if (fs::exists(own, ec) && !(fs::exists(builtin, ec) && fs::equivalent(own, builtin, ec)))
    files.push_back(own.lexically_normal().string());
  if (!extra.empty()) files.push_back(extra);
  return files;
}

LoadedSuite load_cases(const std::string& cases_dir, const std::string& extra_catalogue) {
  if (cases_dir.empty()) {
    LoadedSuite none;
    none.problems.push_back({{"connectspec", 0, 0}, "no suite: " + data_dir_missing() + " (or give --cases DIR)"});
    return none;
  }
  return load_suite(cases_dir, catalogue_files(cases_dir, extra_catalogue));
}

bool report_problems(const LoadedSuite& suite) {
  for (const auto& p : suite.problems) std::cerr << p.str() << "\n";
  if (!suite.problems.empty())
    std::cerr << "connectspec: " << suite.problems.size() << " problem" << (suite.problems.size() == 1 ? "" : "s")
              << " in the case files; nothing was run\n";
  return suite.problems.empty();
}

namespace {

// --level must, Must and MUST are the same level.
std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<std::string> check_selection(const Selection& sel) {
  for (const auto& l : sel.levels)
    if (!level_from(upper(l)))
      return "--level " + l + ": must be MUST, SHOULD, MAY or INFO";
  if (!sel.shard.empty() && !parse_shard(sel.shard))
    return "--shard " + sel.shard + ": must be K/N with 1 <= K <= N (e.g. 2/4)";
  return std::nullopt;
}

std::optional<ShardSpec> parse_shard(const std::string& text) {
  ShardSpec spec;
  char slash = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &spec.index, &slash, &spec.count, &extra) != 3 || slash != '/') return std::nullopt;
  if (spec.count < 1 || spec.index < 1 || spec.index > spec.count || spec.str() != text) return std::nullopt;
  return spec;
}

void set_offline(Selection& sel) {
  const auto problem = offline_network_problem();
  sel.offline = !problem;
  sel.not_offline_because = problem.value_or("");
}

bool runs_over(Protocol case_protocol, Protocol run) { return is_http2(case_protocol) == is_http2(run); }

std::vector<const Case*> select_cases(const LoadedSuite& suite, const Selection& sel) {
  std::vector<const Case*> out;
  for (const Case& c : suite.cases) {
    if (sel.protocol && !runs_over(c.protocol, *sel.protocol)) continue;
    if (sel.role ? c.role != *sel.role : sel.protocol && c.role != Role::proxy) continue;
    bool id_ok = sel.filters.empty() || std::any_of(sel.filters.begin(), sel.filters.end(), [&](const std::string& g) {
                   return fnmatch(g.c_str(), c.id.c_str(), 0) == 0;
                 });
    bool tag_ok = sel.tags.empty() || std::any_of(sel.tags.begin(), sel.tags.end(), [&](const std::string& t) {
                    return std::find(c.tags.begin(), c.tags.end(), t) != c.tags.end() || t == c.topic;
                  });
    bool level_ok = sel.levels.empty() || std::any_of(sel.levels.begin(), sel.levels.end(), [&](const std::string& l) {
                      return upper(l) == to_string(c.level);
                    });
    const bool lookup_ok = !(sel.offline && !*sel.offline && c.looks_up_names());
    if (id_ok && tag_ok && level_ok && lookup_ok && !(sel.quick && c.waits_on_proxy_timer())) out.push_back(&c);
  }
  if (auto shard = parse_shard(sel.shard)) {
    std::vector<const Case*> part;
    for (std::size_t i = static_cast<std::size_t>(shard->index - 1); i < out.size(); i += static_cast<std::size_t>(shard->count))
      part.push_back(out[i]);
    return part;
  }
  return out;
}

// The cases `wider` selects and `sel` does not: how many, and their ids.
static std::pair<std::size_t, std::string> left_out(const LoadedSuite& suite, const Selection& sel, const Selection& wider) {
  auto kept = select_cases(suite, sel);
  std::string ids;
  std::size_t n = 0;
  for (const Case* c : select_cases(suite, wider))
    if (std::find(kept.begin(), kept.end(), c) == kept.end()) ids += (n++ ? ", " : "") + c->id;
  return {n, ids};
}

std::string quick_note(const LoadedSuite& suite, const Selection& sel) {
  if (!sel.quick) return {};
  Selection all = sel;
  all.quick = false;
  auto [n, ids] = left_out(suite, sel, all);
  if (n == 0) return {};
  return "--quick: " + std::to_string(n) + (n == 1 ? " case that waits" : " cases that wait") +
         " out the proxy's timers not run: " + ids;
}

std::string offline_note(const LoadedSuite& suite, const Selection& sel) {
  if (!sel.offline || *sel.offline) return {};
  Selection all = sel;
  all.offline.reset();
  auto [n, ids] = left_out(suite, sel, all);
  if (n == 0) return {};
  return std::to_string(n) + (n == 1 ? " case that makes" : " cases that make") + " the proxy look a name up not run" +
         (sel.not_offline_because.empty() ? "" : ", since " + sel.not_offline_because) + ": " + ids + " (run " +
         (n == 1 ? "it" : "them") + " under scripts/offline-run)";
}

std::string other_protocol_note(const LoadedSuite& suite, const Selection& sel) {
  if (!sel.protocol) return {};
  Selection any = sel;
  any.protocol.reset();
  any.role = Role::proxy;
  any.shard.clear();
  Selection own = any;
  own.protocol = sel.protocol;
  std::size_t others = select_cases(suite, any).size() - select_cases(suite, own).size();
  if (others == 0) return {};
  const bool h2_run = is_http2(*sel.protocol);
  return std::to_string(others) + (h2_run ? " HTTP/1.1" : " HTTP/2") + (others == 1 ? " case" : " cases") +
         " not selected: this run speaks " + std::string(to_string(*sel.protocol)) + " (use --protocol " +
         (h2_run ? "http/1.1" : "h2c or h2") + ")";
}

}  // namespace connectspec
