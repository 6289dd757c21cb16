#include "report/matrix/comparison.hpp"

#include <catch2/catch.hpp>

#include "comparison_runs.hpp"

using namespace connectspec;
using connectspec::testing::pointers;
using connectspec::testing::RunBuilder;

namespace {

const CaseRow& row(const Comparison& c, const std::string& id) {
  for (const auto& r : c.cases)
    if (r.id == id) return r;
  FAIL("no row " << id);
  throw 0;
}

const RequirementRow& requirement(const Comparison& c, const std::string& id) {
  for (const auto& r : c.requirements)
    if (r.id == id) return r;
  FAIL("no requirement " << id);
  throw 0;
}

std::vector<std::string> change_ids(const Comparison& c, const ChangeSet& set) {
  std::vector<std::string> out;
  for (const auto& ch : set.changes) out.push_back(std::string(to_string(ch.kind)) + " " + c.cases[ch.row].id);
  return out;
}

}  // namespace

TEST_CASE("compare: rows are the union of the runs' cases, by topic then id, with absent cells", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("squid 5.7", "squid")
                     .add("target.port-zero", Level::must, Outcome::pass)
                     .add("auth.no-credentials", Level::must, Outcome::fail, "expected 407, observed 200")
                     .build());
  runs.push_back(RunBuilder("tinyproxy 1.11.1", "tinyproxy")
                     .add("target.port-missing", Level::should, Outcome::warn, "expected 400, observed 403")
                     .add("target.port-zero", Level::must, Outcome::pass)
                     .build());
  const Comparison c = compare_runs(pointers(runs));

  REQUIRE(c.cases.size() == 3);
  CHECK(c.cases[0].id == "auth.no-credentials");
  CHECK(c.cases[1].id == "target.port-missing");
  CHECK(c.cases[2].id == "target.port-zero");
  CHECK(c.cases[1].level == Level::should);
  CHECK(c.cases[1].title == "Title of target.port-missing");

  const auto& auth = row(c, "auth.no-credentials");
  REQUIRE(auth.cells.size() == 2);
  CHECK(auth.cells[0].present);
  CHECK(auth.cells[0].outcome == Outcome::fail);
  CHECK(auth.cells[0].reason == "expected 407, observed 200");
  CHECK_FALSE(auth.cells[1].present);
  // Absent cells do not make a disagreement: only one run has an outcome for it.
  CHECK_FALSE(auth.disagrees);
  CHECK_FALSE(row(c, "target.port-missing").disagrees);

  CHECK(c.runs[0].label == "squid 5.7");
  CHECK(c.runs[1].label == "tinyproxy 1.11.1");
  CHECK(c.runs[0].totals[Outcome::fail] == 1);
  CHECK(c.runs[0].totals.total() == 2);
  CHECK(c.runs[1].by_level[static_cast<std::size_t>(Level::should)][Outcome::warn] == 1);
  CHECK(c.runs[1].by_level[static_cast<std::size_t>(Level::must)][Outcome::pass] == 1);
}

TEST_CASE("compare: a row disagrees when the outcomes of the runs that ran it differ: skips do not count", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("a 1", "a")
                     .add("t.same", Level::must, Outcome::pass)
                     .add("t.differ", Level::must, Outcome::pass)
                     .add("t.skipped", Level::must, Outcome::pass)
                     .add("t.all-skipped", Level::must, Outcome::skip)
                     .add("t.warn-vs-fail", Level::must, Outcome::warn)
                     .build());
  runs.push_back(RunBuilder("b 1", "b")
                     .add("t.same", Level::must, Outcome::pass)
                     .add("t.differ", Level::must, Outcome::fail)
                     .add("t.skipped", Level::must, Outcome::skip)
                     .add("t.all-skipped", Level::must, Outcome::skip)
                     .add("t.warn-vs-fail", Level::must, Outcome::fail)
                     .build());
  runs.push_back(RunBuilder("c 1", "c").add("t.same", Level::must, Outcome::pass).add("t.skipped", Level::must, Outcome::pass).build());
  const Comparison c = compare_runs(pointers(runs));
  CHECK_FALSE(row(c, "t.same").disagrees);
  CHECK(row(c, "t.differ").disagrees);
  CHECK_FALSE(row(c, "t.skipped").disagrees);
  CHECK_FALSE(row(c, "t.all-skipped").disagrees);
  CHECK(row(c, "t.warn-vs-fail").disagrees);
  CHECK(c.disagreeing_cases() == 2);
}

