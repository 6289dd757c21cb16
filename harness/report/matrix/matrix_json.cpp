// The comparison as connectspec-matrix/1 (docs/compare.md): the same views as the HTML page, for
// scripts and dashboards.
#include <boost/json.hpp>

#include "report/shared/json_layout.hpp"
#include "report/matrix/matrix_reports.hpp"
#include "report/matrix/report_links.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace json = boost::json;

namespace {

json::string text(std::string_view s) { return json::string(printable_text(s)); }

json::value text_or_null(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(text(s)); }

json::object counts_json(const OutcomeCounts& c, bool all) {
  json::object o;
  if (all) o["total"] = c.total();
  for (Outcome x : {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::info, Outcome::skip, Outcome::error})
    if (all || c[x] > 0) o[to_string(x)] = c[x];
  return o;
}

// What the check that decided a cell enforces: level, requirement, RFC section, keyword, paraphrase.
json::object check_json(const CheckCitation& c) {
  return json::object{{"level", to_string(c.level)}, {"requirement", text(c.requirement)}, {"rfc", text(c.rfc)},
                      {"keyword", text(c.keyword)}, {"summary", text(c.summary)}};
}

json::value case_cell(const MatrixCell& c) {
  if (!c.present) return nullptr;
  json::object o;
  o["outcome"] = to_string(c.outcome);
  o["reason"] = text(c.reason);
  if (c.check) o["check"] = check_json(*c.check);
  if (!c.note.empty()) o["note"] = text(c.note);
  if (!c.unstable.empty()) o["unstable"] = text(c.unstable);
  return o;
}

json::value requirement_cell(const MatrixCell& c) {
  if (!c.present) return nullptr;
  json::object o;
  o["outcome"] = to_string(c.outcome);
  o["cases"] = c.counts.total();
  o["counts"] = counts_json(c.counts, false);
  o["worst_case"] = text(c.decided_by);
  o["reason"] = text(c.reason);
  if (c.check) o["check"] = check_json(*c.check);
  return o;
}

json::value bench_cell(const BenchRow& row, const BenchCell& c) {
  if (!c.present) return nullptr;
  json::object o;
  if (row.unit == BenchUnit::tunnels) {
    o["value"] = static_cast<std::int64_t>(c.value);
    o["of"] = c.of;
  } else {
    o["value"] = c.value;
  }
  if (row.unit == BenchUnit::bytes_per_second) {
    o["tunnels"] = c.tunnels;
    if (!c.failure.empty()) o["failure"] = text(c.failure);
  }
  return o;
}

json::array strings(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(text(s));
  return a;
}

bool is_scalar(const json::value& v) { return !v.is_object() && !v.is_array(); }

// Short enough and shallow enough to stay on one line: a cell, a count object, a list of IDs.
// An object of scalars always does (however long its reason); one holding small objects does
// when it is short.
bool fits_one_line(const json::value& v, int depth = 0) {
  if (is_scalar(v)) return true;
  if (v.is_array()) {
    for (const auto& e : v.as_array())
      if (!is_scalar(e)) return false;
    return true;
  }
  bool flat = true;
  for (const auto& kv : v.as_object()) {
    if (is_scalar(kv.value())) continue;
    flat = false;
    if (depth > 0 || !fits_one_line(kv.value(), depth + 1)) return false;
  }
  return flat || json::serialize(v).size() <= 240;
}

void write_inline(std::ostream& out, const json::value& v) {
  if (v.is_object()) {
    out << "{";
    const char* sep = "";
    for (const auto& kv : v.as_object()) {
      out << sep << json::serialize(kv.key()) << ": ";
      write_inline(out, kv.value());
      sep = ", ";
    }
    out << "}";
  } else if (v.is_array()) {
    out << "[";
    const char* sep = "";
    for (const auto& e : v.as_array()) {
      out << sep;
      write_inline(out, e);
      sep = ", ";
    }
    out << "]";
  } else if (v.is_double()) {
    write_json_number(out, v.get_double());  // bench figures: "12.5", not "1.25E1"
  } else {
    out << json::serialize(v);
  }
}

// Diff-friendly like the results file: 2-space indent, small things on one line.
void write_pretty(std::ostream& out, const json::value& v, int depth, bool top = false) {
  if (!top && fits_one_line(v)) {
    write_inline(out, v);
    return;
  }
  const std::string pad(static_cast<std::size_t>(depth + 1) * 2, ' ');
  const std::string end_pad(static_cast<std::size_t>(depth) * 2, ' ');
  if (v.is_object()) {
    out << "{\n";
    const char* sep = "";
    for (const auto& kv : v.as_object()) {
      out << sep << pad << json::serialize(kv.key()) << ": ";
      write_pretty(out, kv.value(), depth + 1);
      sep = ",\n";
    }
    out << "\n" << end_pad << "}";
  } else {
    const auto& a = v.as_array();
    if (a.empty()) {
      out << "[]";
      return;
    }
    out << "[\n";
    const char* sep = "";
    for (const auto& e : a) {
      out << sep << pad;
      write_pretty(out, e, depth + 1);
      sep = ",\n";
    }
    out << "\n" << end_pad << "]";
  }
}

}  // namespace

