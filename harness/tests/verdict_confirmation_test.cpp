// run --confirm: which cases are re-run, what an unstable verdict becomes (never a failure, its
// reason saying what was seen), how it travels through the JSON report, and how an unstable case
// is compared with expected.toml.
#include <catch2/catch.hpp>

#include <sstream>

#include "engine/verdict.hpp"
#include "expect/expected_verdicts.hpp"
#include "report/run/json_report.hpp"
#include "report/read/results_reader.hpp"
#include "sample_results.hpp"

using namespace connectspec;

namespace {

CaseResult first_run(const Case& c, Outcome o, std::string reason = "expected 4xx, observed 200") {
  CaseResult r;
  r.test = &c;
  r.outcome = o;
  r.reason = std::move(reason);
  return r;
}

Case make_case(std::string id) {
  Case c;
  c.id = std::move(id);
  return c;
}

ExpectedVerdict entry(std::string verdict, bool intermittent) {
  ExpectedVerdict v;
  v.verdict = std::move(verdict);
  v.reason = "why";
  v.intermittent = intermittent;
  return v;
}

}  // namespace

TEST_CASE("confirm: only failed and warned cases are re-run", "[confirm]") {
  Case c = make_case("a.case");
  CHECK(needs_confirmation(first_run(c, Outcome::fail)));
  CHECK(needs_confirmation(first_run(c, Outcome::warn)));
  for (Outcome o : {Outcome::pass, Outcome::info, Outcome::skip, Outcome::error})
    CHECK_FALSE(needs_confirmation(first_run(c, o)));
}

TEST_CASE("confirm: a verdict that repeats stays, with its re-runs recorded", "[confirm]") {
  Case c = make_case("a.case");
  CaseResult r = first_run(c, Outcome::fail);
  apply_reruns(r, {Outcome::fail});
  CHECK(r.outcome == Outcome::fail);
  CHECK_FALSE(r.unstable);
  CHECK(r.first_outcome == Outcome::fail);
  CHECK(r.reruns == std::vector<Outcome>{Outcome::fail});
  CHECK(r.reason == "expected 4xx, observed 200");
}

TEST_CASE("confirm: fail then pass is unstable, counted as a pass, and says so", "[confirm]") {
  Case c = make_case("a.case");
  CaseResult r = first_run(c, Outcome::fail);
  r.checks.push_back(CheckResult{});
  apply_reruns(r, {Outcome::pass});
  CHECK(r.unstable);
  CHECK(r.outcome == Outcome::pass);
  CHECK(r.first_outcome == Outcome::fail);
  CHECK(r.reason == "unstable: fail then pass on re-run; expected 4xx, observed 200");
  CHECK(r.checks.size() == 1);  // the first run's checks are kept
  Summary s = summarize({r});
  CHECK(s.failed == 0);
  CHECK(s.passed == 1);
}

TEST_CASE("confirm: the best verdict seen wins, over several re-runs", "[confirm]") {
  Case c = make_case("a.case");
  CaseResult warned = first_run(c, Outcome::warn, "");
  apply_reruns(warned, {Outcome::fail});
  CHECK(warned.unstable);
  CHECK(warned.outcome == Outcome::warn);  // warn then fail: still a warning, never a failure
  CHECK(warned.reason == "unstable: warn then fail on re-run");

  CaseResult failed = first_run(c, Outcome::fail, "no response");
  apply_reruns(failed, {Outcome::fail, Outcome::warn});
  CHECK(failed.outcome == Outcome::warn);
  CHECK(failed.reason == "unstable: fail then fail, warn on 2 re-runs; no response");
}

TEST_CASE("confirm: a re-run that did not happen (error, skip) is no verdict", "[confirm]") {
  Case c = make_case("a.case");
  CaseResult r = first_run(c, Outcome::fail);
  apply_reruns(r, {Outcome::error});
  CHECK_FALSE(r.unstable);
  CHECK(r.outcome == Outcome::fail);
  CHECK(r.reruns == std::vector<Outcome>{Outcome::error});
  CHECK(r.reason == "expected 4xx, observed 200");
}

TEST_CASE("confirm: unstable and the re-runs are written to JSON and read back", "[confirm][report]") {
  testing::SampleResults f;
  apply_reruns(f.results[1], {Outcome::pass});  // the sample's failure, unstable
  REQUIRE(f.results[1].unstable);
  std::ostringstream out;
  write_json_report(out, f.run, f.results, {});
  const std::string text = out.str();
  CHECK(text.find("\"unstable\": true") != std::string::npos);
  CHECK(text.find("\"first_outcome\": \"fail\"") != std::string::npos);
  std::string error;
  auto loaded = read_results_text(text, "r.json", error);
  REQUIRE(loaded);
  const CaseResult& r = loaded->results[1];
  CHECK(r.unstable);
  CHECK(r.outcome == Outcome::pass);
  CHECK(r.first_outcome == Outcome::fail);
  CHECK(r.reruns == std::vector<Outcome>{Outcome::pass});
  CHECK_FALSE(loaded->results[0].unstable);
  CHECK(loaded->results[0].reruns.empty());
  std::ostringstream again;
  write_json_report(again, loaded->info, loaded->results, {});
  CHECK(again.str() == text);
}

TEST_CASE("confirm: an unstable case matches an intermittent entry with a verdict it got", "[confirm][expect]") {
  Case c = make_case("a.case");
  CaseResult fail_then_warn = first_run(c, Outcome::fail);
  apply_reruns(fail_then_warn, {Outcome::warn});
  CaseResult fail_then_pass = first_run(c, Outcome::fail);
  apply_reruns(fail_then_pass, {Outcome::pass});

  CHECK(compare_verdicts({{"a.case", entry("fail", true)}}, {fail_then_warn}).empty());
  CHECK(compare_verdicts({{"a.case", entry("warn", true)}}, {fail_then_warn}).empty());
  CHECK(compare_verdicts({{"a.case", entry("fail", true)}}, {fail_then_pass}).empty());
  // Not marked intermittent: the best verdict is what is compared.
  auto d = compare_verdicts({{"a.case", entry("fail", false)}}, {fail_then_warn});
  REQUIRE(d.size() == 1);
  CHECK(d[0].observed == "warn");
  CHECK(d[0].observed_reason.rfind("unstable: fail then warn", 0) == 0);
  // A verdict it never got is still a difference.
  CHECK(compare_verdicts({{"a.case", entry("error", true)}}, {fail_then_warn}).size() == 1);
}
