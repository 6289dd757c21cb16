#include "cli/suite_selection.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <iostream>

namespace connectspec {

std::string default_cases_dir() {
  if (std::filesystem::is_directory("cases")) return "cases";
  return std::string(CONNECTSPEC_SOURCE_DIR) + "/cases";
}

bool report_problems(const LoadedSuite& suite) {
  for (const auto& p : suite.problems) std::cerr << p.str() << "\n";
  if (!suite.problems.empty())
    std::cerr << "connectspec: " << suite.problems.size() << " problem" << (suite.problems.size() == 1 ? "" : "s")
              << " in the case files; nothing was run\n";
  return suite.problems.empty();
}

std::optional<std::string> check_selection(const Selection& sel) {
  for (const auto& l : sel.levels)
    if (l != "MUST" && l != "SHOULD" && l != "MAY" && l != "INFO")
      return "--level " + l + ": must be MUST, SHOULD, MAY or INFO";
  return std::nullopt;
}

std::vector<const Case*> select_cases(const LoadedSuite& suite, const Selection& sel) {
  std::vector<const Case*> out;
  for (const Case& c : suite.cases) {
    bool id_ok = sel.filters.empty() || std::any_of(sel.filters.begin(), sel.filters.end(), [&](const std::string& g) {
                   return fnmatch(g.c_str(), c.id.c_str(), 0) == 0;
                 });
    bool tag_ok = sel.tags.empty() || std::any_of(sel.tags.begin(), sel.tags.end(), [&](const std::string& t) {
                    return std::find(c.tags.begin(), c.tags.end(), t) != c.tags.end() || t == c.topic;
                  });
    bool level_ok = sel.levels.empty() ||
                    std::find(sel.levels.begin(), sel.levels.end(), std::string(to_string(c.level))) != sel.levels.end();
    if (id_ok && tag_ok && level_ok) out.push_back(&c);
  }
  return out;
}

}  // namespace connectspec
