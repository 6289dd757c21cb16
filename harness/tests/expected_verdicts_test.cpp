// expected.toml and the verdict drift check: entries load with their places, mistakes are
// reported at their line and column, a result maps to its verdict (INFO: pass/unmet), and any
// difference from the expectation (new failure, new pass, changed) is found.
#include <catch2/catch.hpp>

#include "diagnostics_matchers.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "casefile/case_loader.hpp"
#include "expect/expected_verdicts.hpp"

using namespace connectspec;
using namespace connectspec::testing;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kIds = {"target.port-signed", "target.port-empty", "errors.refused-origin",
                                       "tunnel.banner-first", "version.http10-tunnel"};

// expected.toml written to a fresh temporary file.
class TempExpected {
 public:
  explicit TempExpected(const std::string& text) {
    std::string tmpl = (fs::temp_directory_path() / "connectspec-expected-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    dir_ = tmpl;
    std::ofstream out(file(), std::ios::binary);
    out << text;
    REQUIRE(out.good());
  }
  ~TempExpected() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string file() const { return (dir_ / "expected.toml").string(); }

  ExpectedVerdicts load(Diagnostics& problems) const { return load_expected_verdicts(file(), kIds, problems); }

 private:
  fs::path dir_;
};

Case make_case(const std::string& id, Level level = Level::must) {
  Case c;
  c.id = id;
  c.level = level;
  return c;
}

CheckResult check(CheckResult::Grade g) {
  CheckResult c;
  c.keyword = "expect_status";
  c.grade = g;
  return c;
}

CaseResult result(const Case& c, Outcome o, std::string reason = {}, std::vector<CheckResult> checks = {}) {
  CaseResult r;
  r.test = &c;
  r.outcome = o;
  r.reason = std::move(reason);
  r.checks = std::move(checks);
  return r;
}

ExpectedVerdict expect(std::string verdict, std::string reason = "why", bool intermittent = false) {
  ExpectedVerdict v;
  v.verdict = std::move(verdict);
  v.reason = std::move(reason);
  v.intermittent = intermittent;
  return v;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// loading

TEST_CASE("expected.toml: entries load with verdict, reason, intermittent and place", "[expect]") {
  TempExpected t(
      "# comment\n"                                                    // 1
      "\n"                                                             // 2
      "[cases.\"target.port-signed\"]\n"                               // 3
      "verdict = \"fail\"\n"                                           // 4
      "reason = \"accepts :+PORT and dials the origin\"\n"             // 5
      "\n"                                                             // 6
      "[cases.\"errors.refused-origin\"]\n"                            // 7
      "verdict = \"warn\"\n"                                           // 8
      "reason = \"503, not 502\"\n"                                    // 9
      "intermittent = true\n"                                          // 10
      "\n"                                                             // 11
      "[cases.\"tunnel.banner-first\"]\n"                              // 12
      "verdict = \"unmet\"\n"                                          // 13
      "reason = \"r\"\n"                                               // 14
      "[cases.\"target.port-empty\"]\n"                                // 15
      "verdict = \"skip\"\n"                                           // 16
      "reason = \"r\"\n"                                               // 17
      "[cases.\"version.http10-tunnel\"]\n"                            // 18
      "verdict = \"error\"\n"                                          // 19
      "reason = \"r\"\n");                                             // 20
  Diagnostics problems;
  ExpectedVerdicts e = t.load(problems);
  REQUIRE_PROBLEM_COUNT(problems, 0);
  REQUIRE(e.size() == 5);

  const auto& signed_ = e.at("target.port-signed");
  CHECK(signed_.verdict == "fail");
  CHECK(signed_.reason == "accepts :+PORT and dials the origin");
  CHECK_FALSE(signed_.intermittent);
  CHECK(signed_.pos.file == t.file());
  CHECK(signed_.pos.line == 3);

  const auto& refused = e.at("errors.refused-origin");
  CHECK(refused.verdict == "warn");
  CHECK(refused.reason == "503, not 502");
  CHECK(refused.intermittent);
  CHECK(refused.pos.line == 7);

  CHECK(e.at("tunnel.banner-first").verdict == "unmet");
  CHECK(e.at("target.port-empty").verdict == "skip");
  CHECK(e.at("version.http10-tunnel").verdict == "error");
}

TEST_CASE("expected.toml: an empty file expects every case to pass", "[expect]") {
  TempExpected t("# nothing is expected to fail\n");
  Diagnostics problems;
  CHECK(t.load(problems).empty());
  CHECK(problems.empty());
}

TEST_CASE("expected.toml: an unknown case id is a stale entry, reported at its line", "[expect][problems]") {
  TempExpected t(
      "[cases.\"target.port-signed\"]\n"       // 1
      "verdict = \"fail\"\n"                   // 2
      "reason = \"r\"\n"                       // 3
      "\n"                                     // 4
      "[cases.\"target.port-sigend\"]\n"       // 5
      "verdict = \"fail\"\n"                   // 6
      "reason = \"r\"\n");                     // 7
  Diagnostics problems;
  ExpectedVerdicts e = t.load(problems);
  INFO(dump(problems));
  const Diagnostic* d = find_problem(problems, "no case 'target.port-sigend' in the suite");
  REQUIRE(d != nullptr);
  CHECK(d->pos.file == t.file());
  CHECK(d->pos.line == 5);
  REQUIRE_PROBLEM_COUNT(problems, 1);
  CHECK(e.count("target.port-signed") == 1);
  CHECK(e.count("target.port-sigend") == 0);
}

TEST_CASE("expected.toml: verdict 'pass' is rejected (passing cases are not listed)", "[expect][problems]") {
  TempExpected t(
      "[cases.\"target.port-signed\"]\n"
      "verdict = \"pass\"\n"
      "reason = \"r\"\n");
  Diagnostics problems;
  t.load(problems);
  REQUIRE_PROBLEM_IN(problems, t.file(), 2, 11, "passing cases are not listed");
  CHECK_THAT(problems[0].message, Catch::Matchers::Contains("not 'pass'"));
  REQUIRE_PROBLEM_COUNT(problems, 1);
}

TEST_CASE("expected.toml: an unknown verdict is rejected at its value", "[expect][problems]") {
  TempExpected t(
      "[cases.\"target.port-signed\"]\n"
      "verdict = \"failed\"\n"
      "reason = \"r\"\n"
      "[cases.\"errors.refused-origin\"]\n"
      "verdict = \"info\"\n"
      "reason = \"r\"\n");
  Diagnostics problems;
  t.load(problems);
  REQUIRE_PROBLEM_IN(problems, t.file(), 2, 11, "not 'failed'");
  // 'info' is an outcome, not a verdict: INFO cases are pass or unmet.
  REQUIRE_PROBLEM_IN(problems, t.file(), 5, 11, "not 'info'");
  CHECK_THAT(find_problem(problems, "not 'failed'")->message, Catch::Matchers::StartsWith("cases.\"target.port-signed\": verdict must be"));
  REQUIRE_PROBLEM_COUNT(problems, 2);
}

TEST_CASE("expected.toml: a reason must be one non-empty line", "[expect][problems]") {
  SECTION("multi-line") {
    TempExpected t(
        "[cases.\"target.port-signed\"]\n"
        "verdict = \"fail\"\n"
        "reason = \"\"\"\n"
        "first line\n"
        "second line\"\"\"\n");
    Diagnostics problems;
    t.load(problems);
    REQUIRE_PROBLEM_IN(problems, t.file(), 3, 10, "reason must be one non-empty line");
    REQUIRE_PROBLEM_COUNT(problems, 1);
  }
  SECTION("an escaped newline") {
    TempExpected t(
        "[cases.\"target.port-signed\"]\n"
        "verdict = \"fail\"\n"
        "reason = \"a\\nb\"\n");
    Diagnostics problems;
    t.load(problems);
    REQUIRE_PROBLEM_IN(problems, t.file(), 3, 10, "reason must be one non-empty line");
    REQUIRE_PROBLEM_COUNT(problems, 1);
  }
  SECTION("empty") {
    TempExpected t(
        "[cases.\"target.port-signed\"]\n"
        "verdict = \"fail\"\n"
        "reason = \"\"\n");
    Diagnostics problems;
    t.load(problems);
    REQUIRE_PROBLEM_IN(problems, t.file(), 3, 10, "reason must be one non-empty line");
    REQUIRE_PROBLEM_COUNT(problems, 1);
  }
  SECTION("missing") {
    TempExpected t(
        "\n"
        "[cases.\"target.port-signed\"]\n"
        "verdict = \"fail\"\n");
    Diagnostics problems;
    t.load(problems);
    INFO(dump(problems));
    const Diagnostic* d = find_problem(problems, "missing required key 'reason'");
    REQUIRE(d != nullptr);
    CHECK(d->pos.file == t.file());
    CHECK(d->pos.line == 2);
    CHECK_THAT(d->message, Catch::Matchers::Contains("cases.\"target.port-signed\""));
    REQUIRE_PROBLEM_COUNT(problems, 1);
  }
}

TEST_CASE("expected.toml: other mistakes", "[expect][problems]") {
  TempExpected t(
      "[cases.\"target.port-signed\"]\n"       // 1
      "verdict = \"fail\"\n"                   // 2
      "reason = \"r\"\n"                       // 3
      "intermittent = \"yes\"\n"               // 4
      "reasn = \"typo\"\n"                     // 5
      "[cases]\n"                              // 6
      "\"errors.refused-origin\" = \"warn\"\n" // 7
      "[case.\"x\"]\n"                         // 8
      "verdict = \"fail\"\n");                 // 9
  Diagnostics problems;
  t.load(problems);
  REQUIRE_PROBLEM_IN(problems, t.file(), 4, 16, "'intermittent' must be true or false, not string");
  REQUIRE_PROBLEM_IN(problems, t.file(), 5, 1, "unknown key 'reasn'");
  REQUIRE_PROBLEM_IN(problems, t.file(), 7, 1, "cases.\"errors.refused-origin\" must be a table");
  REQUIRE_PROBLEM_IN(problems, t.file(), 8, 2, "unknown key 'case'");
  REQUIRE_PROBLEM_COUNT(problems, 4);
}

TEST_CASE("expected.toml: a TOML syntax error or a missing file", "[expect][problems]") {
  {
    TempExpected t("[cases.\"target.port-signed\"\nverdict = \"fail\"\n");
    Diagnostics problems;
    CHECK(t.load(problems).empty());
    REQUIRE_PROBLEM_COUNT(problems, 1);
    CHECK(problems[0].pos.file == t.file());
    CHECK(problems[0].pos.line == 1);
  }
  Diagnostics problems;
  CHECK(load_expected_verdicts("/nonexistent/expected.toml", kIds, problems).empty());
  REQUIRE_PROBLEM_COUNT(problems, 1);
  CHECK_THAT(problems[0].message, Catch::Matchers::Contains("cannot read"));
}

TEST_CASE("every committed expected.toml loads against the suite", "[expect][fixtures]") {
  LoadedSuite suite = load_suite(CONNECTSPEC_SOURCE_DIR "/cases");
  REQUIRE(suite.ok());
  std::vector<std::string> ids;
  for (const auto& c : suite.cases) ids.push_back(c.id);
  int found = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(CONNECTSPEC_SOURCE_DIR) / "fixtures" / "proxies")) {
    fs::path file = entry.path() / "expected.toml";
    if (!fs::exists(file)) continue;
    INFO(file.string());
    Diagnostics problems;
    ExpectedVerdicts e = load_expected_verdicts(file, ids, problems);
    INFO(dump(problems));
    CHECK(problems.empty());
    for (const auto& [id, v] : e) {
      INFO(id);
      CHECK_FALSE(v.reason.empty());
    }
    ++found;
  }
  CHECK(found >= 1);
}