TEST_CASE("compare: the worst outcome per requirement is fail > error > warn > pass > info > skip", "[comparison]") {
  CHECK(outcome_severity(Outcome::fail) > outcome_severity(Outcome::error));
  CHECK(outcome_severity(Outcome::error) > outcome_severity(Outcome::warn));
  CHECK(outcome_severity(Outcome::warn) > outcome_severity(Outcome::pass));
  CHECK(outcome_severity(Outcome::pass) > outcome_severity(Outcome::info));
  CHECK(outcome_severity(Outcome::info) > outcome_severity(Outcome::skip));
  for (std::size_t i = 0; i + 1 < kOutcomesWorstFirst.size(); ++i)
    CHECK(outcome_severity(kOutcomesWorstFirst[i]) > outcome_severity(kOutcomesWorstFirst[i + 1]));

  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("a 1", "a")
                     .add("x.one", Level::must, Outcome::pass, "", {"R-FAIL", "R-PASS-SKIP", "R-SKIP"})
                     .add("x.two", Level::must, Outcome::fail, "observed 200", {"R-FAIL"})
                     .add("x.three", Level::must, Outcome::error, "could not start", {"R-FAIL", "R-ERROR"})
                     .add("x.four", Level::must, Outcome::skip, "needs basic-auth", {"R-PASS-SKIP", "R-SKIP-ONLY"})
                     .add("x.five", Level::info, Outcome::info, "saw 200", {"R-INFO", "R-ERROR"})
                     .add("x.six", Level::should, Outcome::warn, "expected 400", {"R-ERROR"})
                     .add("x.seven", Level::info, Outcome::info, "", {"R-PASS-SKIP"})
                     .build());
  runs.push_back(RunBuilder("b 1", "b").add("x.one", Level::must, Outcome::pass, "", {"R-FAIL"}).build());
  const Comparison c = compare_runs(pointers(runs));

  const auto& fail = requirement(c, "R-FAIL");
  CHECK(fail.cells[0].outcome == Outcome::fail);
  CHECK(fail.cells[0].counts.total() == 3);
  CHECK(fail.cells[0].counts[Outcome::fail] == 1);
  CHECK(fail.cells[0].decided_by == "x.two");
  CHECK(fail.cells[0].reason == "observed 200");
  CHECK(fail.cells[1].outcome == Outcome::pass);
  CHECK(fail.cells[1].counts.total() == 1);
  CHECK(fail.disagrees);
  CHECK(fail.cases == std::vector<std::string>{"x.one", "x.three", "x.two"});

  CHECK(requirement(c, "R-ERROR").cells[0].outcome == Outcome::error);
  CHECK(requirement(c, "R-ERROR").cells[0].decided_by == "x.three");
  // A skipped case or an INFO observation never hides a verdict.
  CHECK(requirement(c, "R-PASS-SKIP").cells[0].outcome == Outcome::pass);
  CHECK(requirement(c, "R-PASS-SKIP").cells[0].counts[Outcome::skip] == 1);
  CHECK(requirement(c, "R-SKIP-ONLY").cells[0].outcome == Outcome::skip);
  CHECK(requirement(c, "R-INFO").cells[0].outcome == Outcome::info);
  // Not cited by any case of run b.
  CHECK_FALSE(requirement(c, "R-ERROR").cells[1].present);
  CHECK_FALSE(requirement(c, "R-ERROR").disagrees);
}

TEST_CASE("compare: requirement notes come from the files, then from the fallback catalogue", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("a 1", "a").add("x.one", Level::must, Outcome::pass, "", {"R1", "R2", "R3"}).build());
  runs.push_back(RunBuilder("b 1", "b")
                     .add("x.one", Level::must, Outcome::pass, "", {"R1", "R2", "R3"})
                     .note("R1", "RFC 9110 \xc2\xa7" "9.3.6", "from the file")
                     .build());
  ComparisonOptions options;
  options.fallback_notes["R1"] = {"RFC 0", "from the catalogue", "", ""};
  options.fallback_notes["R2"] = {"RFC 9112 \xc2\xa7" "3.2.3", "from the catalogue", "", ""};
  const Comparison c = compare_runs(pointers(runs), options);
  CHECK(requirement(c, "R1").summary == "from the file");
  CHECK(requirement(c, "R1").rfc == "RFC 9110 \xc2\xa7" "9.3.6");
  CHECK(requirement(c, "R2").summary == "from the catalogue");
  CHECK(requirement(c, "R3").summary.empty());
  CHECK(requirement(c, "R3").rfc.empty());
}

