#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>

#include "report/bench/bench_json.hpp"
#include "report/run/json_report.hpp"
#include "report/read/results_reader.hpp"
#include "sample_bench.hpp"
#include "sample_results.hpp"

using namespace connectspec;

namespace {

std::string standalone(const BenchResult& b) {
  std::ostringstream out;
  write_bench_json(out, b);
  return out.str();
}

std::string results_file(const RunInfo& run, const std::vector<CaseResult>& results) {
  std::ostringstream out;
  write_json_report(out, run, results);
  return out.str();
}

std::string read_error(const std::string& text, const std::string& path = "b.json") {
  std::string error;
  CHECK_FALSE(read_bench_text(text, path, error));
  return error;
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("A bench file reads back into what wrote it, byte for byte", "[report][bench]") {
  const std::string text = standalone(testing::sample_bench());
  std::string error;
  auto read = read_bench_text(text, "b.json", error);
  REQUIRE(read);
  CHECK(error.empty());
  CHECK(standalone(*read) == text);
  REQUIRE(read->setup);
  CHECK(read->setup->first_failure == "503 \"Service\" <Unavailable>");
  REQUIRE(read->throughput.size() == 4);
  CHECK(read->throughput[3].failure == "reset after 12 MB <rst>");
  CHECK(read->throughput[0].bytes == 4560000000u);  // more than 32 bits
  REQUIRE(read->hold);
  CHECK(read->hold->alive == 998);
  CHECK(read->hold->first_failure == "tunnel 17: no echo\\x01");  // control bytes as in results files
}

TEST_CASE("A bench file is laid out like a results file, figures rounded, integers kept integers", "[report][bench]") {
  const std::string text = standalone(testing::sample_bench());
  CHECK(text.rfind("{\n  \"schema\": \"connectspec-bench/1\",\n  \"bench\": {\n    \"implementation\": ", 0) == 0);
  CHECK(text.find("\"wall_ms\": 12345.68,") != std::string::npos);
  CHECK(text.find("\"p50_ms\": 0.81,") != std::string::npos);
  CHECK(text.find("\"max_ms\": 12.35,") != std::string::npos);
  CHECK(text.find("\"per_second\": 12304.123,") != std::string::npos);
  CHECK(text.find("\"seconds\": 3,") != std::string::npos);  // 3.000004 s to 0.00001 s
  CHECK(text.find("\"open_seconds\": 1.23456,") != std::string::npos);
  CHECK(text.find("\"budget_ms\": 3000,") != std::string::npos);
  CHECK(text.find("\"chunk_bytes\": 65536,") != std::string::npos);
  // Each throughput measurement on one line.
  CHECK(text.find("\n      {\"direction\": \"upload\", \"tunnels\": 1, \"bytes\": 4560000000, \"seconds\": 3, "
                  "\"bytes_per_second\": 1.52e+09, \"failure\": \"\"},\n") != std::string::npos);
  CHECK(text.back() == '\n');
}

TEST_CASE("Measurements that were not made are left out of a bench file", "[report][bench]") {
  BenchResult b = testing::sample_bench();
  b.params.mode = "direct";
  b.setup.reset();
  b.hold.reset();
  b.throughput.clear();
  b.wall_ms = std::nan("");  // a NaN is written as 0, which reads back
  const std::string text = standalone(b);
  CHECK(text.find("\"setup\": {") == std::string::npos);
  CHECK(text.find("\"hold\": {") == std::string::npos);
  CHECK(text.find("\"throughput\": []") != std::string::npos);
  CHECK(text.find("\"wall_ms\": 0,") != std::string::npos);
  std::string error;
  auto read = read_bench_text(text, "b.json", error);
  REQUIRE(read);
  CHECK_FALSE(read->setup);
  CHECK_FALSE(read->hold);
  CHECK(standalone(*read) == text);
}

TEST_CASE("A results file carries its run's bench and reads it back", "[report][bench][reader]") {
  testing::SampleResults f;
  f.run.bench = testing::sample_bench();
  const std::string text = results_file(f.run, f.results);
  CHECK(text.find("\n  \"bench\": {\n    \"implementation\"") != std::string::npos);
  CHECK(text.find("\"summary\"") < text.find("\"bench\""));
  CHECK(text.find("\"bench\"") < text.find("\"cases\": ["));
  std::string error;
  auto loaded = read_results_text(text, "r.json", error);
  REQUIRE(loaded);
  REQUIRE(loaded->info.bench);
  CHECK(results_file(loaded->info, loaded->results) == text);
  // read_bench_file takes a results file too.
  auto bench = read_bench_text(text, "r.json", error);
  REQUIRE(bench);
  CHECK(standalone(*bench) == standalone(*loaded->info.bench));
}

TEST_CASE("A results file without --bench has no bench key and says so when a bench is asked of it", "[report][bench]") {
  const testing::SampleResults f;
  const std::string text = results_file(f.run, f.results);
  CHECK(text.find("\"bench\"") == std::string::npos);
  std::string error;
  auto loaded = read_results_text(text, "r.json", error);
  REQUIRE(loaded);
  CHECK_FALSE(loaded->info.bench);
  CHECK(read_error(text, "r.json") == "r.json: no 'bench': the run was made without --bench");
}

TEST_CASE("A bench file that is wrong names the file and the field", "[report][bench]") {
  const std::string good = standalone(testing::sample_bench());
  CHECK(read_error("{\n  \"schema\": \"connectspec-bench/1\",\n  oops\n}") == "b.json:3:3: not valid JSON (syntax error)");
  CHECK(read_error(replaced(good, "\"p50_ms\": 0.81", "\"p50_ms\": \"fast\"")) == "b.json: bench.setup.p50_ms: expected a number");
  CHECK(read_error(replaced(good, "\"mode\": \"proxy\"", "\"mode\": \"tunnel\"")) == "b.json: bench.params.mode: unknown mode 'tunnel'");
  CHECK(read_error(replaced(good, "\"direction\": \"download\"", "\"direction\": \"sideways\"")) ==
        "b.json: bench.throughput[1].direction: unknown direction 'sideways'");
  CHECK(read_error(replaced(good, "\"bytes\": 4560000000", "\"bytes\": -1")) ==
        "b.json: bench.throughput[0].bytes: expected a non-negative integer");
  CHECK(read_error(replaced(good, "\"alive\": 998,", "")) == "b.json: bench.hold: missing 'alive'");
  CHECK(read_error("{\"schema\": \"connectspec-matrix/1\"}") ==
        "b.json: schema: 'connectspec-matrix/1' is neither a bench file (connectspec-bench/1) nor a results file "
        "(connectspec-results/2)");
  CHECK(read_error("{\"schema\": \"connectspec-bench/1\"}") == "b.json: missing 'bench'");
  // In a results file the same field is named the same way.
  testing::SampleResults f;
  f.run.bench = testing::sample_bench();
  std::string error;
  CHECK_FALSE(read_results_text(replaced(results_file(f.run, f.results), "\"p99_ms\": 3.46", "\"p99_ms\": null"), "r.json", error));
  CHECK(error == "r.json: bench.setup.p99_ms: expected a number");
}

TEST_CASE("A bench file that cannot be opened is named", "[report][bench]") {
  std::string error;
  CHECK_FALSE(read_bench_file("/nonexistent/b.json", error));
  CHECK(error == "/nonexistent/b.json: cannot be read");
}

TEST_CASE("An HTTP/2 bench file keeps its protocol, connections and the proxy's stream limit", "[report][bench][h2]") {
  BenchResult b = testing::sample_bench();
  b.params.protocol = "h2c";
  b.params.connections = 4;
  b.params.one_connection = true;
  b.hold->limit = 128;
  const std::string text = standalone(b);
  CHECK(text.find("\"protocol\": \"h2c\",") != std::string::npos);
  CHECK(text.find("\"connections\": 4,") != std::string::npos);
  CHECK(text.find("\"one_connection\": true,") != std::string::npos);
  CHECK(text.find("\"limit\": 128,") != std::string::npos);
  std::string error;
  auto read = read_bench_text(text, "b.json", error);
  REQUIRE(read);
  CHECK(read->params.protocol == "h2c");
  CHECK(read->params.connections == 4);
  CHECK(read->params.one_connection);
  CHECK(read->hold->limit == 128);
  CHECK(standalone(*read) == text);
}

TEST_CASE("A bench file without a protocol spoke HTTP/1.1, and an unknown protocol is refused", "[report][bench][h2]") {
  const std::string text = standalone(testing::sample_bench());
  CHECK(text.find("\"protocol\": \"http/1.1\",") != std::string::npos);
  CHECK(text.find("\"connections\"") == std::string::npos);  // HTTP/2 only
  CHECK(text.find("\"limit\"") == std::string::npos);
  std::string error;
  auto old = read_bench_text(replaced(text, "\"protocol\": \"http/1.1\",", ""), "b.json", error);
  REQUIRE(old);
  CHECK(old->params.protocol == "http/1.1");
  CHECK_FALSE(old->hold->limit);
  CHECK(read_error(replaced(text, "\"protocol\": \"http/1.1\"", "\"protocol\": \"spdy\"")) ==
        "b.json: bench.params.protocol: unknown protocol 'spdy'");
}