// ---------------------------------------------------------------------------------------------
// verdict_of

TEST_CASE("verdict_of: an outcome is its own verdict", "[expect][verdict]") {
  Case c = make_case("t.x");
  CHECK(verdict_of(result(c, Outcome::pass)) == "pass");
  CHECK(verdict_of(result(c, Outcome::fail)) == "fail");
  CHECK(verdict_of(result(c, Outcome::warn)) == "warn");
  CHECK(verdict_of(result(c, Outcome::skip)) == "skip");
  CHECK(verdict_of(result(c, Outcome::error)) == "error");
  // A failed MUST stays "fail" whatever its checks say.
  CHECK(verdict_of(result(c, Outcome::fail, "", {check(CheckResult::Grade::ok), check(CheckResult::Grade::failed)})) ==
        "fail");
}

TEST_CASE("verdict_of: an INFO result is pass when observed, unmet when not", "[expect][verdict]") {
  Case c = make_case("t.info", Level::info);
  CHECK(verdict_of(result(c, Outcome::info)) == "pass");
  CHECK(verdict_of(result(c, Outcome::info, "", {check(CheckResult::Grade::ok), check(CheckResult::Grade::ok)})) ==
        "pass");
  CHECK(verdict_of(result(c, Outcome::info, "", {check(CheckResult::Grade::ok), check(CheckResult::Grade::failed)})) ==
        "unmet");
  CHECK(verdict_of(result(c, Outcome::info, "", {check(CheckResult::Grade::failed)})) == "unmet");
  // An INFO case's unmet checks are graded `info`; a preference not followed is only `noted`.
  CHECK(verdict_of(result(c, Outcome::info, "", {check(CheckResult::Grade::info)})) == "unmet");
  CHECK(verdict_of(result(c, Outcome::info, "", {check(CheckResult::Grade::noted)})) == "pass");
  CHECK(verdict_of(result(c, Outcome::info, "", {check(CheckResult::Grade::not_reached)})) == "pass");

  Case may = make_case("t.may", Level::may);
  CHECK(verdict_of(result(may, Outcome::info, "", {check(CheckResult::Grade::failed)})) == "unmet");
}

