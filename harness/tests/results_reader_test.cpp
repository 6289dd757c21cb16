#include <catch2/catch.hpp>

#include <sstream>

#include "report/run/json_report.hpp"
#include "report/read/results_reader.hpp"
#include "sample_results.hpp"

using namespace connectspec;

namespace {

std::string render_results(const RunInfo& run, const std::vector<CaseResult>& results, const RequirementNotes& notes = {}) {
  std::ostringstream out;
  write_json_report(out, run, results, notes);
  return out.str();
}

std::string read_error(const std::string& text) {
  std::string error;
  CHECK(read_results_text(text, "r.json", error) == nullptr);
  return error;
}

}  // namespace

TEST_CASE("A results file reads back into what wrote it, byte for byte", "[report][reader]") {
  testing::SampleResults f;
  f.run.shard = "2/3";
  f.run.shard_of_cases = 9;
  f.run.merged_from = {"a.json", "b.json"};
  f.run.options = {"--refproxy-fault no-port-check", "--filter target.*"};
  const RequirementNotes notes{{"R1", {"RFC 9110 \xc2\xa7" "9.3.6", "a CONNECT names host and port", "", ""}},
                               {"R2", {"RFC 9112 \xc2\xa7" "3.2.3", "authority-form only", "", ""}},
                               {"UNCITED", {"RFC 1", "not written", "", ""}}};
  const std::string text = render_results(f.run, f.results, notes);
  std::string error;
  auto loaded = read_results_text(text, "r.json", error);
  REQUIRE(loaded);
  CHECK(error.empty());
  CHECK(render_results(loaded->info, loaded->results, loaded->requirements) == text);

  CHECK(loaded->info.options == f.run.options);
  CHECK(loaded->info.network == f.run.network);
  CHECK(loaded->requirements.size() == 2);  // only the cited ones were written
  REQUIRE(loaded->results.size() == 3);
  const CaseResult& bad = loaded->results[1];
  CHECK(bad.test->id == "target.port-zero");
  CHECK(bad.test->level == Level::should);
  CHECK(bad.test->pos.file == "cases/target/port-zero.toml");
  CHECK(bad.outcome == Outcome::fail);
  REQUIRE(bad.transcript.size() == 3);
  CHECK(bad.transcript[1].bytes == f.results[1].transcript[1].bytes);  // NUL, 0xff, CR LF, backslash
  CHECK(bad.transcript[1].truncated);
  REQUIRE(bad.origins.size() == 2);
  CHECK(bad.origins[1].name == "v6");
  CHECK(bad.origins[1].kind == "banner");
  CHECK(bad.origins[1].address == "[::1]:40124");
  CHECK(loaded->results[0].origins.empty());
  REQUIRE(bad.streams.size() == 1);
  CHECK(bad.streams[0].head == f.results[1].streams[0].head);
  CHECK(loaded->results[2].test != loaded->results[0].test);  // each result has its own case record
}

TEST_CASE("A results file that does not parse is named with line and column", "[report][reader]") {
  CHECK(read_error("{\n  \"schema\": \"connectspec-results/1\",\n  oops\n}") == "r.json:3:3: not valid JSON (syntax error)");
  CHECK(read_error("").rfind("r.json:1:1: not valid JSON", 0) == 0);
}

TEST_CASE("A file that is not a results file says which field is wrong", "[report][reader]") {
  const testing::SampleResults f;
  const std::string good = render_results(f.run, f.results);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  CHECK(read_error("[1, 2]") == "r.json: expected an object");
  CHECK(read_error("{\"schema\": \"connectspec-matrix/1\"}") ==
        "r.json: schema: 'connectspec-matrix/1' is not a results file this version reads (connectspec-results/2 or "
        "connectspec-results/1)");
  CHECK(read_error(replaced("\"grade\": \"failed\"", "\"grade\": \"flunked\"")) ==
        "r.json: cases[1].checks[0].grade: unknown grade 'flunked'");
  CHECK(read_error(replaced("\"level\": \"MUST\", \"requirement\"", "\"level\": \"MUSTN'T\", \"requirement\"")) ==
        "r.json: cases[0].checks[0].level: unknown level 'MUSTN'T'");
  CHECK(read_error(replaced("\"outcome\": \"fail\"", "\"outcome\": \"failed\"")) == "r.json: cases[1].outcome: unknown outcome 'failed'");
  CHECK(read_error(replaced("\"level\": \"SHOULD\"", "\"level\": 3")) == "r.json: cases[1].level: expected a string");
  CHECK(read_error(replaced("\"data\": \"A", "\"data\": \"\\\\q")) ==
        "r.json: cases[1].transcript[1].data: not in the visible-bytes notation (docs/results-schema.md)");
  CHECK(read_error(replaced("\"fail\": 1", "\"fail\": 2")) == "r.json: summary.fail: says 2 but the cases count 1");
  CHECK(read_error(replaced("\"title\": \"Port missing\",", "")) == "r.json: cases[0]: missing 'title'");
}

