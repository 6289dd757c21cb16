// The comparison for a terminal, when `compare` is given no output file: the runs' totals, one
// line per case with a short word per run, and the changes.
#include <algorithm>
#include <iomanip>

#include "report/matrix_reports.hpp"

namespace connectspec {

namespace {

// Words, not symbols: they survive any terminal and grep, and FAIL/ERROR stand out.
std::string_view word(const MatrixCell& cell) {
  if (!cell.present) return ".";
  switch (cell.outcome) {
    case Outcome::pass: return "ok";
    case Outcome::fail: return "FAIL";
    case Outcome::warn: return "warn";
    case Outcome::info: return "info";
    case Outcome::skip: return "skip";
    case Outcome::error: return "ERROR";
  }
  return "?";
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string counted(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string column_name(std::size_t i) { return "[" + std::to_string(i + 1) + "]"; }

}  // namespace

void write_matrix_text(std::ostream& out, const Comparison& c) {
  out << "Runs:\n";
  for (std::size_t i = 0; i < c.runs.size(); ++i) {
    const auto& r = c.runs[i];
    const auto& must = r.by_level[static_cast<std::size_t>(Level::must)];
    out << "  " << pad(column_name(i), 5) << r.label << "  (" << r.file << ")\n       MUST " << must[Outcome::pass] << "/"
        << must.total() << " passed;";
    for (Outcome x : {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::error, Outcome::info, Outcome::skip})
      out << " " << r.totals[x] << " " << to_string(x) << (x == Outcome::skip ? "\n" : ",");
  }
  out << c.cases.size() << " cases, " << c.disagreeing_cases() << " where the runs disagree (marked *)\n\n";

  std::size_t id_width = 4;
  for (const auto& row : c.cases) id_width = std::max(id_width, row.id.size());
  id_width = std::min<std::size_t>(id_width + 2, 48);
  const std::size_t col_width = 7;
  out << "  " << pad("case", id_width) << pad("level", 8);
  std::string heads;
  for (std::size_t i = 0; i < c.runs.size(); ++i) heads += pad(column_name(i), col_width);
  out << heads.substr(0, heads.find_last_not_of(' ') + 1) << "\n";
  std::string topic;
  for (const auto& row : c.cases) {
    if (row.topic != topic) {
      topic = row.topic;
      const auto n = std::count_if(c.cases.begin(), c.cases.end(), [&](const CaseRow& r) { return r.topic == topic; });
      out << topic << " (" << n << ")\n";
    }
    std::string id = row.id.size() + 1 > id_width ? row.id.substr(0, id_width - 2) + "~" : row.id;
    out << (row.disagrees ? "* " : "  ") << pad(id, id_width) << pad(to_string(row.level), 8);
    std::string line;
    for (const auto& cell : row.cells) line += pad(word(cell), col_width);
    out << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
  }

  for (const auto& set : c.changes) {
    out << "\nChanges " << column_name(set.from) << " " << c.runs[set.from].label << " -> " << column_name(set.to) << " "
        << c.runs[set.to].label << ": " << counted(set.count(CaseChange::Kind::regression), "regression", "regressions")
        << ", " << counted(set.count(CaseChange::Kind::fix), "fix", "fixes") << ", "
        << counted(set.count(CaseChange::Kind::other), "other change", "other changes") << "\n";
    for (const auto& ch : set.changes) {
      const auto& row = c.cases[ch.row];
      std::string kind(to_string(ch.kind));
      if (ch.kind == CaseChange::Kind::regression) std::transform(kind.begin(), kind.end(), kind.begin(), ::toupper);
      const std::string& reason = ch.after.present && !ch.after.reason.empty() ? ch.after.reason : ch.before.reason;
      out << "  " << pad(kind, 11) << " " << row.id << " (" << to_string(row.level) << "): " << word(ch.before) << " -> "
          << word(ch.after);
      if (!reason.empty()) out << ": " << reason;
      out << "\n";
    }
  }
}

}  // namespace connectspec
