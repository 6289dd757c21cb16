// Live progress and the closing summary on a terminal (or a CI log).
#pragma once

#include <cstddef>
#include <ostream>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// True when fd is a terminal and NO_COLOR (https://no-color.org) is unset or empty.
bool color_enabled(int fd);

// One line per finished case; failures, errors and warnings carry their reason on that line,
// after what the deciding check enforces: its level, requirement ID, RFC section (and keyword
// when it is not the level's word) and the catalogue's paraphrase, e.g.
//   FAIL   target.port-missing  MUST R9110-9.3.6-b (RFC 9110 §9.3.6): a CONNECT to an invalid
//          port is rejected — expect_status: expected 4xx, observed 200 (file:12:1)
// A pass that met a check with an unusual answer says so: "(note: 503 where 400 is usual)".
// The last line of on_finish is exactly "N passed, N failed, N warned, N info, N skipped,
// N errors", never coloured, so scripts can read it.
class ConsoleReporter {
 public:
  // verbose adds every check of every case (those not reached with their cause), and the
  // transcript of cases that did not pass. `notes`: the catalogue's entry per requirement ID
  // (LoadedSuite::requirement_notes); without them a line cites the requirement ID alone.
  ConsoleReporter(std::ostream& out, bool color, bool verbose, RequirementNotes notes = {});

  void on_start(const RunInfo& run, std::size_t total);
  void on_case_done(const CaseResult& result);
  void on_finish(const RunInfo& run, const std::vector<CaseResult>& results);
  // --slowest N: on_finish lists the N cases that took longest, with their wall time, before the
  // totals: where a run's time goes (most often a proxy timer a case waits out).
  void show_slowest(int n) { slowest_ = n; }

 private:
  std::string paint(std::string_view text, Outcome outcome) const;
  std::string dim(std::string_view text) const;
  std::string case_line(const CaseResult& result) const;
  std::string check_line(const CheckResult& check) const;

  std::ostream& out_;
  bool color_;
  bool verbose_;
  RequirementNotes notes_;
  int slowest_ = 0;
};

}  // namespace connectspec