void write_matrix_json(std::ostream& out, const Comparison& c, const MatrixPage& page) {
  json::object doc;
  doc["schema"] = "connectspec-matrix/1";
  doc["title"] = text(page.title);
  json::array order;
  for (Outcome x : kOutcomesWorstFirst) order.emplace_back(to_string(x));
  doc["outcome_order"] = order;

  json::array runs;
  for (const auto& r : c.runs) {
    json::object o;
    o["label"] = text(r.label);
    o["implementation"] = text(r.implementation);
    o["profile"] = text_or_null(r.profile);
    o["started_at"] = text(r.started_at);
    o["harness_version"] = text(r.harness_version);
    o["file"] = text(r.file);
    o["report"] = text_or_null(report_href(r, page.output_dir));
    o["summary"] = counts_json(r.totals, true);
    json::object levels;
    for (Level l : {Level::must, Level::should, Level::may, Level::info})
      levels[to_string(l)] = counts_json(r.by_level[static_cast<std::size_t>(l)], true);
    o["levels"] = levels;
    o["checks"] = json::object{{"must_failures", r.must_failures}, {"should_warnings", r.should_warnings}, {"notes", r.notes},
                               {"unstable", r.unstable}};
    runs.emplace_back(o);
  }
  doc["runs"] = runs;

  json::object summary;
  summary["cases"] = c.cases.size();
  summary["cases_disagreeing"] = c.disagreeing_cases();
  summary["requirements"] = c.requirements.size();
  summary["requirements_disagreeing"] = c.disagreeing_requirements();
  summary["same_implementation"] = c.same_implementation;
  summary["regressions"] = c.regressions();
  doc["summary"] = summary;

  json::array cases;
  for (const auto& row : c.cases) {
    json::object o;
    o["id"] = text(row.id);
    o["title"] = text(row.title);
    o["topic"] = text(row.topic);
    o["level"] = to_string(row.level);
    o["rfc"] = text(row.rfc);
    o["requirements"] = strings(row.requirements);
    o["disagree"] = row.disagrees;
    json::array cells;
    for (const auto& cell : row.cells) cells.emplace_back(case_cell(cell));
    o["results"] = cells;
    cases.emplace_back(o);
  }
  doc["cases"] = cases;

  json::array reqs;
  for (const auto& row : c.requirements) {
    json::object o;
    o["id"] = text(row.id);
    o["rfc"] = text(row.rfc);
    o["summary"] = text(row.summary);
    o["cases"] = strings(row.cases);
    o["disagree"] = row.disagrees;
    json::array cells;
    for (const auto& cell : row.cells) cells.emplace_back(requirement_cell(cell));
    o["results"] = cells;
    reqs.emplace_back(o);
  }
  doc["requirements"] = reqs;

  json::array changes;
  for (const auto& set : c.changes) {
    json::object o;
    o["from"] = set.from;
    o["to"] = set.to;
    o["regressions"] = set.count(CaseChange::Kind::regression);
    o["fixes"] = set.count(CaseChange::Kind::fix);
    o["other"] = set.count(CaseChange::Kind::other);
    json::array items;
    for (const auto& ch : set.changes) {
      const auto& row = c.cases[ch.row];
      json::object item;
      item["kind"] = to_string(ch.kind);
      item["id"] = text(row.id);
      item["level"] = to_string(row.level);
      item["before"] = case_cell(ch.before);
      item["after"] = case_cell(ch.after);
      items.emplace_back(item);
    }
    o["items"] = items;
    changes.emplace_back(o);
  }
  doc["changes"] = changes;

  if (!c.bench.empty()) {
    json::array bench;
    for (const auto& row : c.bench) {
      json::object o;
      o["key"] = row.key;
      o["label"] = text(row.label);
      o["unit"] = to_string(row.unit);
      json::array cells;
      for (const auto& cell : row.cells) cells.emplace_back(bench_cell(row, cell));
      o["results"] = cells;
      bench.emplace_back(o);
    }
    doc["bench"] = bench;
  }

  write_pretty(out, doc, 0, true);
  out << "\n";
}

}  // namespace connectspec
