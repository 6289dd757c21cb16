// Live progress and the closing summary on a terminal (or a CI log).
#pragma once

#include <cstddef>
#include <ostream>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// True when fd is a terminal and NO_COLOR (https://no-color.org) is unset or empty.
bool color_enabled(int fd);

// One line per finished case; failures, errors and warnings carry their reason on that line.
// The last line of on_finish is exactly "N passed, N failed, N warned, N info, N skipped,
// N errors", never coloured, so scripts can read it.
class ConsoleReporter {
 public:
  // verbose adds every check of every case, and the transcript of cases that did not pass.
  ConsoleReporter(std::ostream& out, bool color, bool verbose);

  void on_start(const RunInfo& run, std::size_t total);
  void on_case_done(const CaseResult& result);
  void on_finish(const RunInfo& run, const std::vector<CaseResult>& results);

 private:
  std::string paint(std::string_view text, Outcome outcome) const;
  std::string dim(std::string_view text) const;
  std::string case_line(const CaseResult& result) const;

  std::ostream& out_;
  bool color_;
  bool verbose_;
};

}  // namespace connectspec
