#include <catch2/catch.hpp>

#include <sstream>

#include "report/json_report.hpp"
#include "report/results_reader.hpp"
#include "sample_results.hpp"

using namespace connectspec;

namespace {

std::string render(const RunInfo& run, const std::vector<CaseResult>& results, const RequirementNotes& notes = {}) {
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
  const RequirementNotes notes{{"R1", {"RFC 9110 \xc2\xa7" "9.3.6", "a CONNECT names host and port"}},
                               {"R2", {"RFC 9112 \xc2\xa7" "3.2.3", "authority-form only"}},
                               {"UNCITED", {"RFC 1", "not written"}}};
  const std::string text = render(f.run, f.results, notes);
  std::string error;
  auto loaded = read_results_text(text, "r.json", error);
  REQUIRE(loaded);
  CHECK(error.empty());
  CHECK(render(loaded->info, loaded->results, loaded->requirements) == text);

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
  const std::string good = render(f.run, f.results);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  CHECK(read_error("[1, 2]") == "r.json: expected an object");
  CHECK(read_error("{\"schema\": \"connectspec-matrix/1\"}") ==
        "r.json: schema: 'connectspec-matrix/1' is not a results file this version reads (connectspec-results/1)");
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
