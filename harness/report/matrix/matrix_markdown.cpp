// The comparison as GitHub-flavoured Markdown. The first table is the headline (one row per run),
// so a README can take just that (scripts/publish-results does); the rest reads on GitHub.
#include <algorithm>
#include <set>

#include "report/matrix/matrix_reports.hpp"
#include "report/matrix/report_links.hpp"

namespace connectspec {

std::string_view outcome_symbol_markdown(Outcome o) {
  switch (o) {
    case Outcome::pass: return "\xe2\x9c\x85";                  // ✅
    case Outcome::fail: return "\xe2\x9d\x8c";                  // ❌
    case Outcome::warn: return "\xe2\x9a\xa0\xef\xb8\x8f";      // ⚠️
    case Outcome::info: return "\xe2\x84\xb9\xef\xb8\x8f";      // ℹ️
    case Outcome::skip: return "\xe2\x8f\xad\xef\xb8\x8f";      // ⏭️
    case Outcome::error: return "\xf0\x9f\x92\xa5";             // 💥
  }
  return "?";
}

namespace {

constexpr std::string_view kAbsent = "\xe2\x80\x94";    // —
constexpr std::string_view kDisagree = "\xe2\x89\xa0";  // ≠

// Text in a table cell: nothing in it can end the cell, start markup or raw HTML.
std::string md(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\n': case '\r': case '\t': out += ' '; break;
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '~':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

// An identifier as code when it can be one, else as escaped text.
std::string code(const std::string& id) {
  if (id.find_first_of("`|\n\r") != std::string::npos) return md(id);
  return "`" + id + "`";
}

std::string link(const std::string& text, const std::string& href) {
  if (href.empty()) return md(text);
  std::string h;
  for (char c : href) {
    if (c == '(' || c == ')' || c == ' ' || c == '|' || c == '<' || c == '>')
      h += c == '(' ? "%28" : c == ')' ? "%29" : c == ' ' ? "%20" : c == '|' ? "%7C" : c == '<' ? "%3C" : "%3E";
    else
      h += c;
  }
  return "[" + md(text) + "](" + h + ")";
}

std::string sym(Outcome o) { return std::string(outcome_symbol_markdown(o)); }

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string fraction(const OutcomeCounts& t) {
  if (t.total() == 0) return std::string(kAbsent);
  return std::to_string(t[Outcome::pass]) + "/" + std::to_string(t.total());
}

constexpr Outcome kColumnOrder[] = {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::error, Outcome::info, Outcome::skip};

class Markdown {
 public:
  Markdown(std::ostream& out, const Comparison& c, const MatrixPage& page) : o_(out), c_(c), page_(page) {
    for (const auto& r : c.runs) hrefs_.push_back(report_href(r, page.output_dir));
    // Case tables are wide: a column is headed by the implementation's name alone when that is
    // enough to tell the columns apart.
    std::set<std::string> families;
    for (const auto& r : c.runs) families.insert(implementation_family(r.implementation));
    for (const auto& r : c.runs)
      short_.push_back(families.size() == c.runs.size() && !r.implementation.empty() ? implementation_family(r.implementation)
                                                                                      : r.label);
  }

  void write() {
    o_ << "# " << md(page_.title) << "\n\n";
    headline();
    if (!c_.bench.empty()) performance();
    o_ << "\n" << plural(c_.cases.size(), "case", "cases") << ", " << c_.disagreeing_cases()
       << " where the implementations disagree (" << kDisagree << "). Written by `connectspec compare`.\n\n";
    legend();
    if (!c_.changes.empty()) changes();
    checks();
    cases();
    requirements();
  }

 private:
  // No links here: a README that copies this table lives elsewhere than the reports' links
  // are relative to (the case tables' column headers link to the reports).
  void headline() {
    const bool unstable = std::any_of(c_.runs.begin(), c_.runs.end(), [](const ComparedRun& r) { return r.unstable > 0; });
    o_ << "| Implementation | MUST passed | SHOULD passed | MUST failures | SHOULD warnings | notes |";
    for (Outcome x : kColumnOrder) o_ << " " << sym(x) << " " << to_string(x) << " |";
    if (unstable) o_ << " unstable |";
    o_ << "\n|---|---:|---:|---:|---:|---:|";
    for (std::size_t i = 0; i < std::size(kColumnOrder) + (unstable ? 1 : 0); ++i) o_ << "---:|";
    o_ << "\n";
    for (std::size_t i = 0; i < c_.runs.size(); ++i) {
      const auto& r = c_.runs[i];
      o_ << "| " << md(r.label) << " | " << fraction(r.by_level[static_cast<std::size_t>(Level::must)]) << " | "
         << fraction(r.by_level[static_cast<std::size_t>(Level::should)]) << " | " << r.must_failures << " | "
         << r.should_warnings << " | " << r.notes << " |";
      for (Outcome x : kColumnOrder) o_ << " " << r.totals[x] << " |";
      if (unstable) o_ << " " << r.unstable << " |";
      o_ << "\n";
    }
  }

  // A table of its own after the headline, so a README that takes only the headline is unchanged.
  void performance() {
    o_ << "\n**Performance** (`connectspec bench` or `run --bench`, on loopback; " << kAbsent << " not measured)\n\n| Measure |";
    for (const auto& r : c_.runs) o_ << " " << md(r.label) << " |";
    o_ << "\n|---|";
    for (std::size_t i = 0; i < c_.runs.size(); ++i) o_ << "---:|";
    o_ << "\n";
    for (const auto& row : c_.bench) {
      o_ << "| " << md(row.label) << " |";
      for (const auto& cell : row.cells) o_ << " " << md(bench_cell_text(row, cell)) << " |";
      o_ << "\n";
    }
  }

  void legend() {
    o_ << "**Legend:** " << sym(Outcome::pass) << " pass \xc2\xb7 " << sym(Outcome::fail) << " fail \xc2\xb7 "
       << sym(Outcome::warn) << " warn (a SHOULD not met) \xc2\xb7 " << sym(Outcome::error)
       << " error (no verdict reached) \xc2\xb7 " << sym(Outcome::info) << " info (observed, not judged) \xc2\xb7 "
       << sym(Outcome::skip) << " skip \xc2\xb7 " << kAbsent << " not in that run \xc2\xb7 " << kDisagree
       << " the implementations disagree \xc2\xb7 ~ unstable (the verdict changed on a re-run).\n\n"
       << "Each check is graded at the level of the sentence it enforces. **MUST failures** count the cases that violate a "
          "MUST, **SHOULD warnings** those that do not follow a SHOULD (a failure under `--strict`), **notes** those that met "
          "a check with an answer other than the usual one (503 where 400 is usual): a difference, never a failure. A "
          "requirement's keyword is the sentence's own: MUST, MUST NOT, SHOULD, SHOULD NOT, MAY, *preference* (the text "
          "names the usual answer) or *definitional* (no keyword: the protocol's definition).\n";
  }

  // "**MUST** `R1` RFC 9110 §9.3.6 (MUST NOT): a CONNECT to an invalid port is rejected"
  static std::string cited(const CheckCitation& c) {
    std::string out = "**" + std::string(to_string(c.level)) + "**";
    if (!c.requirement.empty()) out += " " + code(c.requirement);
    if (!c.rfc.empty()) out += " " + md(c.rfc);
    if (!c.keyword.empty() && c.keyword != to_string(c.level)) out += " (" + md(c.keyword) + ")";
    if (!c.summary.empty()) out += ": " + md(c.summary);
    return out;
  }

  // Every cell decided by a check that failed or warned, and every pass with a note: what the
  // check enforces (level, requirement, RFC section, keyword, paraphrase) and what was observed.
  void checks() {
    std::size_t n = 0;
    for (const auto& row : c_.cases)
      for (const auto& cell : row.cells) n += cell.present && (cell.check || !cell.note.empty());
    if (n == 0) return;
    o_ << "\n## Failed and warned checks\n\nWhat each failure, warning and note enforces: the level the check is graded "
          "at, the requirement, its RFC section and keyword, and what the text demands.\n\n"
          "| Case | Implementation | Outcome | Level | Requirement | Keyword | The text demands | Observed |\n"
          "|---|---|---|---|---|---|---|---|\n";
    for (const auto& row : c_.cases)
      for (std::size_t i = 0; i < row.cells.size(); ++i) {
        const auto& cell = row.cells[i];
        if (!cell.present || (!cell.check && cell.note.empty())) continue;
        o_ << "| " << code(row.id) << " | " << md(short_[i]) << " | " << side(cell) << " | ";
        if (cell.check) {
          const CheckCitation& k = *cell.check;
          o_ << "**" << to_string(k.level) << "** | " << (k.requirement.empty() ? std::string(kAbsent) : code(k.requirement))
             << (k.rfc.empty() ? "" : " " + md(k.rfc)) << " | " << (k.keyword.empty() ? std::string(kAbsent) : md(k.keyword))
             << " | " << md(k.summary) << " | " << md(cell.reason) << " |\n";
        } else {
          o_ << "note | " << kAbsent << " | " << kAbsent << " |  | " << md(cell.note) << " |\n";
        }
      }
  }

  std::string side(const MatrixCell& cell) const {
    if (!cell.present) return std::string(kAbsent) + " not run";
    return sym(cell.outcome) + " " + std::string(to_string(cell.outcome)) +
           (cell.unstable.empty() ? "" : " (unstable: " + md(cell.unstable) + ")");
  }

  void changes() {
    o_ << "\n## Changes\n\nBetween each run and the one before it: regressions first, then fixes, then other changes.\n";
    for (const auto& set : c_.changes) {
      o_ << "\n### " << md(c_.runs[set.from].label) << " \xe2\x86\x92 " << md(c_.runs[set.to].label) << "\n\n";
      const int reg = set.count(CaseChange::Kind::regression);
      o_ << (reg > 0 ? "**" : "") << plural(static_cast<std::size_t>(reg), "regression", "regressions") << (reg > 0 ? "**" : "")
         << ", " << plural(static_cast<std::size_t>(set.count(CaseChange::Kind::fix)), "fix", "fixes") << ", "
         << plural(static_cast<std::size_t>(set.count(CaseChange::Kind::other)), "other change", "other changes") << ".\n";
      if (set.changes.empty()) continue;
      o_ << "\n| Change | Case | Level | Before | After | Reason |\n|---|---|---|---|---|---|\n";
      for (const auto& ch : set.changes) {
        const auto& row = c_.cases[ch.row];
        const bool after = ch.after.present && !ch.after.reason.empty();
        const MatrixCell& told = after ? ch.after : ch.before;
        o_ << "| " << (ch.kind == CaseChange::Kind::regression ? "**regression**" : std::string(to_string(ch.kind))) << " | "
           << code(row.id) << " | " << to_string(row.level) << " | " << side(ch.before) << " | " << side(ch.after) << " | "
           << (told.check ? cited(*told.check) + " \xe2\x80\x94 " : "") << md(told.reason) << " |\n";
      }
    }
  }

  void table_head(const char* first, const char* second) {
    o_ << "| " << first << " | " << second << " |";
    for (std::size_t i = 0; i < c_.runs.size(); ++i) o_ << " " << link(short_[i], hrefs_[i]) << " |";
    o_ << "\n|---|---|";
    for (std::size_t i = 0; i < c_.runs.size(); ++i) o_ << ":---:|";
    o_ << "\n";
  }

  void cases() {
    o_ << "\n## Cases\n";
    std::size_t i = 0;
    while (i < c_.cases.size()) {
      const std::string topic = c_.cases[i].topic;
      std::size_t end = i, disagree = 0;
      while (end < c_.cases.size() && c_.cases[end].topic == topic) disagree += c_.cases[end++].disagrees ? 1 : 0;
      o_ << "\n### " << md(topic) << "\n\n" << plural(end - i, "case", "cases");
      if (disagree > 0) o_ << ", " << disagree << " where they disagree";
      o_ << ".\n\n";
      table_head("Case", "Level");
      for (; i < end; ++i) {
        const auto& row = c_.cases[i];
        o_ << "| " << code(row.id) << (row.disagrees ? " " + std::string(kDisagree) : "") << " | " << to_string(row.level) << " |";
        for (const auto& cell : row.cells)
          o_ << " " << (cell.present ? sym(cell.outcome) + (cell.unstable.empty() ? "" : " ~") : std::string(kAbsent)) << " |";
        o_ << "\n";
      }
    }
  }

  void requirements() {
    if (c_.requirements.empty()) return;
    o_ << "\n## Requirements\n\nThe worst outcome of the cases citing each requirement (fail, error, warn, pass, info, skip; "
          "a skipped or INFO case never hides a verdict), with how many of them had it when more than one does.\n\n";
    table_head("Requirement", "Cases");
    for (const auto& row : c_.requirements) {
      o_ << "| " << code(row.id) << (row.disagrees ? " " + std::string(kDisagree) : "");
      if (!row.rfc.empty()) o_ << " " << md(row.rfc);
      o_ << " | " << row.cases.size() << " |";
      for (const auto& cell : row.cells) {
        if (!cell.present) {
          o_ << " " << kAbsent << " |";
          continue;
        }
        o_ << " " << sym(cell.outcome);
        if (cell.counts.total() > 1) o_ << " " << cell.counts[cell.outcome] << "/" << cell.counts.total();
        o_ << " |";
      }
      o_ << "\n";
    }
  }

  std::ostream& o_;
  const Comparison& c_;
  const MatrixPage& page_;
  std::vector<std::string> hrefs_, short_;
};

}  // namespace

void write_matrix_markdown(std::ostream& out, const Comparison& c, const MatrixPage& page) { Markdown(out, c, page).write(); }

}  // namespace connectspec
