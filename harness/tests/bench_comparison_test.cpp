#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <sstream>

#include "comparison_runs.hpp"
#include "report/matrix/bench_comparison.hpp"
#include "report/matrix/matrix_reports.hpp"
#include "sample_bench.hpp"

using namespace connectspec;
using connectspec::testing::pointers;
using connectspec::testing::RunBuilder;

namespace {

const std::string kDash = "\xe2\x80\x94";

// squid benched, tinyproxy benched without hold and with 8 tunnels, refproxy not benched.
std::vector<std::unique_ptr<LoadedResults>> three_runs() {
  BenchResult squid = testing::sample_bench();
  squid.implementation = "squid 5.7";
  BenchResult tiny = testing::sample_bench();
  tiny.implementation = "tinyproxy 1.11.1";
  tiny.hold.reset();
  tiny.throughput[2].tunnels = 8;
  tiny.throughput[3].tunnels = 8;
  tiny.throughput[3].failure.clear();
  tiny.setup->per_second = 850.04;
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("squid 5.7", "squid").add("a.b", Level::must, Outcome::pass).bench(squid).build());
  runs.push_back(RunBuilder("connectspec-refproxy 0.1.0", "refproxy").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("tinyproxy 1.11.1", "tinyproxy").add("a.b", Level::must, Outcome::pass).bench(tiny).build());
  return runs;
}

const BenchRow& row(const Comparison& c, const std::string& key) {
  for (const auto& r : c.bench)
    if (r.key == key) return r;
  FAIL("no bench row " << key);
  throw;
}

}  // namespace

TEST_CASE("compare puts the bench figures side by side, a column per run", "[report][bench][compare]") {
  auto runs = three_runs();
  const Comparison c = compare_runs(pointers(runs));
  std::vector<std::string> keys;
  for (const auto& r : c.bench) keys.push_back(r.key);
  CHECK(keys == std::vector<std::string>{"setup_per_second", "setup_p50_ms", "setup_p99_ms", "upload_1", "download_1", "upload_n",
                                         "download_n", "hold_alive"});
  const BenchRow& setup = row(c, "setup_per_second");
  REQUIRE(setup.cells.size() == 3);
  CHECK(bench_cell_text(setup, setup.cells[0]) == "12,304/s");
  CHECK(bench_cell_text(setup, setup.cells[1]) == kDash);  // refproxy was not benched
  CHECK(bench_cell_text(setup, setup.cells[2]) == "850/s");
  const BenchRow& up1 = row(c, "upload_1");
  CHECK(up1.label == "upload, 1 tunnel");
  CHECK(bench_cell_text(up1, up1.cells[0]) == "1.52 GB/s (12.2 Gbit/s)");
  CHECK(bench_cell_text(up1, up1.cells[0], true) == "1.52 GB/s");
  // The runs used 16 and 8 tunnels: each cell says how many.
  const BenchRow& down_n = row(c, "download_n");
  CHECK(down_n.label == "download, several tunnels");
  CHECK(bench_cell_text(down_n, down_n.cells[0], true) == "290 MB/s \xc3\x97" "16 (failed)");
  CHECK(down_n.cells[0].failure == "reset after 12 MB <rst>");
  CHECK(bench_cell_text(down_n, down_n.cells[2], true) == "290 MB/s \xc3\x97" "8");
  const BenchRow& hold = row(c, "hold_alive");
  CHECK(bench_cell_text(hold, hold.cells[0]) == "998 of 1,000");
  CHECK(bench_cell_text(hold, hold.cells[2]) == kDash);
}

TEST_CASE("compare has no bench rows when no run was benched, and a figure no run measured has no row", "[report][bench][compare]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("squid 5.7", "squid").add("a.b", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("tinyproxy 1.11.1", "tinyproxy").add("a.b", Level::must, Outcome::pass).build());
  CHECK(compare_runs(pointers(runs)).bench.empty());

  BenchResult direct = testing::sample_bench();
  direct.params.mode = "direct";
  direct.setup.reset();
  direct.hold.reset();
  runs.push_back(RunBuilder("direct", "").add("a.b", Level::must, Outcome::pass).bench(direct).build());
  const Comparison c = compare_runs(pointers(runs));
  REQUIRE(c.bench.size() == 4);
  CHECK(c.bench[0].key == "upload_1");
  CHECK(c.bench[2].label == "upload, 16 tunnels");
  CHECK(bench_cell_text(c.bench[2], c.bench[2].cells[2]) == "3.10 GB/s (24.8 Gbit/s)");
}