TEST_CASE("compare: columns of the same implementation get unique labels", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  // Told apart by file name when the names differ ...
  runs.push_back(RunBuilder("squid 5.7", "squid").path("ci/before.json").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("squid 5.7", "squid").path("ci/after.json").add("a.b", Level::must, Outcome::pass).build());
  // ... else by start time, to the minute or to the second ...
  runs.push_back(RunBuilder("squid 6.6", "squid", "2024-05-03T08:30:00Z").path("a/results.json").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("squid 6.6", "squid", "2024-05-04T08:30:00Z").path("b/results.json").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("squid 7.0", "squid", "2024-05-03T08:30:01Z").path("a/results.json").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("squid 7.0", "squid", "2024-05-03T08:30:02Z").path("b/results.json").add("a.b", Level::must, Outcome::pass).build());
  // ... else by column.
  runs.push_back(RunBuilder("squid 8.0", "squid").path("results.json").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("squid 8.0", "squid").path("results.json").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("tinyproxy 1.11.1", "squid").add("a.b", Level::must, Outcome::pass).build());
  const Comparison c = compare_runs(pointers(runs));
  CHECK(c.runs[0].label == "squid 5.7 (before)");
  CHECK(c.runs[1].label == "squid 5.7 (after)");
  CHECK(c.runs[2].label == "squid 6.6 (2024-05-03 08:30)");
  CHECK(c.runs[3].label == "squid 6.6 (2024-05-04 08:30)");
  CHECK(c.runs[4].label == "squid 7.0 (2024-05-03T08:30:01Z)");
  CHECK(c.runs[5].label == "squid 7.0 (2024-05-03T08:30:02Z)");
  CHECK(c.runs[6].label == "squid 8.0 #7");
  CHECK(c.runs[7].label == "squid 8.0 #8");
  CHECK(c.runs[8].label == "tinyproxy 1.11.1");
  CHECK(c.same_implementation);  // one profile
}

TEST_CASE("compare: a mutant's column names its fault, and alike columns are told apart by their options first",
          "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  auto clean = RunBuilder("connectspec-refproxy 0.1.0", "refproxy").path("results.json").add("a.b", Level::must, Outcome::pass).build();
  auto faulty = RunBuilder("connectspec-refproxy 0.1.0", "refproxy").path("results.json").add("a.b", Level::must, Outcome::fail).build();
  faulty->info.options = {"--refproxy-fault no-port-check", "--filter a.*"};
  auto narrow = RunBuilder("connectspec-refproxy 0.1.0", "refproxy").path("results.json").add("a.b", Level::must, Outcome::pass).build();
  narrow->info.options = {"--filter a.*"};
  runs.push_back(std::move(clean));
  runs.push_back(std::move(faulty));
  runs.push_back(std::move(narrow));
  const Comparison c = compare_runs(pointers(runs));
  CHECK(c.runs[0].label == "connectspec-refproxy 0.1.0 (default options)");
  CHECK(c.runs[1].label == "connectspec-refproxy 0.1.0 (fault no-port-check)");  // unique already: the fault says it
  CHECK(c.runs[2].label == "connectspec-refproxy 0.1.0 (--filter a.*)");
  CHECK(c.runs[1].options.size() == 2);
}

TEST_CASE("compare: implementation_family drops a trailing version", "[comparison]") {
  CHECK(implementation_family("squid 5.7") == "squid");
  CHECK(implementation_family("connectspec-refproxy 0.1.0") == "connectspec-refproxy");
  CHECK(implementation_family("Apache httpd v2.4.71") == "Apache httpd");
  CHECK(implementation_family("127.0.0.1:3128") == "127.0.0.1:3128");
  CHECK(implementation_family("my proxy") == "my proxy");
}

