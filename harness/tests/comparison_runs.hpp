// Results files built in memory for the comparison tests: a run is an implementation with a few
// cases and their outcomes, as read_results_file would have produced them.
#pragma once

#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/run/json_report.hpp"
#include "report/read/results_reader.hpp"
#include "sample_results.hpp"

namespace connectspec::testing {

class RunBuilder {
 public:
  RunBuilder(std::string implementation, std::string profile, std::string started_at = "2024-05-01T12:00:00Z") {
    run_->path = "runs/" + (profile.empty() ? std::string("attached") : profile) + ".json";
    run_->info.implementation = std::move(implementation);
    run_->info.profile = std::move(profile);
    run_->info.started_at = std::move(started_at);
    run_->info.harness_version = "0.1.0";
  }

  RunBuilder& path(std::string p) {
    run_->path = std::move(p);
    return *this;
  }

  RunBuilder& add(const std::string& id, Level level, Outcome outcome, std::string reason = "",
                  std::vector<std::string> requirements = {}) {
    Case c;
    c.id = id;
    c.title = "Title of " + id;
    c.level = level;
    c.topic = id.substr(0, id.find('.'));
    c.requirements = std::move(requirements);
    run_->cases.push_back(std::move(c));
    CaseResult r;
    r.test = &run_->cases.back();
    r.outcome = outcome;
    r.reason = std::move(reason);
    run_->results.push_back(std::move(r));
    return *this;
  }

  RunBuilder& note(const std::string& id, std::string rfc, std::string summary) {
    run_->requirements[id] = {std::move(rfc), std::move(summary), "", ""};
    return *this;
  }

  RunBuilder& bench(BenchResult b) {
    run_->info.bench = std::move(b);
    return *this;
  }

  std::unique_ptr<LoadedResults> build() { return std::move(run_); }

 private:
  std::unique_ptr<LoadedResults> run_ = std::make_unique<LoadedResults>();
};

// GradedResults (a failed MUST check, a warned SHOULD check, a note) as its results file reads back.
inline std::unique_ptr<LoadedResults> graded_run(const std::string& path = "runs/graded.json") {
  const GradedResults g;
  std::ostringstream out;
  write_json_report(out, g.run, g.results, g.notes);
  std::string error;
  auto loaded = read_results_text(out.str(), path, error);
  if (!loaded) throw std::runtime_error(error);
  return loaded;
}

// The same cases, all passed, by another implementation.
inline std::unique_ptr<LoadedResults> clean_run() {
  return RunBuilder("tinyproxy 1.11.1", "tinyproxy", "2024-05-01T13:00:00Z")
      .add("headers.proxy-connection", Level::must, Outcome::pass, "", {"R9110-7.6.1-a", "R9110-7.6.1-c", "R9110-7.6.3-u"})
      .add("target.port-missing", Level::must, Outcome::pass, "", {"R9110-9.3.6-b"})
      .add("target.port-zero", Level::must, Outcome::pass, "", {"R9110-9.3.6-b"})
      .build();
}

inline std::vector<const LoadedResults*> pointers(const std::vector<std::unique_ptr<LoadedResults>>& runs) {
  std::vector<const LoadedResults*> out;
  for (const auto& r : runs) out.push_back(r.get());
  return out;
}

}  // namespace connectspec::testing