TEST_CASE("Each rendering of a comparison shows the bench figures when a run has them", "[report][bench][compare]") {
  auto runs = three_runs();
  const Comparison c = compare_runs(pointers(runs));

  std::ostringstream text;
  write_matrix_text(text, c);
  CHECK(text.str().find("Performance (connectspec bench, loopback):\n"
                        "                             [1]                    [2]  [3]\n"
                        "  CONNECT setup              12,304/s               " + kDash + "    850/s\n") != std::string::npos);
  CHECK(text.str().find("  tunnels held alive         998 of 1,000           " + kDash + "    " + kDash + "\n") != std::string::npos);

  std::ostringstream md;
  write_matrix_markdown(md, c, {});
  const std::string m = md.str();
  const auto headline_end = m.find("\n\n", m.find("| Implementation |"));
  const auto perf = m.find("**Performance**");
  CHECK(headline_end < perf);
  CHECK(perf < m.find(" cases, "));
  CHECK(m.find("| Measure | squid 5.7 | connectspec-refproxy 0.1.0 | tinyproxy 1.11.1 |\n|---|---:|---:|---:|\n"
               "| CONNECT setup | 12,304/s | " + kDash + " | 850/s |\n") != std::string::npos);
  CHECK(m.find("| download, several tunnels | 290 MB/s (2.32 Gbit/s) \xc3\x97" "16 (failed) | " + kDash + " |") != std::string::npos);

  std::ostringstream json;
  write_matrix_json(json, c, {});
  const auto doc = boost::json::parse(json.str()).as_object();
  const auto& bench = doc.at("bench").as_array();
  REQUIRE(bench.size() == 8);
  const auto& setup = bench[0].as_object();
  CHECK(setup.at("key") == "setup_per_second");
  CHECK(setup.at("label") == "CONNECT setup");
  CHECK(setup.at("unit") == "tunnels/s");
  CHECK(boost::json::serialize(setup.at("results")) == "[{\"value\":1.230412345E4},null,{\"value\":8.5004E2}]");
  CHECK(json.str().find("{\"value\": 12304.12345},") != std::string::npos);  // numbers in their short form
  const auto& down_n = bench[6].as_object();
  CHECK(down_n.at("key") == "download_n");
  CHECK(down_n.at("results").as_array()[0].as_object().at("failure") == "reset after 12 MB <rst>");
  CHECK(down_n.at("results").as_array()[0].as_object().at("tunnels") == 16);
  const auto& hold = bench[7].as_object().at("results").as_array()[0].as_object();
  CHECK(hold.at("value").is_int64());
  CHECK(hold.at("of") == 1000);

  std::ostringstream html;
  write_matrix_html(html, c, {});
  const std::string h = html.str();
  const auto perf_section = h.find("<section class=\"overview perf\"");
  REQUIRE(perf_section != std::string::npos);
  CHECK(h.find("<h2 id=\"overview-h\">Totals</h2>") < perf_section);
  CHECK(perf_section < h.find("<nav class=\"tabs\""));
  CHECK(h.find("<tr data-key=\"download_n\"><th scope=\"row\">download, several tunnels</th>"
               "<td class=\"num failed\" title=\"failed: reset after 12 MB &lt;rst&gt;\">") != std::string::npos);
  CHECK(h.find("<td class=\"num zero\">" + kDash + "</td>") != std::string::npos);
}

TEST_CASE("Without a bench the comparison's renderings are as before", "[report][bench][compare]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("squid 5.7", "squid").add("a.b", Level::must, Outcome::pass).build());
  const Comparison c = compare_runs(pointers(runs));
  std::ostringstream text, md, json, html;
  write_matrix_text(text, c);
  write_matrix_markdown(md, c, {});
  write_matrix_json(json, c, {});
  write_matrix_html(html, c, {});
  CHECK(text.str().find("Performance") == std::string::npos);
  CHECK(md.str().find("Performance") == std::string::npos);
  CHECK(json.str().find("\"bench\"") == std::string::npos);
  CHECK(html.str().find("Performance") == std::string::npos);
}