TEST_CASE("A results file that cannot be opened is named", "[report][reader]") {
  std::string error;
  CHECK(read_results_file("/nonexistent/r.json", error) == nullptr);
  CHECK(error == "/nonexistent/r.json: cannot be read");
}

TEST_CASE("A results file keeps each check's level, requirement and grade, and the notes' keyword and role", "[report][reader]") {
  const testing::GradedResults g;
  const std::string text = render_results(g.run, g.results, g.notes);
  std::string error;
  auto loaded = read_results_text(text, "r.json", error);
  REQUIRE(loaded);
  CHECK(render_results(loaded->info, loaded->results, loaded->requirements) == text);
  const auto& checks = loaded->results[0].checks;
  REQUIRE(checks.size() == 2);
  CHECK(checks[0].grade == CheckResult::Grade::failed);
  CHECK(checks[0].level == Level::must);
  CHECK(checks[0].requirement == "R9110-9.3.6-b");
  CHECK(checks[1].grade == CheckResult::Grade::not_reached);
  CHECK(loaded->results[1].checks[1].grade == CheckResult::Grade::warned);
  CHECK(loaded->results[1].checks[1].level == Level::should);
  CHECK(loaded->results[2].checks[0].grade == CheckResult::Grade::noted);
  CHECK(loaded->requirements.at("R9110-7.6.1-c").keyword == "SHOULD");
  CHECK(loaded->requirements.at("R9110-7.6.1-c").role == "proxy, forwarding-proxy");
  CHECK(loaded->requirements.at("R9110-7.6.3-u").keyword == "usual");
}

TEST_CASE("A connectspec-results/1 file is read in /2 terms: each check at its case's level", "[report][reader]") {
  // A /1 file: no level or requirement on its checks, no keyword or role on its notes, and its
  // grades in the old sense ("failed" = not met at the case's level, "warned" = not as preferred).
  testing::SampleResults f;
  const RequirementNotes notes{{"R1", {"RFC 9110 \xc2\xa7" "9.3.6", "a CONNECT names host and port", "", ""}}};
  std::string text = render_results(f.run, f.results, notes);
  auto drop = [&](const std::string& what) {
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what)) text.erase(at, what.size());
  };
  text.replace(text.find("connectspec-results/2"), 21, "connectspec-results/1");
  drop("\"level\": \"MUST\", \"requirement\": \"\", ");
  drop(", \"keyword\": \"\", \"role\": \"\"");
  REQUIRE(text.find("\"requirement\": ") == std::string::npos);
  std::string error;
  auto loaded = read_results_text(text, "r.json", error);
  INFO(error);
  REQUIRE(loaded);
  // target.port-zero is a SHOULD case: its failed check, in /2 terms, is a SHOULD check that warned.
  const CheckResult& k = loaded->results[1].checks[0];
  CHECK(k.grade == CheckResult::Grade::warned);
  CHECK(k.level == Level::should);
  CHECK(k.requirement == "R1");
  CHECK(loaded->results[0].checks[0].level == Level::must);
  CHECK(loaded->results[0].checks[0].requirement == "CONNECT-TARGET-1");
  CHECK(loaded->requirements.at("R1").summary == "a CONNECT names host and port");
  CHECK(loaded->requirements.at("R1").keyword.empty());
  // A /1 "warned" (met, but not as preferred) is a note.
  text.replace(text.find("\"grade\": \"failed\""), 17, "\"grade\": \"warned\"");
  loaded = read_results_text(text, "r.json", error);
  REQUIRE(loaded);
  CHECK(loaded->results[1].checks[0].grade == CheckResult::Grade::noted);
  // Grades only /2 has are not /1 grades.
  text.replace(text.find("\"grade\": \"warned\""), 17, "\"grade\": \"noted\"");
  CHECK(read_error(text) == "r.json: cases[1].checks[0].grade: unknown grade 'noted'");
}

TEST_CASE("A results file keeps the run's protocol: one without it spoke HTTP/1.1", "[report][reader][protocol]") {
  testing::SampleResults f;
  f.run.protocol = Protocol::h2c;
  const std::string text = render_results(f.run, f.results);
  CHECK_THAT(text, Catch::Matchers::Contains("\"protocol\": \"h2c\""));
  std::string error;
  auto loaded = read_results_text(text, "r.json", error);
  REQUIRE(loaded);
  CHECK(loaded->info.protocol == Protocol::h2c);
  CHECK(render_results(loaded->info, loaded->results) == text);

  std::string old = text;
  old.erase(old.find("\"protocol\": \"h2c\","), std::string("\"protocol\": \"h2c\",").size());
  auto older = read_results_text(old, "old.json", error);
  REQUIRE(older);
  CHECK(older->info.protocol == Protocol::http1);

  std::string bad = text;
  bad.replace(bad.find("\"h2c\""), 5, "\"spdy\"");
  CHECK_THAT(read_error(bad), Catch::Matchers::Contains("implementation.protocol: 'spdy' is not http/1.1, h2c or h2"));
}
