#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"

namespace connectspec {

int list_command(const Selection& sel) {
  if (auto err = check_selection(sel)) {
    std::cerr << "connectspec: " << *err << "\n";
    return 2;
  }
  LoadedSuite suite = load_suite(sel.cases_dir);
  if (!report_problems(suite)) return 2;
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
  return 0;
}

int validate_command(const std::string& dir) {
  LoadedSuite suite = load_suite(dir);
  if (!report_problems(suite)) return 2;
  std::cout << dir << ": " << suite.cases.size() << " case files, no problems\n";
  return 0;
}

}  // namespace connectspec
