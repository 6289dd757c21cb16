#include "session/coverage_report.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>

#include "casefile/case_loader.hpp"
#include "casefile/requirement_catalogue.hpp"
#include "session/exit_codes.hpp"
#include "session/suite_selection.hpp"

namespace connectspec {

namespace {

// The groups the HTTP/1.1 suite is measured on.
bool core_group(const std::string& g) { return g.size() == 1 && g[0] >= 'A' && g[0] <= 'H'; }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

int coverage_report(const CoverageOptions& opts) {
  LoadedSuite suite = load_cases(opts.cases_dir, opts.catalogue);
  if (!report_problems(suite)) return kExitUsage;
  const RequirementCatalogue& catalogue = suite.catalogue;

  std::map<std::string, std::vector<std::string>> tested_by;
  for (const Case& c : suite.cases)
    for (const auto& id : c.requirements) tested_by[id].push_back(c.id);

  std::size_t width = 0;
  for (const auto& r : catalogue.requirements) width = std::max(width, r.id.size());
  int core_testable = 0, core_covered = 0, core_untestable = 0;
  std::vector<const Requirement*> uncovered;
  boost::json::array json_reqs;
  for (const auto& g : catalogue.groups) {
    int covered = 0, total = 0;
    for (const auto& r : catalogue.requirements)
      if (r.group == g.id) ++total, covered += tested_by.count(r.id) ? 1 : 0;
    std::cout << g.id << ". " << g.title << "  (" << covered << " of " << total << " tested)\n";
    for (const auto& r : catalogue.requirements) {
      if (r.group != g.id) continue;
      const auto it = tested_by.find(r.id);
      bool is_covered = it != tested_by.end();
      std::cout << "  " << std::left << std::setw(static_cast<int>(width) + 2) << r.id << std::setw(8)
                << to_string(r.level);
      if (is_covered) std::cout << join(it->second);
      else if (!r.testable) std::cout << "not black-box testable: " << r.reason;
      else std::cout << "NO CASE";
      std::cout << "\n";
      if (core_group(r.group)) {
        if (!r.testable && !is_covered) ++core_untestable;
        else ++core_testable, core_covered += is_covered ? 1 : 0;
      }
      if (!is_covered && r.testable && core_group(r.group)) uncovered.push_back(&r);
      boost::json::array cases;
      if (is_covered)
        for (const auto& id : it->second) cases.emplace_back(id);
      json_reqs.push_back({{"id", r.id}, {"group", r.group}, {"rfc", r.rfc}, {"level", to_string(r.level)},
                           {"summary", r.summary}, {"testable", r.testable}, {"reason", r.reason},
                           {"cases", std::move(cases)}});
    }
  }
  double percent = core_testable ? 100.0 * core_covered / core_testable : 0.0;
  std::cout << "\n";
  for (const Requirement* r : uncovered)
    std::cout << "NOT COVERED  " << r->id << " (" << to_string(r->level) << ", " << r->rfc << "): " << r->summary << "\n";
  std::cout << "Groups A-H: " << core_covered << " of " << core_testable << " black-box testable requirements have cases ("
            << std::fixed << std::setprecision(1) << percent << " %); " << core_untestable
            << " not black-box testable; " << suite.cases.size() << " cases\n";

  if (!opts.json.empty()) {
    boost::json::object doc{{"catalogue", catalogue_files_text(catalogue)},
                            {"cases", suite.cases.size()},
                            {"core_groups", "A-H"},
                            {"core_testable", core_testable},
                            {"core_covered", core_covered},
                            {"core_percent", std::round(percent * 10) / 10},
                            {"requirements", std::move(json_reqs)}};
    std::ofstream out(opts.json);
    out << boost::json::serialize(doc) << "\n";
    if (!out) {
      std::cerr << "connectspec: --json " << opts.json << ": cannot write\n";
      return kExitUsage;
    }
  }
  if (opts.min_percent && percent + 1e-9 < *opts.min_percent) {
    std::cout << "below the required " << *opts.min_percent << " %\n";
    return kExitFail;
  }
  return kExitPass;
}

}  // namespace connectspec