TEST_CASE("compare: changes between runs of one implementation, regressions first", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("refproxy 0.1.0", "refproxy", "2024-05-01T12:00:00Z")
                     .add("a.should-regressed", Level::should, Outcome::pass)
                     .add("b.must-regressed", Level::must, Outcome::pass)
                     .add("c.warn-to-fail", Level::must, Outcome::warn, "expected 400")
                     .add("d.fixed", Level::must, Outcome::fail, "observed 200")
                     .add("e.fail-to-warn", Level::should, Outcome::fail, "x")
                     .add("f.fail-to-error", Level::must, Outcome::fail, "observed 200")
                     .add("g.skip-to-pass", Level::must, Outcome::skip, "needs auth")
                     .add("h.removed", Level::must, Outcome::pass)
                     .add("i.same", Level::must, Outcome::pass)
                     .add("j.same-fail-new-reason", Level::must, Outcome::fail, "observed 200")
                     .add("k.same-fail", Level::must, Outcome::fail, "observed 200")
                     .add("l.pass-to-skip", Level::must, Outcome::pass)
                     .add("m.skip-to-fail", Level::must, Outcome::skip)
                     .add("n.info-to-warn", Level::should, Outcome::info)
                     .build());
  runs.push_back(RunBuilder("refproxy 0.2.0", "refproxy", "2024-05-02T12:00:00Z")
                     .add("a.should-regressed", Level::should, Outcome::warn, "expected 400, observed 403")
                     .add("b.must-regressed", Level::must, Outcome::fail, "Content-Length: 0")
                     .add("c.warn-to-fail", Level::must, Outcome::fail, "expected 400")
                     .add("d.fixed", Level::must, Outcome::pass)
                     .add("e.fail-to-warn", Level::should, Outcome::warn, "x")
                     .add("f.fail-to-error", Level::must, Outcome::error, "proxy died")
                     .add("g.skip-to-pass", Level::must, Outcome::pass)
                     .add("i.same", Level::must, Outcome::pass)
                     .add("j.same-fail-new-reason", Level::must, Outcome::fail, "observed 502")
                     .add("k.same-fail", Level::must, Outcome::fail, "observed 200")
                     .add("l.pass-to-skip", Level::must, Outcome::skip)
                     .add("m.skip-to-fail", Level::must, Outcome::fail)
                     .add("n.info-to-warn", Level::should, Outcome::warn)
                     .add("o.added", Level::must, Outcome::fail)
                     .build());
  const Comparison c = compare_runs(pointers(runs));
  CHECK(c.same_implementation);
  REQUIRE(c.changes.size() == 1);
  const auto& set = c.changes[0];
  CHECK(set.from == 0);
  CHECK(set.to == 1);
  // Within each kind, MUST before SHOULD, then topic and id.
  CHECK(change_ids(c, set) == std::vector<std::string>{
                                  "regression b.must-regressed",
                                  "regression c.warn-to-fail",
                                  "regression m.skip-to-fail",
                                  "regression a.should-regressed",
                                  "regression n.info-to-warn",
                                  "fix d.fixed",
                                  "fix e.fail-to-warn",
                                  "other f.fail-to-error",
                                  "other g.skip-to-pass",
                                  "other h.removed",
                                  "other j.same-fail-new-reason",
                                  "other l.pass-to-skip",
                                  "other o.added",
                              });
  CHECK(set.count(CaseChange::Kind::regression) == 5);
  CHECK(set.count(CaseChange::Kind::fix) == 2);
  CHECK(c.regressions() == 5);
  const auto& first = set.changes[0];
  CHECK(first.before.outcome == Outcome::pass);
  CHECK(first.after.outcome == Outcome::fail);
  CHECK(first.after.reason == "Content-Length: 0");
  const auto& removed = set.changes[9];
  CHECK(removed.before.present);
  CHECK_FALSE(removed.after.present);
}

TEST_CASE("compare: changes between consecutive runs, in the order given", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("squid 5.7", "squid").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("squid 6.0", "squid").add("a.b", Level::must, Outcome::fail).build());
  runs.push_back(RunBuilder("squid 6.6", "squid").add("a.b", Level::must, Outcome::pass).build());
  const Comparison c = compare_runs(pointers(runs));
  REQUIRE(c.changes.size() == 2);
  CHECK(c.changes[0].count(CaseChange::Kind::regression) == 1);
  CHECK(c.changes[1].count(CaseChange::Kind::fix) == 1);
  CHECK(c.changes[1].from == 1);
  CHECK(c.changes[1].to == 2);
}

