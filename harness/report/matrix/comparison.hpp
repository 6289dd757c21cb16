// Several results files side by side (`connectspec compare`): a matrix of cases x runs, the same
// per requirement, and what changed between consecutive runs. The writers (matrix_html,
// matrix_json, matrix_markdown, matrix_text) only render what is decided here.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/result.hpp"
#include "report/matrix/bench_comparison.hpp"
#include "report/shared/check_citation.hpp"
#include "report/read/results_reader.hpp"

namespace connectspec {

// How bad an outcome is for the implementation, for "the worst outcome of a requirement" and for
// sorting: fail > error > warn > pass > info > skip. Skips and INFO observations are not
// verdicts, so they never hide one: a requirement whose cases passed and one was skipped is
// "pass" (its count says how many ran); only cases that all were skipped make it "skip".
int outcome_severity(Outcome);
// The outcomes from worst to best in that order.
inline constexpr std::array<Outcome, 6> kOutcomesWorstFirst = {Outcome::fail, Outcome::error, Outcome::warn,
                                                                Outcome::pass, Outcome::info, Outcome::skip};
// fail, error and warn: a judgement against the implementation (or a run that could not judge).
bool is_bad_outcome(Outcome);

// Outcome counts for one level, or for all.
struct OutcomeCounts {
  std::array<int, 6> n{};  // indexed by Outcome
  int& operator[](Outcome o) { return n[static_cast<std::size_t>(o)]; }
  int operator[](Outcome o) const { return n[static_cast<std::size_t>(o)]; }
  int total() const;
};

// One input: a column of every view.
struct ComparedRun {
  std::string file;             // the results file, as given
  std::string implementation;   // name and version, "squid 5.7"
  std::string profile;          // "" when attached with --proxy
  Protocol protocol = Protocol::http1;  // what the run spoke to the proxy; HTTP/2 runs are labelled with it
  std::string started_at, harness_version;
  std::vector<std::string> options;  // the flags that shaped the run ("--refproxy-fault X", "--filter G")
  std::string label;            // unique among the columns: the implementation, plus date or file when needed
  std::string report;           // its HTML report: a path (see report_is_url) or "" when there is none
  bool report_is_url = false;   // `report` came from --report-link and is used as written
  OutcomeCounts totals;
  std::array<OutcomeCounts, 4> by_level;  // indexed by the cases' own Level (must, should, may, info)
  // Counted from the checks, each graded at its own level: cases that failed a MUST check, cases
  // that did not follow a SHOULD check (a warning, or a failure under --strict), and cases that
  // met a check with an answer other than the usual one (notes, never a verdict). A case may
  // count in more than one. A file without checks counts its fail and warn outcomes by level.
  int must_failures = 0, should_warnings = 0, notes = 0;
  int unstable = 0;  // cases whose verdict changed on a re-run (`run --confirm`)
};

// What one run says of one case or requirement; absent when it did not run the case.
struct MatrixCell {
  bool present = false;
  Outcome outcome = Outcome::skip;
  std::string reason;           // cases: the run's one-line reason
  // requirements: how many of the run's cases cite it, by outcome, and the case that decided
  // `outcome` (the first in id order with the worst outcome)
  OutcomeCounts counts;
  std::string decided_by;
  // The check that decided a fail or warn (for requirements: that of `decided_by`), cited with
  // the notes of the run's file (or the fallback catalogue); none when no check decided it.
  std::optional<CheckCitation> check;
  std::string note;             // a pass with a noted check: "503 where 400 is usual"
  std::string unstable;         // cases: re-runs changed the verdict ("fail then pass"); "" when stable
};

struct CaseRow {
  std::string id, title, topic, rfc;
  Level level = Level::must;
  std::vector<std::string> requirements;
  std::vector<MatrixCell> cells;  // one per run, in run order
  bool disagrees = false;
};

struct RequirementRow {
  std::string id, rfc, summary;   // rfc and summary from the files' notes (or the catalogue), may be ""
  std::vector<std::string> cases; // ids of the cases citing it, in any run, in id order
  std::vector<MatrixCell> cells;
  bool disagrees = false;
};

struct CaseChange {
  enum class Kind { regression, fix, other };
  Kind kind = Kind::other;
  std::size_t row = 0;            // index in Comparison::cases
  MatrixCell before, after;       // either may be absent (a case added or removed)
};
std::string_view to_string(CaseChange::Kind);

// Between two runs (consecutive columns): regressions first (an outcome that became fail, error
// or warn, or worse among those), then fixes (the reverse), then the rest (skip <-> pass, info,
// a case added or removed, or the same bad outcome for another reason); by level, then topic and
// id within each kind.
struct ChangeSet {
  std::size_t from = 0, to = 0;   // run indexes
  std::vector<CaseChange> changes;
  int count(CaseChange::Kind) const;
};

struct Comparison {
  std::vector<ComparedRun> runs;
  std::vector<CaseRow> cases;              // the union of the runs' cases, by topic then id
  std::vector<RequirementRow> requirements; // every requirement ID any case cites, in ID order
  bool same_implementation = false;        // every run is of one implementation (profile, or name without version)
  std::vector<ChangeSet> changes;          // consecutive runs, when same_implementation or asked for
  std::vector<BenchRow> bench;             // the runs' bench figures (`run --bench`); empty when none has one
  std::size_t disagreeing_cases() const;
  std::size_t disagreeing_requirements() const;
  int regressions() const;
};

struct ComparisonOptions {
  bool changes = false;             // changes between consecutive runs even of different implementations
  RequirementNotes fallback_notes;  // for IDs no input describes (older files carry no notes)
};

// A row disagrees when the runs that ran the case to an outcome other than skip do not all
// have the same outcome (a skip says what the run could not do, not how the implementation
// behaves). `inputs` must be non-empty; the comparison points into nothing of theirs.
Comparison compare_runs(const std::vector<const LoadedResults*>& inputs, const ComparisonOptions& options = {});

// The implementation without its version: "squid 5.7" -> "squid" (the last word is dropped
// when it starts with a digit or 'v' and a digit).
std::string implementation_family(const std::string& implementation);

}  // namespace connectspec
