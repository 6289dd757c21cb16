// The comparison for a terminal, when `compare` is given no output file: the runs' totals, one
// line per case with a short word per run, and the changes.
#include <algorithm>
#include <iomanip>

#include "report/matrix/matrix_reports.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace {

// Words, not symbols: they survive any terminal and grep, and FAIL/ERROR stand out.
std::string_view outcome_word(const MatrixCell& cell) {
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

std::string word(const MatrixCell& cell) {
  // A verdict that changed on a re-run (`run --confirm`) is marked: "ok~".
  return std::string(outcome_word(cell)) + (cell.present && !cell.unstable.empty() ? "~" : "");
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string counted(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string column_name(std::size_t i) { return "[" + std::to_string(i + 1) + "]"; }

// Terminal columns, not bytes: "—" and "×" take one each.
std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xc0) != 0x80;
  return n;
}

std::string pad_display(std::string s, std::size_t width) {
  const std::size_t w = display_width(s);
  if (w < width) s.append(width - w, ' ');
  return s;
}

void performance(std::ostream& out, const Comparison& c) {
  std::size_t label_width = 0;
  for (const auto& row : c.bench) label_width = std::max(label_width, row.label.size());
  std::vector<std::size_t> widths(c.runs.size());
  for (std::size_t i = 0; i < c.runs.size(); ++i) {
    widths[i] = column_name(i).size();
    for (const auto& row : c.bench) widths[i] = std::max(widths[i], display_width(bench_cell_text(row, row.cells[i], true)));
  }
  out << "Performance (connectspec bench, loopback):\n";
  auto line = [&](const std::string& label, const std::vector<std::string>& cells) {
    std::string text = "  " + pad(label, label_width + 2);
    for (std::size_t i = 0; i < cells.size(); ++i) text += pad_display(cells[i], widths[i] + 2);
    out << text.substr(0, text.find_last_not_of(' ') + 1) << "\n";
  };
  std::vector<std::string> heads;
  for (std::size_t i = 0; i < c.runs.size(); ++i) heads.push_back(column_name(i));
  line("", heads);
  for (const auto& row : c.bench) {
    std::vector<std::string> cells;
    for (const auto& cell : row.cells) cells.push_back(bench_cell_text(row, cell, true));
    line(row.label, cells);
  }
  out << "\n";
}

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
    // From the checks, each at its own level: violated MUSTs and unfollowed SHOULDs apart.
    out << "       " << counted(r.must_failures, "MUST failure", "MUST failures") << ", "
        << counted(r.should_warnings, "SHOULD warning", "SHOULD warnings") << ", " << counted(r.notes, "note", "notes");
    if (r.unstable) out << ", " << r.unstable << " unstable (marked ~)";
    out << "\n";
  }
  if (!c.bench.empty()) performance(out, c);
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
      const MatrixCell& told = ch.after.present && !ch.after.reason.empty() ? ch.after : ch.before;
      out << "  " << pad(kind, 11) << " " << row.id << " (" << to_string(row.level) << "): " << word(ch.before) << " -> "
          << word(ch.after);
      if (!told.reason.empty()) out << ": " << told.reason;
      out << "\n";
      // What the check behind that reason enforces, on a line of its own under it.
      if (told.check) out << std::string(15, ' ') << printable_text(citation_line(*told.check)) << "\n";
    }
  }
}

}  // namespace connectspec