TEST_CASE("compare: different implementations have no change view unless asked: attached runs match by name", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("squid 5.7", "squid").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("tinyproxy 1.11.1", "tinyproxy").add("a.b", Level::must, Outcome::fail).build());
  const Comparison plain = compare_runs(pointers(runs));
  CHECK_FALSE(plain.same_implementation);
  CHECK(plain.changes.empty());
  CHECK(plain.regressions() == 0);
  ComparisonOptions options;
  options.changes = true;
  const Comparison asked = compare_runs(pointers(runs), options);
  REQUIRE(asked.changes.size() == 1);
  CHECK(asked.regressions() == 1);

  std::vector<std::unique_ptr<LoadedResults>> attached;
  attached.push_back(RunBuilder("myproxy 1.0", "").add("a.b", Level::must, Outcome::pass).build());
  attached.push_back(RunBuilder("myproxy 1.1", "").add("a.b", Level::must, Outcome::pass).build());
  const Comparison same = compare_runs(pointers(attached));
  CHECK(same.same_implementation);
  REQUIRE(same.changes.size() == 1);
  CHECK(same.changes[0].changes.empty());

  std::vector<std::unique_ptr<LoadedResults>> one;
  one.push_back(RunBuilder("squid 5.7", "squid").add("a.b", Level::must, Outcome::pass).build());
  CHECK(compare_runs(pointers(one)).changes.empty());
}

TEST_CASE("compare: MUST failures, SHOULD warnings and notes are counted apart, from the checks", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(testing::clean_run());
  runs.push_back(testing::graded_run());
  const Comparison c = compare_runs(pointers(runs));
  CHECK(c.runs[0].must_failures == 0);
  CHECK(c.runs[0].should_warnings == 0);
  CHECK(c.runs[0].notes == 0);
  // The warned case is a MUST case: by level it is a MUST case that did not pass, but what it
  // broke is a SHOULD.
  CHECK(c.runs[1].must_failures == 1);
  CHECK(c.runs[1].should_warnings == 1);
  CHECK(c.runs[1].notes == 1);
  CHECK(c.runs[1].by_level[static_cast<std::size_t>(Level::must)][Outcome::warn] == 1);

  // Each cell decided by a check cites it, with the keyword in words; a note is kept apart.
  const MatrixCell& failed = row(c, "target.port-missing").cells[1];
  REQUIRE(failed.check);
  CHECK(failed.check->level == Level::must);
  CHECK(failed.check->requirement == "R9110-9.3.6-b");
  CHECK(failed.check->rfc == "RFC 9110 \xc2\xa7" "9.3.6");
  CHECK(failed.check->keyword == "MUST");
  CHECK(failed.check->summary == "a CONNECT to an invalid port is rejected");
  const MatrixCell& warned = row(c, "headers.proxy-connection").cells[1];
  REQUIRE(warned.check);
  CHECK(warned.check->level == Level::should);
  CHECK(warned.check->requirement == "R9110-7.6.1-c");
  const MatrixCell& noted = row(c, "target.port-zero").cells[1];
  CHECK_FALSE(noted.check);
  CHECK(noted.note == "503 where 400 is usual");
  CHECK_FALSE(row(c, "target.port-zero").disagrees);  // a note is a pass all the same
  CHECK_FALSE(row(c, "target.port-missing").cells[0].check);
  // A requirement's worst cell cites the check of the case that decided it.
  const MatrixCell& req = requirement(c, "R9110-9.3.6-b").cells[1];
  CHECK(req.decided_by == "target.port-missing");
  REQUIRE(req.check);
  CHECK(req.check->requirement == "R9110-9.3.6-b");
}

TEST_CASE("compare: a file without checks counts its failures and warnings by outcome and level", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("a 1", "a")
                     .add("x.must", Level::must, Outcome::fail)
                     .add("x.should-strict", Level::should, Outcome::fail)
                     .add("x.should", Level::should, Outcome::warn)
                     .add("x.pass", Level::must, Outcome::pass)
                     .build());
  const Comparison c = compare_runs(pointers(runs));
  CHECK(c.runs[0].must_failures == 1);
  CHECK(c.runs[0].should_warnings == 2);
  CHECK(c.runs[0].notes == 0);
  CHECK_FALSE(row(c, "x.must").cells[0].check);
}

TEST_CASE("compare: an HTTP/2 run of a proxy is a column of its own, labelled with its protocol", "[comparison][protocol]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("nghttpx 1.52.0", "nghttpx").add("a.b", Level::must, Outcome::pass).build());
  auto h2c = RunBuilder("nghttpx 1.52.0", "nghttpx").add("a.b", Level::must, Outcome::fail).build();
  h2c->info.protocol = Protocol::h2c;
  runs.push_back(std::move(h2c));
  const Comparison c = compare_runs(pointers(runs));
  CHECK(c.runs[0].label == "nghttpx 1.52.0");
  CHECK(c.runs[1].label == "nghttpx 1.52.0 (h2c)");
  CHECK_FALSE(c.same_implementation);  // not a before and after: two ways of speaking to it
}
