#include <catch2/catch.hpp>

#include <sstream>

#include "report/bench/bench_html.hpp"
#include "report/run/html_report.hpp"
#include "report/shared/report_assets.hpp"
#include "sample_bench.hpp"
#include "sample_results.hpp"

using namespace connectspec;

namespace {

std::string page(const BenchResult& b) {
  std::ostringstream out;
  write_bench_html(out, b);
  return out.str();
}

std::string run_report(const RunInfo& run, const std::vector<CaseResult>& results) {
  std::ostringstream out;
  write_html_report(out, run, results);
  return out.str();
}

}  // namespace

TEST_CASE("The bench page shows what was measured and how, every text escaped", "[report][bench][html]") {
  const std::string html = page(testing::sample_bench());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<h1>squid 5.7 &lt;b&gt;&amp;&lt;/b&gt;</h1>") != std::string::npos);
  CHECK(html.find("<b>&</b>") == std::string::npos);
  // The parameters a reader needs to know what the figures mean.
  for (const char* item : {"<dt>mode</dt><dd>proxy</dd>", "<dt>cores</dt><dd>2</dd>", "<dt>per measurement</dt><dd>3.00 s</dd>",
                           "<dt>warm-up</dt><dd>500 ms</dd>", "<dt>CONNECTs in flight</dt><dd>64</dd>",
                           "<dt>write size</dt><dd>64 KiB</dd>", "<dt>tunnels (throughput)</dt><dd>16</dd>",
                           "<dt>tunnels (hold)</dt><dd>1,000</dd>", "<dt>target</dt><dd><code>127.0.0.1:3128</code></dd>"})
    CHECK(html.find(item) != std::string::npos);
  CHECK(html.find("<td data-col=\"tunnels/s\" class=\"num\">12,304/s</td><td data-col=\"p50\" class=\"num\">0.81 ms</td>") !=
        std::string::npos);
  CHECK(html.find("<td data-col=\"first failure\" class=\"failure\">503 &quot;Service&quot; &lt;Unavailable&gt;</td>") != std::string::npos);
  CHECK(html.find("<tr class=\"failed\"><td data-col=\"direction\">download</td><td data-col=\"tunnels\" class=\"num\">16</td>"
                  "<td data-col=\"bytes/s\" class=\"num\">290 MB/s</td><td data-col=\"bits/s\" class=\"num\">2.32 Gbit/s</td>") !=
        std::string::npos);
  CHECK(html.find("reset after 12 MB &lt;rst&gt;") != std::string::npos);
  CHECK(html.find("tunnel 17: no echo\\x01") != std::string::npos);
  CHECK(html.find("<h3>Tunnels held</h3>") != std::string::npos);
}

TEST_CASE("The bench page is self-contained: its style inlined, nothing fetched, no script", "[report][bench][html]") {
  const std::string html = page(testing::sample_bench());
  CHECK(html.find(std::string(report_asset("report.css"))) != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.substr(html.size() - 8) == "</html>\n");
}

TEST_CASE("The bench page has no table for what was not measured", "[report][bench][html]") {
  BenchResult b = testing::sample_bench();
  b.params.mode = "relay";
  b.setup.reset();
  b.hold.reset();
  const std::string html = page(b);
  CHECK(html.find("CONNECT setup") == std::string::npos);
  CHECK(html.find("CONNECTs in flight") == std::string::npos);
  CHECK(html.find("Tunnels held") == std::string::npos);
  CHECK(html.find("tunnels (hold)") == std::string::npos);
  CHECK(html.find("<h3>Throughput</h3>") != std::string::npos);
}

TEST_CASE("A run's report has a Performance section after its header when the run was benched", "[report][bench][html]") {
  testing::SampleResults f;
  CHECK(run_report(f.run, f.results).find("id=\"performance\"") == std::string::npos);
  f.run.bench = testing::sample_bench();
  const std::string html = run_report(f.run, f.results);
  const auto section = html.find("<section class=\"perf\" id=\"performance\"");
  REQUIRE(section != std::string::npos);
  CHECK(html.find("</header>") < section);
  CHECK(section < html.find("<nav class=\"filters\""));
  CHECK(html.find("<h2 id=\"perf-h\">Performance</h2>") != std::string::npos);
}
