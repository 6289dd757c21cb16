#include "report/matrix/comparison.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <tuple>

namespace connectspec {

int outcome_severity(Outcome o) {
  switch (o) {
    case Outcome::fail: return 5;
    case Outcome::error: return 4;
    case Outcome::warn: return 3;
    case Outcome::pass: return 2;
    case Outcome::info: return 1;
    case Outcome::skip: return 0;
  }
  return 0;
}

bool is_bad_outcome(Outcome o) { return o == Outcome::fail || o == Outcome::error || o == Outcome::warn; }

int OutcomeCounts::total() const {
  int t = 0;
  for (int v : n) t += v;
  return t;
}

std::string_view to_string(CaseChange::Kind k) {
  switch (k) {
    case CaseChange::Kind::regression: return "regression";
    case CaseChange::Kind::fix: return "fix";
    case CaseChange::Kind::other: return "other";
  }
  return "other";
}

int ChangeSet::count(CaseChange::Kind k) const {
  return static_cast<int>(std::count_if(changes.begin(), changes.end(), [&](const CaseChange& c) { return c.kind == k; }));
}

std::size_t Comparison::disagreeing_cases() const {
  return static_cast<std::size_t>(std::count_if(cases.begin(), cases.end(), [](const CaseRow& r) { return r.disagrees; }));
}

std::size_t Comparison::disagreeing_requirements() const {
  return static_cast<std::size_t>(
      std::count_if(requirements.begin(), requirements.end(), [](const RequirementRow& r) { return r.disagrees; }));
}

int Comparison::regressions() const {
  int n = 0;
  for (const auto& set : changes) n += set.count(CaseChange::Kind::regression);
  return n;
}

std::string implementation_family(const std::string& implementation) {
  auto space = implementation.find_last_of(' ');
  if (space == std::string::npos) return implementation;
  std::string_view last(implementation.data() + space + 1, implementation.size() - space - 1);
  if (!last.empty() && (last[0] == 'v' || last[0] == 'V')) last.remove_prefix(1);
  if (last.empty() || !std::isdigit(static_cast<unsigned char>(last[0]))) return implementation;
  return implementation.substr(0, space);
}

namespace {

bool disagree(const std::vector<MatrixCell>& cells) {
  std::set<Outcome> seen;
  for (const auto& c : cells)
    if (c.present && c.outcome != Outcome::skip) seen.insert(c.outcome);
  return seen.size() > 1;
}

std::string file_stem(const std::string& path) {
  auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// "2026-11-23T13:16:34Z" -> "2026-11-23 13:16"
std::string short_time(const std::string& iso) {
  if (iso.size() < 16) return iso;
  std::string s = iso.substr(0, 16);
  if (s[10] == 'T') s[10] = ' ';
  return s;
}

// "fault X, Y" for a run of a mutant of a reference implementation; empty otherwise.
std::string faults_of(const ComparedRun& r) {
  std::string out;
  for (const auto& o : r.options)
    if (o.rfind("--refproxy-fault ", 0) == 0 || o.rfind("--refclient-fault ", 0) == 0)
      out += (out.empty() ? "fault " : ", ") + o.substr(o.find(' ') + 1);
  return out;
}

std::string options_text(const ComparedRun& r) {
  std::string out;
  for (const auto& o : r.options) out += (out.empty() ? "" : " ") + o;
  return out.empty() ? "default options" : out;
}

// A column is labelled by what ran: the implementation, its protocol when HTTP/2, and the fault
// when a mutant ran, so that a faulty run never reads as a clean one. Columns still alike are
// told apart by the first thing that differs between them: the options the runs were given, the
// file's name (before.json, after.json), the start time to the minute, to the second, or else
// the column number.
void make_labels_unique(std::vector<ComparedRun>& runs) {
  // An HTTP/2 run of a proxy is a column of its own beside its HTTP/1.1 run: "nghttpx 1.52 (h2c)".
  for (auto& r : runs) {
    r.label = r.implementation.empty() ? file_stem(r.file) : r.implementation;
    if (is_http2(r.protocol)) r.label += " (" + std::string(to_string(r.protocol)) + ")";
    if (std::string f = faults_of(r); !f.empty()) r.label += " (" + f + ")";
  }
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < runs.size(); ++i) groups[runs[i].label].push_back(i);
  const std::vector<std::function<std::string(const ComparedRun&)>> distinctions = {
      [](const ComparedRun& r) { return options_text(r); },
      [](const ComparedRun& r) { return file_stem(r.file); },
      [](const ComparedRun& r) { return short_time(r.started_at); },
      [](const ComparedRun& r) { return r.started_at; },
  };
  for (const auto& [label, members] : groups) {
    if (members.size() < 2) continue;
    bool done = false;
    for (const auto& distinction : distinctions) {
      std::set<std::string> seen;
      for (auto i : members) seen.insert(distinction(runs[i]));
      if (seen.size() != members.size() || seen.count("")) continue;
      for (auto i : members) runs[i].label += " (" + distinction(runs[i]) + ")";
      done = true;
      break;
    }
    if (!done)
      for (auto i : members) runs[i].label += " #" + std::to_string(i + 1);
  }
}

std::string implementation_key(const ComparedRun& r) {
  const std::string key = r.profile.empty() ? "name:" + implementation_family(r.implementation) : "profile:" + r.profile;
  return key + " over " + std::string(to_string(r.protocol));
}

std::optional<CaseChange::Kind> classify(const MatrixCell& before, const MatrixCell& after) {
  using K = CaseChange::Kind;
  if (!before.present && !after.present) return std::nullopt;
  if (!before.present || !after.present) return K::other;  // added or removed
  const Outcome b = before.outcome, a = after.outcome;
  if (a == b) {
    if (is_bad_outcome(a) && before.reason != after.reason) return K::other;
    return std::nullopt;
  }
  auto good = [](Outcome o) { return o == Outcome::pass || o == Outcome::info || o == Outcome::skip; };
  auto hard = [](Outcome o) { return o == Outcome::fail || o == Outcome::error; };
  if (is_bad_outcome(a) && (good(b) || (b == Outcome::warn && hard(a)))) return K::regression;
  if (is_bad_outcome(b) && ((a == Outcome::pass || a == Outcome::info) || (hard(b) && a == Outcome::warn)))
    return K::fix;
  return K::other;  // fail <-> error, bad -> skip, skip <-> pass/info, pass <-> info
}

int level_rank(Level l) { return static_cast<int>(l); }  // must, should, may, info

// The notes of the file, then the fallback catalogue's, for a requirement ID.
RequirementNotes notes_for(const LoadedResults& in, const RequirementNotes& fallback) {
  RequirementNotes notes = fallback;
  for (const auto& [id, note] : in.requirements) notes[id] = note;
  return notes;
}

// Counts a case in the run's MUST failures, SHOULD warnings and notes (see ComparedRun).
void count_checks(ComparedRun& run, const CaseResult& r) {
  using G = CheckResult::Grade;
  run.notes += first_check(r, G::noted) != nullptr;
  run.unstable += r.unstable;
  // Only a verdict counts. An unstable case keeps its first run's checks, which are not those of
  // its verdict (the best of its runs): its outcome and level say.
  if (r.outcome != Outcome::fail && r.outcome != Outcome::warn) return;
  const bool failed = !r.unstable && first_check(r, G::failed), warned = !r.unstable && first_check(r, G::warned);
  // A proxy that died during the case failed it whatever its checks said before the crash.
  if (r.outcome == Outcome::fail && !failed && r.reason.rfind("the proxy under test died", 0) == 0) {
    run.must_failures += 1;
    return;
  }
  if (failed || warned) {
    run.must_failures += failed;
    run.should_warnings += warned;
    return;
  }
  // No check says (a file without checks): the outcome and the case's level do.
  const bool must = !r.test || r.test->level == Level::must;
  if (r.outcome == Outcome::fail) (must ? run.must_failures : run.should_warnings) += 1;
  else if (r.outcome == Outcome::warn) run.should_warnings += 1;
}

// Fills a case cell's check citation and note from its result.
void cite_cell(MatrixCell& cell, const CaseResult& r, const RequirementNotes& notes) {
  using G = CheckResult::Grade;
  if (r.unstable) {
    cell.unstable = std::string(to_string(r.first_outcome)) + " then";
    for (std::size_t i = 0; i < r.reruns.size(); ++i) cell.unstable += (i ? ", " : " ") + std::string(to_string(r.reruns[i]));
  }
  if (r.unstable) return;  // its checks are its first run's, not those of its verdict
  const CheckResult* k = deciding_check(r);
  if (k && (k->grade == G::failed || k->grade == G::warned) && r.outcome != Outcome::pass)
    cell.check = cite(*k, r.test, notes);
  else if (const CheckResult* n = first_check(r, G::noted); n && r.outcome == Outcome::pass)
    cell.note = note_words(*n);
}

ChangeSet changes_between(const Comparison& c, std::size_t from, std::size_t to) {
  ChangeSet set;
  set.from = from;
  set.to = to;
  for (std::size_t i = 0; i < c.cases.size(); ++i) {
    const auto& row = c.cases[i];
    auto kind = classify(row.cells[from], row.cells[to]);
    if (!kind) continue;
    set.changes.push_back({*kind, i, row.cells[from], row.cells[to]});
  }
  std::stable_sort(set.changes.begin(), set.changes.end(), [&](const CaseChange& x, const CaseChange& y) {
    return std::tuple(static_cast<int>(x.kind), level_rank(c.cases[x.row].level), x.row) <
           std::tuple(static_cast<int>(y.kind), level_rank(c.cases[y.row].level), y.row);
  });
  return set;
}

}  // namespace

Comparison compare_runs(const std::vector<const LoadedResults*>& inputs, const ComparisonOptions& options) {
  Comparison c;
  const std::size_t n = inputs.size();

  for (const auto* in : inputs) {
    ComparedRun run;
    run.file = in->path;
    run.implementation = in->info.implementation;
    run.profile = in->info.profile;
    run.protocol = in->info.protocol;
    run.started_at = in->info.started_at;
    run.harness_version = in->info.harness_version;
    run.options = in->info.options;
    for (const auto& r : in->results) {
      run.totals[r.outcome] += 1;
      if (r.test) run.by_level[static_cast<std::size_t>(r.test->level)][r.outcome] += 1;
      count_checks(run, r);
    }
    c.runs.push_back(std::move(run));
  }
  make_labels_unique(c.runs);

  // Cases: the union, by topic then id; a case's metadata from the first run that has it.
  std::map<std::pair<std::string, std::string>, std::size_t> order;  // (topic, id) -> first seen
  std::map<std::string, const Case*> meta;
  for (const auto* in : inputs)
    for (const auto& r : in->results)
      if (r.test && !meta.count(r.test->id)) {
        meta[r.test->id] = r.test;
        order[{r.test->topic, r.test->id}] = 0;
      }
  std::map<std::string, std::size_t> row_of;
  for (const auto& [key, unused] : order) {
    const Case* t = meta[key.second];
    CaseRow row;
    row.id = t->id;
    row.title = t->title;
    row.topic = t->topic;
    row.rfc = t->rfc;
    row.level = t->level;
    row.requirements = t->requirements;
    row.cells.resize(n);
    row_of[row.id] = c.cases.size();
    c.cases.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const RequirementNotes notes = notes_for(*inputs[i], options.fallback_notes);
    for (const auto& r : inputs[i]->results) {
      if (!r.test) continue;
      auto& cell = c.cases[row_of[r.test->id]].cells[i];
      if (cell.present) continue;  // a file read back has no case twice; keep the first if it did
      cell.present = true;
      cell.outcome = r.outcome;
      cell.reason = r.reason;
      cite_cell(cell, r, notes);
    }
  }
  for (auto& row : c.cases) row.disagrees = disagree(row.cells);

  // Requirements: each run's own cases citing the ID (a case's citations may change between runs).
  std::map<std::string, RequirementRow> reqs;
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& r : inputs[i]->results) {
      if (!r.test) continue;
      for (const auto& id : r.test->requirements) {
        auto& row = reqs[id];
        if (row.cells.empty()) {
          row.id = id;
          row.cells.resize(n);
        }
        row.cases.push_back(r.test->id);
        auto& cell = row.cells[i];
        cell.present = true;
        cell.counts[r.outcome] += 1;
      }
    }
  for (auto& [id, row] : reqs) {
    std::sort(row.cases.begin(), row.cases.end());
    row.cases.erase(std::unique(row.cases.begin(), row.cases.end()), row.cases.end());
    for (std::size_t i = 0; i < n; ++i) {
      auto& cell = row.cells[i];
      if (!cell.present) continue;
      for (Outcome o : kOutcomesWorstFirst)
        if (cell.counts[o] > 0) {
          cell.outcome = o;
          break;
        }
      std::string decided;
      for (const auto& r : inputs[i]->results)
        if (r.test && r.outcome == cell.outcome &&
            std::find(r.test->requirements.begin(), r.test->requirements.end(), id) != r.test->requirements.end() &&
            (decided.empty() || r.test->id < decided))
          decided = r.test->id;
      cell.decided_by = decided;
      auto case_row = row_of.find(decided);
      if (case_row != row_of.end()) {
        cell.reason = c.cases[case_row->second].cells[i].reason;
        cell.check = c.cases[case_row->second].cells[i].check;
      }
    }
    row.disagrees = disagree(row.cells);
    for (const auto* in : inputs) {
      auto note = in->requirements.find(id);
      if (note != in->requirements.end() && (!note->second.rfc.empty() || !note->second.summary.empty())) {
        row.rfc = note->second.rfc;
        row.summary = note->second.summary;
        break;
      }
    }
    if (row.rfc.empty() && row.summary.empty()) {
      auto note = options.fallback_notes.find(id);
      if (note != options.fallback_notes.end()) {
        row.rfc = note->second.rfc;
        row.summary = note->second.summary;
      }
    }
    c.requirements.push_back(std::move(row));
  }

  std::vector<const BenchResult*> benches;
  for (const auto* in : inputs) benches.push_back(in->info.bench ? &*in->info.bench : nullptr);
  c.bench = bench_rows(benches);

  std::set<std::string> keys;
  for (const auto& r : c.runs) keys.insert(implementation_key(r));
  c.same_implementation = keys.size() == 1;
  if (n >= 2 && (c.same_implementation || options.changes))
    for (std::size_t i = 0; i + 1 < n; ++i) c.changes.push_back(changes_between(c, i, i + 1));
  return c;
}

}  // namespace connectspec
