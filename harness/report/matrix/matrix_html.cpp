// The comparison as one self-contained HTML page. Everything a reader sees is in the markup (the
// script only filters, sorts, expands and switches tabs), so the page prints and reads without
// JavaScript too. The style and script are reports/assets/matrix.css and matrix.js.
#include <algorithm>
#include <sstream>

#include "report/matrix/matrix_reports.hpp"
#include "report/shared/report_assets.hpp"
#include "report/matrix/report_links.hpp"
#include "report/shared/html_text.hpp"

namespace connectspec {

std::string_view outcome_symbol_html(Outcome o) {
  switch (o) {
    case Outcome::pass: return "\xe2\x9c\x93";   // ✓
    case Outcome::fail: return "\xe2\x9c\x97";   // ✗
    case Outcome::warn: return "!";
    case Outcome::info: return "i";
    case Outcome::skip: return "\xe2\x80\x93";   // –
    case Outcome::error: return "\xe2\x80\xbc";  // ‼
  }
  return "?";
}

namespace {

// Every text from a results file goes through this: control bytes as \xNN, then & < > " ' as
// entities (report/html_text).
std::string esc(std::string_view text) { return html_printable(text); }

std::string lower(std::string text) {
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

std::string outcome_name(Outcome o) { return std::string(to_string(o)); }

std::string level_name(Level l) { return std::string(to_string(l)); }

std::string plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

// "squid 5.7 (2026-11-23 13:16)" -> name "squid", rest "5.7 (2026-11-23 13:16)"
std::pair<std::string, std::string> split_label(const ComparedRun& r) {
  std::string family = implementation_family(r.implementation);
  if (!family.empty() && family != r.implementation && r.label.rfind(family + " ", 0) == 0)
    return {family, r.label.substr(family.size() + 1)};
  auto paren = r.label.find(" (");
  if (paren != std::string::npos) return {r.label.substr(0, paren), r.label.substr(paren + 1)};
  return {r.label, ""};
}

// A long name may wrap after a hyphen, and only there ("connectspec-<wbr>refproxy").
std::string breakable(const std::string& escaped) {
  std::string out;
  for (char c : escaped) {
    out += c;
    if (c == '-') out += "<wbr>";
  }
  return out;
}

std::string date_only(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

// A bar of the run's outcome shares, in the order pass, info, skip, warn, error, fail.
std::string totals_bar(const OutcomeCounts& t) {
  const int total = t.total();
  std::ostringstream o;
  o << "<span class=\"bar\" aria-hidden=\"true\">";
  if (total > 0)
    for (Outcome x : {Outcome::pass, Outcome::info, Outcome::skip, Outcome::warn, Outcome::error, Outcome::fail})
      if (t[x] > 0) o << "<span class=\"seg o-" << to_string(x) << "\" style=\"flex-grow:" << t[x] << "\"></span>";
  o << "</span>";
  return o.str();
}

// "MUST R1 (RFC 9110 §9.3.6): ...": what the check that decided a cell enforces, in words.
std::string cited_words(const MatrixCell& cell) {
  std::string out = cell.unstable.empty() ? "" : "unstable (" + cell.unstable + ")";
  const std::string dash = " \xe2\x80\x94 ";
  if (cell.check) out += (out.empty() ? "" : dash) + citation_line(*cell.check);
  if (!cell.note.empty()) out += (out.empty() ? "" : dash) + "note: " + cell.note;
  return out;
}

// The same with a level badge (MUST red, SHOULD amber) and the keyword as a chip.
std::string cited_html(const CheckCitation& c) {
  const std::string level(to_string(c.level));
  std::string out = "<span class=\"cite\"><span class=\"badge lv-" + lower(level) + "\">" + level + "</span>";
  if (!c.requirement.empty()) out += " <code class=\"req-id\">" + esc(c.requirement) + "</code>";
  if (!c.rfc.empty()) out += " <span class=\"rfc\">" + esc(c.rfc) + "</span>";
  if (!c.keyword.empty()) out += " <span class=\"kw\">" + esc(c.keyword) + "</span>";
  if (!c.summary.empty()) out += " <span class=\"rsum\">" + esc(c.summary) + "</span>";
  return out + "</span>";
}

// "1 MUST failure, 2 SHOULD warnings, 3 notes"
std::string check_counts(const ComparedRun& r) {
  return plural(r.must_failures, "MUST failure", "MUST failures") + ", " +
         plural(r.should_warnings, "SHOULD warning", "SHOULD warnings") + ", " + plural(r.notes, "note", "notes") +
         (r.unstable ? ", " + std::to_string(r.unstable) + " unstable" : "");
}

std::string count_summary(const OutcomeCounts& t) {
  std::string s;
  for (Outcome x : {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::error, Outcome::info, Outcome::skip})
    if (t[x] > 0) {
      if (!s.empty()) s += ", ";
      s += std::to_string(t[x]) + " " + outcome_name(x);
    }
  return s.empty() ? "no cases" : s;
}

class Page {
 public:
  Page(std::ostream& out, const Comparison& c, const MatrixPage& page) : o_(out), c_(c), page_(page) {
    for (const auto& r : c.runs) hrefs_.push_back(report_href(r, page.output_dir));
  }

  void write() {
    o_ << "<!DOCTYPE html>\n<html lang=\"en\" class=\"no-js\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       << "<meta name=\"generator\" content=\"connectspec compare\">\n"
       << "<title>" << esc(page_.title) << "</title>\n<style>\n"
       << report_asset("matrix.css") << "\n</style>\n</head>\n<body>\n";
    header();
    overview();
    if (!c_.bench.empty()) performance();
    tabs();
    cases_view();
    requirements_view();
    if (!c_.changes.empty()) changes_view();
    o_ << "<footer class=\"foot\">Written by <code>connectspec compare</code> from "
       << plural(static_cast<int>(c_.runs.size()), "results file", "results files")
       << ". Symbols: " << legend_inline() << ".</footer>\n";
    o_ << "<script>\n" << report_asset("matrix.js") << "\n</script>\n</body>\n</html>\n";
  }

 private:
  std::size_t ncols() const { return c_.runs.size(); }
  bool any_unstable() const {
    return std::any_of(c_.runs.begin(), c_.runs.end(), [](const ComparedRun& r) { return r.unstable > 0; });
  }

  std::string sym(Outcome x) const {
    return "<span class=\"sym\" aria-hidden=\"true\">" + std::string(outcome_symbol_html(x)) + "</span>";
  }

  std::string legend_inline() const {
    std::string s;
    for (Outcome x : {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::error, Outcome::info, Outcome::skip}) {
      if (!s.empty()) s += " ";
      s += "<span class=\"chip o-" + outcome_name(x) + "\">" + sym(x) + " " + outcome_name(x) + "</span>";
    }
    s += " <span class=\"chip absent\"><span class=\"sym\" aria-hidden=\"true\">\xc2\xb7</span> not in that run</span>";
    return s;
  }

  void header() {
    std::vector<std::string> harness;
    for (const auto& r : c_.runs)
      if (!r.harness_version.empty() && std::find(harness.begin(), harness.end(), r.harness_version) == harness.end())
        harness.push_back(r.harness_version);
    o_ << "<header class=\"page-head\">\n<h1>" << esc(page_.title) << "</h1>\n<p class=\"sub\">"
       << plural(static_cast<int>(ncols()), "run", "runs") << " \xc2\xb7 "
       << plural(static_cast<int>(c_.cases.size()), "case", "cases") << " \xc2\xb7 "
       << c_.disagreeing_cases() << " where they disagree";
    if (!harness.empty()) {
      o_ << " \xc2\xb7 connectspec ";
      for (std::size_t i = 0; i < harness.size(); ++i) o_ << (i ? ", " : "") << esc(harness[i]);
    }
    o_ << "</p>\n<p class=\"legend\">" << legend_inline() << "</p>\n</header>\n";
  }

  void overview() {
    o_ << "<section class=\"overview\" aria-labelledby=\"overview-h\">\n<h2 id=\"overview-h\">Totals</h2>\n"
       << "<p class=\"explain\">Each check is graded at the level of the sentence it enforces: <b>MUST failures</b> count the "
       << "cases that violate a MUST, <b>SHOULD warnings</b> those that do not follow a SHOULD, <b>notes</b> those that met a "
       << "check with an answer other than the usual one (503 where 400 is usual), never a failure.</p>\n"
       << "<div class=\"scroll\"><table class=\"totals\">\n<thead><tr><th scope=\"col\">Implementation</th>"
       << "<th scope=\"col\">MUST passed</th><th scope=\"col\">SHOULD passed</th>"
       << "<th scope=\"col\" class=\"num count\" title=\"cases that failed a MUST check\"><span class=\"badge lv-must\">MUST</span> failures</th>"
       << "<th scope=\"col\" class=\"num count\" title=\"cases that did not follow a SHOULD check\"><span class=\"badge lv-should\">SHOULD</span> warnings</th>"
       << "<th scope=\"col\" class=\"num count\" title=\"cases that met a check, but not with the usual answer\">notes</th>";
    if (any_unstable()) o_ << "<th scope=\"col\" class=\"num count\" title=\"cases whose verdict changed on a re-run\">unstable</th>";
    for (Outcome x : {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::error, Outcome::info, Outcome::skip})
      o_ << "<th scope=\"col\" class=\"num\"><span class=\"chip o-" << to_string(x) << "\">" << sym(x) << " "
         << to_string(x) << "</span></th>";
    o_ << "<th scope=\"col\">Run</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < ncols(); ++i) {
      const auto& r = c_.runs[i];
      o_ << "<tr><th scope=\"row\">";
      if (!hrefs_[i].empty())
        o_ << "<a href=\"" << esc(hrefs_[i]) << "\">" << esc(r.label) << "</a>";
      else
        o_ << esc(r.label);
      if (!r.profile.empty() && r.profile != implementation_family(r.implementation))
        o_ << " <small>profile " << esc(r.profile) << "</small>";
      o_ << "</th>";
      for (Level l : {Level::must, Level::should}) {
        const auto& t = r.by_level[static_cast<std::size_t>(l)];
        o_ << "<td class=\"level-total\">";
        if (t.total() == 0) {
          o_ << "\xe2\x80\x94";
        } else {
          const int pct = t[Outcome::pass] * 100 / t.total();
          o_ << "<span class=\"meter\" aria-hidden=\"true\"><span style=\"width:" << pct << "%\"></span></span>"
             << "<span class=\"frac\">" << t[Outcome::pass] << "/" << t.total() << "</span>";
        }
        o_ << "</td>";
      }
      o_ << "<td class=\"num checks t-fail" << (r.must_failures == 0 ? " zero" : "") << "\">" << r.must_failures << "</td>"
         << "<td class=\"num checks t-warn" << (r.should_warnings == 0 ? " zero" : "") << "\">" << r.should_warnings << "</td>"
         << "<td class=\"num checks" << (r.notes == 0 ? " zero" : "") << "\">" << r.notes << "</td>";
      if (any_unstable()) o_ << "<td class=\"num checks" << (r.unstable == 0 ? " zero" : "") << "\">" << r.unstable << "</td>";
      for (Outcome x : {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::error, Outcome::info, Outcome::skip})
        o_ << "<td class=\"num" << (r.totals[x] == 0 ? " zero" : "") << "\">" << r.totals[x] << "</td>";
      o_ << "<td class=\"run-info\" title=\"" << esc(r.started_at + ", " + r.file) << "\">" << esc(date_only(r.started_at))
         << "</td></tr>\n";
    }
    o_ << "</tbody></table></div>\n</section>\n";
  }

  // The runs' bench figures (`run --bench`), a column per run; a failed throughput is marked and
  // says why on hover.
  void performance() {
    o_ << "<section class=\"overview perf\" aria-labelledby=\"perf-h\">\n<h2 id=\"perf-h\">Performance</h2>\n"
       << "<p class=\"explain\">Measured by <code>connectspec bench</code> (or <code>run --bench</code>, after the cases) on loopback; see docs/performance.md for how; "
       << "\xe2\x80\x94 where a run did not measure it.</p>\n"
       << "<div class=\"scroll\"><table class=\"totals perf\">\n<thead><tr><th scope=\"col\">Measure</th>";
    for (std::size_t i = 0; i < ncols(); ++i) o_ << "<th scope=\"col\" class=\"num\">" << breakable(esc(c_.runs[i].label)) << "</th>";
    o_ << "</tr></thead>\n<tbody>\n";
    for (const auto& row : c_.bench) {
      o_ << "<tr data-key=\"" << esc(row.key) << "\"><th scope=\"row\">" << esc(row.label) << "</th>";
      for (std::size_t i = 0; i < ncols(); ++i) {
        const BenchCell& cell = row.cells[i];
        o_ << "<td class=\"num" << (!cell.present ? " zero" : cell.failure.empty() ? "" : " failed") << "\"";
        if (!cell.failure.empty()) o_ << " title=\"" << esc("failed: " + cell.failure) << "\"";
        o_ << ">" << esc(bench_cell_text(row, cell)) << "</td>";
      }
      o_ << "</tr>\n";
    }
    o_ << "</tbody></table></div>\n</section>\n";
  }

  void tabs() {
    o_ << "<nav class=\"tabs\" aria-label=\"Views\">"
       << "<a href=\"#cases\" data-tab=\"cases\">Cases <span class=\"n\">" << c_.cases.size() << "</span></a>"
       << "<a href=\"#requirements\" data-tab=\"requirements\">Requirements <span class=\"n\">" << c_.requirements.size()
       << "</span></a>";
    if (!c_.changes.empty()) {
      const int reg = c_.regressions();
      o_ << "<a href=\"#changes\" data-tab=\"changes\">Changes";
      if (reg > 0)
        o_ << " <span class=\"n bad\">" << plural(reg, "regression", "regressions") << "</span>";
      else {
        std::size_t total = 0;
        for (const auto& s : c_.changes) total += s.changes.size();
        o_ << " <span class=\"n\">" << total << "</span>";
      }
      o_ << "</a>";
    }
    o_ << "</nav>\n";
  }

  void toolbar(const char* what, std::size_t disagreeing, bool levels) {
    o_ << "<div class=\"toolbar\" role=\"search\">"
       << "<input type=\"search\" class=\"filter\" placeholder=\"Filter " << what
       << ": id, title, requirement, reason\" aria-label=\"Filter " << what << "\">";
    if (levels)
      o_ << "<select class=\"level-filter\" aria-label=\"Level\"><option value=\"\">all levels</option>"
            "<option>MUST</option><option>SHOULD</option><option>MAY</option><option>INFO</option></select>";
    o_ << "<label><input type=\"checkbox\" class=\"only-disagree\"> only where they disagree (" << disagreeing
       << ")</label>"
       << "<label><input type=\"checkbox\" class=\"highlight\" checked> highlight those</label>"
       << "<span class=\"shown\" aria-live=\"polite\"></span></div>\n";
  }

  // The sticky header: a column per run with its name, version and totals; click sorts.
  void run_headers(bool with_level) {
    o_ << "<thead><tr><th scope=\"col\" class=\"case-col\"><button type=\"button\" class=\"sort\" data-sort=\"id\">"
       << (with_level ? "Case" : "Requirement") << "</button></th>";
    if (with_level)
      o_ << "<th scope=\"col\" class=\"lvl-col\"><button type=\"button\" class=\"sort\" data-sort=\"level\">Level</button></th>";
    else
      o_ << "<th scope=\"col\" class=\"lvl-col\"><button type=\"button\" class=\"sort\" data-sort=\"level\">Cases</button></th>";
    for (std::size_t i = 0; i < ncols(); ++i) {
      const auto& r = c_.runs[i];
      auto [name, rest] = split_label(r);
      const auto& must = r.by_level[static_cast<std::size_t>(Level::must)];
      o_ << "<th scope=\"col\" class=\"run-col\" title=\"" << esc(r.label) << " \xe2\x80\x94 " << esc(count_summary(r.totals))
         << "; " << esc(check_counts(r)) << "\"><button type=\"button\" class=\"sort\" data-sort=\"col\" data-col=\"" << i << "\">"
         << "<span class=\"impl\">" << breakable(esc(name)) << "</span>";
      if (!rest.empty()) o_ << "<span class=\"ver\">" << esc(rest) << "</span>";
      o_ << "</button>" << totals_bar(r.totals) << "<span class=\"tot\">";
      if (must.total() > 0) o_ << "MUST " << must[Outcome::pass] << "/" << must.total();
      o_ << "</span><span class=\"tot\">";
      // MUST failures and SHOULD warnings apart (from the checks), then errors.
      bool any = false;
      const std::pair<Outcome, int> counts[] = {
          {Outcome::fail, r.must_failures}, {Outcome::warn, r.should_warnings}, {Outcome::error, r.totals[Outcome::error]}};
      for (auto [x, n] : counts)
        if (n > 0) {
          o_ << (any ? " " : "") << "<span class=\"t-" << to_string(x) << "\">" << outcome_symbol_html(x) << n
             << (x == Outcome::fail ? " MUST" : x == Outcome::warn ? " SHOULD" : "") << "</span>";
          any = true;
        }
      if (!any) o_ << "<span class=\"t-pass\">" << outcome_symbol_html(Outcome::pass) << " all</span>";
      o_ << "</span></th>";
    }
    o_ << "</tr></thead>\n";
  }

  std::string cell_title(std::size_t i, const MatrixCell& cell) const {
    if (!cell.present) return c_.runs[i].label + ": not in this run";
    std::string t = c_.runs[i].label + ": " + outcome_name(cell.outcome);
    if (const std::string cited = cited_words(cell); !cited.empty()) t += " \xe2\x80\x94 " + cited;
    if (!cell.reason.empty()) t += " \xe2\x80\x94 " + cell.reason;
    return t;
  }

  void case_cell(std::size_t i, const CaseRow& row) {
    const auto& cell = row.cells[i];
    if (!cell.present) {
      o_ << "<td class=\"cell absent\" data-sev=\"-1\" title=\"" << esc(cell_title(i, cell))
         << "\"><span class=\"sym\">\xc2\xb7</span><span class=\"sr\">not run</span></td>";
      return;
    }
    const std::string name = outcome_name(cell.outcome);
    o_ << "<td class=\"cell o-" << name << (cell.unstable.empty() ? "" : " unstable") << "\" data-sev=\""
       << outcome_severity(cell.outcome) << "\" title=\"" << esc(cell_title(i, cell)) << "\">";
    if (!hrefs_[i].empty())
      o_ << "<a href=\"" << esc(hrefs_[i] + case_fragment(row.id)) << "\">";
    else
      o_ << "<span class=\"nolink\">";
    o_ << sym(cell.outcome) << "<span class=\"sr\">" << name << "</span>";
    if (!cell.unstable.empty()) o_ << "<span class=\"k\" aria-hidden=\"true\">~</span><span class=\"sr\">unstable</span>";
    o_ << (hrefs_[i].empty() ? "</span>" : "</a>") << "</td>";
  }

  static std::string row_anchor(const char* prefix, const std::string& id) { return prefix + percent_encode(id); }

  void cases_view() {
    o_ << "<section id=\"cases\" class=\"view hl\" aria-label=\"Cases\">\n";
    toolbar("cases", c_.disagreeing_cases(), true);
    o_ << "<div class=\"matrix-scroll\"><table class=\"matrix\" data-kind=\"cases\">\n";
    run_headers(true);
    std::size_t i = 0;
    while (i < c_.cases.size()) {
      const std::string topic = c_.cases[i].topic;
      std::size_t end = i;
      int disagree = 0;
      while (end < c_.cases.size() && c_.cases[end].topic == topic) disagree += c_.cases[end++].disagrees ? 1 : 0;
      o_ << "<tbody class=\"group\" data-topic=\"" << esc(topic) << "\">\n<tr class=\"topic\"><th colspan=\"" << ncols() + 2
         << "\" scope=\"rowgroup\"><span class=\"topic-name\">" << esc(topic) << "</span> <small>"
         << plural(static_cast<int>(end - i), "case", "cases");
      if (disagree > 0) o_ << " \xc2\xb7 " << disagree << " disagree";
      o_ << "</small></th></tr>\n";
      for (; i < end; ++i) case_row(c_.cases[i]);
      o_ << "</tbody>\n";
    }
    o_ << "</table></div>\n</section>\n";
  }

  void case_row(const CaseRow& row) {
    const std::string anchor = row_anchor("c-", row.id);
    o_ << "<tr class=\"row" << (row.disagrees ? " disagree" : "") << "\" id=\"" << esc(anchor) << "\" data-id=\""
       << esc(row.id) << "\" data-level=\"" << level_name(row.level) << "\" data-lrank=\"" << static_cast<int>(row.level)
       << "\" data-disagree=\"" << (row.disagrees ? 1 : 0) << "\">"
       << "<th scope=\"row\" class=\"case-col\"><button type=\"button\" class=\"expand\" aria-expanded=\"false\" "
       << "aria-controls=\"" << esc(anchor) << "-d\" title=\"Show every run's reason\"><span class=\"id\">" << esc(row.id)
       << "</span><span class=\"title\">" << esc(row.title) << "</span><span class=\"badge lvl-inline lv-"
       << lower(level_name(row.level)) << "\">" << level_name(row.level) << "</span></button></th>"
       << "<td class=\"lvl-col\"><span class=\"badge lv-" << lower(level_name(row.level)) << "\">" << level_name(row.level)
       << "</span></td>";
    for (std::size_t i = 0; i < ncols(); ++i) case_cell(i, row);
    o_ << "</tr>\n<tr class=\"detail\" id=\"" << esc(anchor) << "-d\" hidden><td colspan=\"" << ncols() + 2
       << "\"><div class=\"detail-body\"><p class=\"meta\"><b>" << esc(row.id) << "</b> \xe2\x80\x94 " << esc(row.title);
    if (!row.rfc.empty()) o_ << " \xc2\xb7 " << esc(row.rfc);
    if (!row.requirements.empty()) {
      o_ << " \xc2\xb7 requirements:";
      for (const auto& r : row.requirements)
        o_ << " <a href=\"#" << esc(row_anchor("r-", r)) << "\" class=\"req\">" << esc(r) << "</a>";
    }
    o_ << "</p><ul class=\"reasons\">";
    for (std::size_t i = 0; i < ncols(); ++i) {
      const auto& cell = row.cells[i];
      if (!cell.present) {
        o_ << "<li class=\"absent\"><span class=\"sym\">\xc2\xb7</span> <b>" << esc(c_.runs[i].label)
           << "</b> not in this run</li>";
        continue;
      }
      o_ << "<li class=\"o-" << outcome_name(cell.outcome) << "\">" << sym(cell.outcome) << " <b>" << esc(c_.runs[i].label)
         << "</b> <span class=\"oname\">" << outcome_name(cell.outcome) << "</span>";
      if (!cell.unstable.empty()) o_ << " <span class=\"unstable\">unstable: " << esc(cell.unstable) << "</span>";
      if (cell.check) o_ << " " << cited_html(*cell.check);
      if (!cell.note.empty()) o_ << " <span class=\"note\">note: " << esc(cell.note) << "</span>";
      if (!cell.reason.empty()) o_ << " <span class=\"reason\">" << esc(cell.reason) << "</span>";
      if (!hrefs_[i].empty()) o_ << " <a class=\"more\" href=\"" << esc(hrefs_[i] + case_fragment(row.id)) << "\">details</a>";
      o_ << "</li>";
    }
    o_ << "</ul></div></td></tr>\n";
  }

  void requirements_view() {
    o_ << "<section id=\"requirements\" class=\"view hl\" aria-label=\"Requirements\">\n<p class=\"explain\">"
       << "Each cell is the worst outcome of that run's cases citing the requirement (fail, error, warn, pass, "
       << "info, skip: a skipped or INFO case never hides a verdict), with how many of its cases had it.</p>\n";
    toolbar("requirements", c_.disagreeing_requirements(), false);
    o_ << "<div class=\"matrix-scroll\"><table class=\"matrix\" data-kind=\"requirements\">\n";
    run_headers(false);
    o_ << "<tbody class=\"group\">\n";
    for (const auto& row : c_.requirements) requirement_row(row);
    o_ << "</tbody>\n</table></div>\n</section>\n";
  }

  void requirement_row(const RequirementRow& row) {
    const std::string anchor = row_anchor("r-", row.id);
    o_ << "<tr class=\"row" << (row.disagrees ? " disagree" : "") << "\" id=\"" << esc(anchor) << "\" data-id=\""
       << esc(row.id) << "\" data-lrank=\"" << row.cases.size() << "\" data-disagree=\"" << (row.disagrees ? 1 : 0)
       << "\">"
       << "<th scope=\"row\" class=\"case-col\"><button type=\"button\" class=\"expand\" aria-expanded=\"false\" "
       << "aria-controls=\"" << esc(anchor) << "-d\" title=\"Show the cases\"><span class=\"id\">" << esc(row.id)
       << "</span><span class=\"title\">";
    if (!row.rfc.empty()) o_ << "<span class=\"rfc\">" << esc(row.rfc) << "</span> ";
    o_ << esc(row.summary) << "</span></button></th><td class=\"lvl-col num\">" << row.cases.size() << "</td>";
    for (std::size_t i = 0; i < ncols(); ++i) {
      const auto& cell = row.cells[i];
      if (!cell.present) {
        o_ << "<td class=\"cell absent\" data-sev=\"-1\" title=\"" << esc(c_.runs[i].label)
           << ": no case citing it\"><span class=\"sym\">\xc2\xb7</span><span class=\"sr\">not run</span></td>";
        continue;
      }
      std::string title = c_.runs[i].label + ": " + outcome_name(cell.outcome) + " (" + count_summary(cell.counts) + ")";
      if (!cell.decided_by.empty() && cell.outcome != Outcome::pass) {
        title += "; " + cell.decided_by;
        if (cell.check) title += ": " + citation_line(*cell.check) + " \xe2\x80\x94";
        title += cell.reason.empty() ? "" : (cell.check ? " " : ": ") + cell.reason;
      }
      o_ << "<td class=\"cell o-" << outcome_name(cell.outcome) << "\" data-sev=\"" << outcome_severity(cell.outcome)
         << "\" title=\"" << esc(title) << "\">";
      const bool link = !hrefs_[i].empty() && !cell.decided_by.empty();
      if (link)
        o_ << "<a href=\"" << esc(hrefs_[i] + case_fragment(cell.decided_by)) << "\">";
      else
        o_ << "<span class=\"nolink\">";
      o_ << sym(cell.outcome) << "<span class=\"sr\">" << outcome_name(cell.outcome) << "</span>";
      if (cell.counts.total() > 1) o_ << "<span class=\"k\">" << cell.counts[cell.outcome] << "/" << cell.counts.total() << "</span>";
      o_ << (link ? "</a>" : "</span>") << "</td>";
    }
    o_ << "</tr>\n<tr class=\"detail\" id=\"" << esc(anchor) << "-d\" hidden><td colspan=\"" << ncols() + 2
       << "\"><div class=\"detail-body\"><p class=\"meta\"><b>" << esc(row.id) << "</b>";
    if (!row.rfc.empty()) o_ << " \xc2\xb7 " << esc(row.rfc);
    if (!row.summary.empty()) o_ << " \xe2\x80\x94 " << esc(row.summary);
    o_ << "</p><p class=\"meta\">Cases:";
    for (const auto& id : row.cases) o_ << " <a href=\"#" << esc(row_anchor("c-", id)) << "\" class=\"req\">" << esc(id) << "</a>";
    o_ << "</p><ul class=\"reasons\">";
    for (std::size_t i = 0; i < ncols(); ++i) {
      const auto& cell = row.cells[i];
      if (!cell.present) continue;
      o_ << "<li class=\"o-" << outcome_name(cell.outcome) << "\">" << sym(cell.outcome) << " <b>" << esc(c_.runs[i].label)
         << "</b> " << esc(count_summary(cell.counts));
      if (cell.outcome != Outcome::pass && !cell.decided_by.empty()) {
        o_ << "; worst: " << esc(cell.decided_by);
        if (cell.check) o_ << " " << cited_html(*cell.check);
        if (!cell.reason.empty()) o_ << " <span class=\"reason\">" << esc(cell.reason) << "</span>";
      }
      o_ << "</li>";
    }
    o_ << "</ul></div></td></tr>\n";
  }

  void changes_view() {
    o_ << "<section id=\"changes\" class=\"view\" aria-label=\"Changes\">\n<p class=\"explain\">"
       << "Between each run and the one before it, in the order given: regressions first (now fail, error or warn; or "
       << "warn become fail or error), then fixes, then other changes (skips, INFO observations, cases added or "
       << "removed, a failure for another reason).</p>\n";
    for (const auto& set : c_.changes) {
      const auto& a = c_.runs[set.from];
      const auto& b = c_.runs[set.to];
      o_ << "<h2 class=\"pair\">" << esc(a.label) << " <span aria-hidden=\"true\">\xe2\x86\x92</span><span class=\"sr\">to</span> "
         << esc(b.label) << "</h2>\n<p class=\"change-counts\">";
      for (auto k : {CaseChange::Kind::regression, CaseChange::Kind::fix, CaseChange::Kind::other}) {
        const int n = set.count(k);
        o_ << "<span class=\"chip k-" << to_string(k) << (n == 0 ? " zero" : "") << "\">"
           << (k == CaseChange::Kind::regression ? plural(n, "regression", "regressions")
               : k == CaseChange::Kind::fix      ? plural(n, "fix", "fixes")
                                                 : plural(n, "other change", "other changes"))
           << "</span> ";
      }
      o_ << "</p>\n";
      if (set.changes.empty()) {
        o_ << "<p class=\"none\">No case changed its outcome or reason.</p>\n";
        continue;
      }
      o_ << "<div class=\"scroll\"><table class=\"changes\"><thead><tr><th scope=\"col\">Change</th><th scope=\"col\">Case</th>"
         << "<th scope=\"col\">Level</th><th scope=\"col\">Before</th><th scope=\"col\">After</th></tr></thead><tbody>\n";
      for (const auto& ch : set.changes) {
        const auto& row = c_.cases[ch.row];
        o_ << "<tr class=\"k-" << to_string(ch.kind) << "\"><td class=\"kind\"><span class=\"chip k-" << to_string(ch.kind) << "\">"
           << to_string(ch.kind) << "</span></td><td class=\"what\"><a href=\"#" << esc(row_anchor("c-", row.id)) << "\" class=\"id\">"
           << esc(row.id) << "</a><span class=\"title\">" << esc(row.title) << "</span></td><td class=\"lvl\"><span class=\"badge lv-"
           << lower(level_name(row.level)) << "\">" << level_name(row.level) << "</span></td>";
        change_side(ch.before, set.from, row.id, "Before");
        change_side(ch.after, set.to, row.id, "After");
        o_ << "</tr>\n";
      }
      o_ << "</tbody></table></div>\n";
    }
    o_ << "</section>\n";
  }

  void change_side(const MatrixCell& cell, std::size_t run, const std::string& id, const char* label) {
    if (!cell.present) {
      o_ << "<td class=\"side absent\" data-label=\"" << label << "\"><span class=\"sym\">\xc2\xb7</span> not in this run</td>";
      return;
    }
    o_ << "<td class=\"side\" data-label=\"" << label << "\"><span class=\"chip o-" << outcome_name(cell.outcome) << "\">" << sym(cell.outcome) << " "
       << outcome_name(cell.outcome) << "</span>";
    if (!hrefs_[run].empty()) o_ << " <a class=\"more\" href=\"" << esc(hrefs_[run] + case_fragment(id)) << "\">details</a>";
    if (cell.check) o_ << cited_html(*cell.check);
    if (!cell.reason.empty()) o_ << "<span class=\"reason\">" << esc(cell.reason) << "</span>";
    o_ << "</td>";
  }

  std::ostream& o_;
  const Comparison& c_;
  const MatrixPage& page_;
  std::vector<std::string> hrefs_;
};

}  // namespace

void write_matrix_html(std::ostream& out, const Comparison& c, const MatrixPage& page) { Page(out, c, page).write(); }

}  // namespace connectspec