// ---------------------------------------------------------------------------------------------
// compare_verdicts

TEST_CASE("compare_verdicts: matching verdicts and unlisted passes are no difference", "[expect][compare]") {
  Case a = make_case("a.fails"), b = make_case("b.passes"), i = make_case("c.info", Level::info);
  ExpectedVerdicts e{{"a.fails", expect("fail")}, {"c.info", expect("unmet")}};
  std::vector<CaseResult> rs{result(a, Outcome::fail, "status 200"), result(b, Outcome::pass),
                             result(i, Outcome::info, "", {check(CheckResult::Grade::failed)})};
  CHECK(compare_verdicts(e, rs).empty());
  // Expected entries for cases that did not run (a --filter run) are no difference either.
  ExpectedVerdicts more = e;
  more["d.not-run"] = expect("fail");
  CHECK(compare_verdicts(more, rs).empty());
  CHECK(compare_verdicts({}, {}).empty());
}

TEST_CASE("compare_verdicts: a new failure", "[expect][compare]") {
  Case a = make_case("a.case");
  auto d = compare_verdicts({}, {result(a, Outcome::fail, "expected 4xx, observed 200")});
  REQUIRE(d.size() == 1);
  CHECK(d[0].case_id == "a.case");
  CHECK(d[0].expected == "pass");
  CHECK(d[0].observed == "fail");
  CHECK(d[0].expected_reason.empty());
  CHECK(d[0].observed_reason == "expected 4xx, observed 200");

  // An unlisted INFO case that was not observed is a new "unmet".
  Case i = make_case("i.case", Level::info);
  auto u = compare_verdicts({}, {result(i, Outcome::info, "", {check(CheckResult::Grade::failed)})});
  REQUIRE(u.size() == 1);
  CHECK(u[0].expected == "pass");
  CHECK(u[0].observed == "unmet");

  // A skip or an error is a difference too.
  CHECK(compare_verdicts({}, {result(a, Outcome::skip)}).size() == 1);
  CHECK(compare_verdicts({}, {result(a, Outcome::error)}).size() == 1);
  CHECK(compare_verdicts({}, {result(a, Outcome::warn)}).size() == 1);
}

