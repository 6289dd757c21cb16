// `connectspec list`: the selected cases, one line each (id, level, title, requirement IDs).
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common_flags.hpp"

namespace connectspec {

namespace {

int list_cases(const Selection& sel) {
  if (auto err = check_selection(sel)) {
    std::cerr << "connectspec: " << *err << "\n";
    return kExitUsage;
  }
  LoadedSuite suite = load_cases(sel);
  if (!report_problems(suite)) return kExitUsage;
  auto cases = select_cases(suite, sel);
  std::size_t width = 0;
  for (const Case* c : cases) width = std::max(width, c->id.size());
  for (const Case* c : cases) {
    std::string reqs;
    for (const auto& r : c->requirements) reqs += (reqs.empty() ? "" : ",") + r;
    std::string needs;
    for (const auto& n : c->needs) needs += (needs.empty() ? "  requires " : ",") + n;
    std::cout << std::left << std::setw(static_cast<int>(width) + 2) << c->id << std::setw(8) << to_string(c->level)
              << c->title << "  [" << reqs << "]" << needs << "\n";
  }
  std::cout << cases.size() << " case" << (cases.size() == 1 ? "" : "s") << "\n";
  return kExitPass;
}

}  // namespace

Subcommand add_list_command(CLI::App& app) {
  auto sel = std::make_shared<Selection>();
  sel->cases_dir = default_cases_dir();
  auto* cmd = app.add_subcommand("list", "List the cases: id, level, title, requirement IDs");
  add_selection_flags(cmd, *sel);
  add_shard_flag(cmd, *sel);
  return {cmd, [sel] { return list_cases(*sel); }};
}

}  // namespace connectspec