TEST_CASE("compare_verdicts: a new pass", "[expect][compare]") {
  Case a = make_case("a.case");
  ExpectedVerdicts e{{"a.case", expect("fail", "accepts :+PORT")}};
  auto d = compare_verdicts(e, {result(a, Outcome::pass)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].case_id == "a.case");
  CHECK(d[0].expected == "fail");
  CHECK(d[0].observed == "pass");
  CHECK(d[0].expected_reason == "accepts :+PORT");

  // An INFO behaviour expected unmet but now observed.
  Case i = make_case("i.case", Level::info);
  auto n = compare_verdicts({{"i.case", expect("unmet")}}, {result(i, Outcome::info, "", {check(CheckResult::Grade::ok)})});
  REQUIRE(n.size() == 1);
  CHECK(n[0].expected == "unmet");
  CHECK(n[0].observed == "pass");
}

TEST_CASE("compare_verdicts: a changed verdict", "[expect][compare]") {
  Case a = make_case("a.case");
  auto d = compare_verdicts({{"a.case", expect("warn", "503 not 502")}}, {result(a, Outcome::fail, "now 200")});
  REQUIRE(d.size() == 1);
  CHECK(d[0].expected == "warn");
  CHECK(d[0].observed == "fail");
  CHECK(d[0].expected_reason == "503 not 502");
  CHECK(d[0].observed_reason == "now 200");
}

TEST_CASE("compare_verdicts: an intermittent entry accepts its verdict or pass, nothing else", "[expect][compare]") {
  Case a = make_case("a.case");
  ExpectedVerdicts e{{"a.case", expect("fail", "seen both ways", true)}};
  CHECK(compare_verdicts(e, {result(a, Outcome::fail)}).empty());
  CHECK(compare_verdicts(e, {result(a, Outcome::pass)}).empty());
  auto d = compare_verdicts(e, {result(a, Outcome::error)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].observed == "error");
}

TEST_CASE("compare_verdicts: every difference is listed, in result order", "[expect][compare]") {
  Case a = make_case("z.first"), b = make_case("a.second"), c = make_case("m.third");
  ExpectedVerdicts e{{"a.second", expect("fail")}};
  auto d = compare_verdicts(e, {result(a, Outcome::fail), result(b, Outcome::pass), result(c, Outcome::pass)});
  REQUIRE(d.size() == 2);
  CHECK(d[0].case_id == "z.first");
  CHECK(d[1].case_id == "a.second");
}
