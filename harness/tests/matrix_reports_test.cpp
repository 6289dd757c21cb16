#include "report/matrix/matrix_reports.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "comparison_runs.hpp"
#include "report/shared/report_assets.hpp"
#include "report/matrix/report_links.hpp"

using namespace connectspec;
using connectspec::testing::pointers;
using connectspec::testing::RunBuilder;

namespace {

const std::string kHostile = "expected 4xx, observed </script><img src=x onerror=alert(1)> \"quoted\" 'single' & more";

std::vector<std::unique_ptr<LoadedResults>> two_proxies() {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("squid 5.7", "squid", "2024-05-01T12:00:00Z")
                     .add("target.port-zero", Level::must, Outcome::fail, kHostile, {"R-TARGET"})
                     .add("target.port-missing", Level::must, Outcome::pass, "", {"R-TARGET"})
                     .add("auth.no-credentials", Level::should, Outcome::warn, "expected 407 | observed 401", {"R-AUTH"})
                     .note("R-TARGET", "RFC 9110 \xc2\xa7" "9.3.6", "a port is required <b>always</b>")
                     .build());
  runs.push_back(RunBuilder("tinyproxy 1.11.1", "tinyproxy", "2024-05-01T13:00:00Z")
                     .add("target.port-zero", Level::must, Outcome::pass, "", {"R-TARGET"})
                     .add("target.port-missing", Level::must, Outcome::skip, "needs IPv6", {"R-TARGET"})
                     .add("version.http10", Level::info, Outcome::info, "saw HTTP/1.0", {})
                     .build());
  return runs;
}

std::string html_of(const Comparison& c, const MatrixPage& page = {}) {
  std::ostringstream out;
  write_matrix_html(out, c, page);
  return out.str();
}

std::string markdown_of(const Comparison& c) {
  std::ostringstream out;
  write_matrix_markdown(out, c, {});
  return out.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("matrix HTML: hostile reasons and titles are escaped everywhere", "[comparison]") {
  auto runs = two_proxies();
  Comparison c = compare_runs(pointers(runs));
  c.runs[0].implementation = c.runs[0].label = "squid <script>alert(1)</script>";
  const std::string html = html_of(c, {"Title </title><script>x()</script>", ""});

  // The only script element is the page's own, at the end.
  CHECK(count_of(html, "<script>") == 1);
  CHECK(count_of(html, "</script>") == 1);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("onerror=alert(1)>") == std::string::npos);
  CHECK(html.find("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("&quot;quoted&quot; &#39;single&#39; &amp; more") != std::string::npos);
  CHECK(html.find("<title>Title &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>") != std::string::npos);
  CHECK(html.find("squid &lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("a port is required &lt;b&gt;always&lt;/b&gt;") != std::string::npos);
}

TEST_CASE("matrix HTML: self-contained, with the views, level badges, symbols and disagreement marks", "[comparison]") {
  auto runs = two_proxies();
  const Comparison c = compare_runs(pointers(runs));
  const std::string html = html_of(c);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=\"") == std::string::npos);
  CHECK(html.find("<style>\n" + std::string(report_asset("matrix.css"))) != std::string::npos);
  CHECK(html.find("<script>\n" + std::string(report_asset("matrix.js"))) != std::string::npos);
  CHECK(html.find("id=\"cases\"") != std::string::npos);
  CHECK(html.find("id=\"requirements\"") != std::string::npos);
  CHECK(html.find("id=\"changes\"") == std::string::npos);  // two implementations: no change view
  CHECK(html.find("class=\"badge lv-must\">MUST</span>") != std::string::npos);
  CHECK(html.find("class=\"badge lv-should\">SHOULD</span>") != std::string::npos);
  // target.port-zero: fail vs pass disagrees; target.port-missing: pass vs skip does not.
  CHECK(html.find("class=\"row disagree\" id=\"c-target.port-zero\"") != std::string::npos);
  CHECK(html.find("class=\"row\" id=\"c-target.port-missing\"") != std::string::npos);
  // A symbol as well as a colour, and the reason on hover.
  CHECK(html.find("<td class=\"cell o-fail\" data-sev=\"5\" title=\"squid 5.7: fail \xe2\x80\x94 expected 4xx") != std::string::npos);
  CHECK(html.find(std::string(outcome_symbol_html(Outcome::fail))) != std::string::npos);
  CHECK(html.find("class=\"cell absent\"") != std::string::npos);
  // Per-requirement: R-TARGET's worst for squid is the failure, 1 of its 2 cases.
  CHECK(html.find("<span class=\"k\">1/2</span>") != std::string::npos);
  CHECK(html.find("RFC 9110 \xc2\xa7" "9.3.6") != std::string::npos);
}

TEST_CASE("matrix HTML: cells link to each run's report at #case-<id>, or not at all", "[comparison]") {
  auto runs = two_proxies();
  Comparison c = compare_runs(pointers(runs));
  c.runs[0].report = "https://example.org/reports/squid.html";
  c.runs[0].report_is_url = true;
  const std::string html = html_of(c);
  CHECK(html.find("href=\"https://example.org/reports/squid.html#case-target.port-zero\"") != std::string::npos);
  CHECK(html.find("href=\"https://example.org/reports/squid.html#case-auth.no-credentials\"") != std::string::npos);
  CHECK(html.find("tinyproxy.html") == std::string::npos);
  CHECK(html.find("<span class=\"nolink\">") != std::string::npos);
}

TEST_CASE("matrix HTML: the change view lists regressions first", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("refproxy 0.1.0", "refproxy", "2024-05-01T12:00:00Z")
                     .add("a.fixed", Level::must, Outcome::fail, "observed 200")
                     .add("b.broken", Level::must, Outcome::pass)
                     .build());
  runs.push_back(RunBuilder("refproxy 0.1.0", "refproxy", "2024-05-02T12:00:00Z")
                     .add("a.fixed", Level::must, Outcome::pass)
                     .add("b.broken", Level::must, Outcome::fail, "Content-Length: 0")
                     .build());
  const std::string html = html_of(compare_runs(pointers(runs)));
  const auto changes = html.find("id=\"changes\"");
  REQUIRE(changes != std::string::npos);
  const auto regression = html.find("<tr class=\"k-regression\">", changes);
  const auto fix = html.find("<tr class=\"k-fix\">", changes);
  REQUIRE(regression != std::string::npos);
  REQUIRE(fix != std::string::npos);
  CHECK(regression < fix);
  CHECK(html.find("1 regression</span>") != std::string::npos);
  CHECK(html.find(">b.broken</a>", regression) < fix);
}

TEST_CASE("matrix Markdown: a headline table first, then the legend and one table per topic", "[comparison]") {
  auto runs = two_proxies();
  const Comparison c = compare_runs(pointers(runs));
  const std::string md = markdown_of(c);
  const auto l = lines(md);
  REQUIRE(l.size() > 10);
  CHECK(l[0] == "# connectspec: CONNECT proxies compared");
  CHECK(l[1].empty());
  // The first table: a header, the alignment row and one row per run, no links (a README copies it).
  CHECK(l[2].rfind("| Implementation | MUST passed | SHOULD passed | MUST failures | SHOULD warnings | notes | \xe2\x9c\x85 pass | "
                   "\xe2\x9d\x8c fail |", 0) == 0);
  CHECK(l[3] == "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  // These files carry no checks: a MUST case's failure is a MUST failure, a warning a SHOULD warning.
  CHECK(l[4] == "| squid 5.7 | 1/2 | 0/1 | 1 | 1 | 0 | 1 | 1 | 1 | 0 | 0 | 0 |");
  CHECK(l[5] == "| tinyproxy 1.11.1 | 1/2 | \xe2\x80\x94 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 1 |");
  CHECK(l[6].empty());
  CHECK(md.find("**Legend:** \xe2\x9c\x85 pass") != std::string::npos);
  CHECK(md.find("### auth") != std::string::npos);
  CHECK(md.find("### target") != std::string::npos);
  CHECK(md.find("| Case | Level | squid | tinyproxy |") != std::string::npos);
  CHECK(md.find("| `target.port-zero` \xe2\x89\xa0 | MUST | \xe2\x9d\x8c | \xe2\x9c\x85 |") != std::string::npos);
  CHECK(md.find("| `target.port-missing` | MUST | \xe2\x9c\x85 | \xe2\x8f\xad\xef\xb8\x8f |") != std::string::npos);
  CHECK(md.find("| `auth.no-credentials` | SHOULD | \xe2\x9a\xa0\xef\xb8\x8f | \xe2\x80\x94 |") != std::string::npos);
  CHECK(md.find("| `R-TARGET` \xe2\x89\xa0 RFC 9110 \xc2\xa7" "9.3.6 | 2 | \xe2\x9d\x8c 1/2 | \xe2\x9c\x85 1/2 |") != std::string::npos);
  // Every table row has as many cells as its header.
  for (const auto& line : l)
    if (line.rfind("| `", 0) == 0) CHECK(count_of(line, " |") == 4);
  CHECK(md.find("## Changes") == std::string::npos);
  CHECK(md.find("<script") == std::string::npos);
}

TEST_CASE("matrix Markdown: text that could break a table or add markup is escaped", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("evil | proxy <b>1</b>", "evil").add("x.a", Level::must, Outcome::pass).build());
  runs.push_back(RunBuilder("evil | proxy <b>2</b>", "evil").add("x.a", Level::must, Outcome::fail, "a | b <script> *c* [d](e)").build());
  const std::string md = markdown_of(compare_runs(pointers(runs)));
  CHECK(md.find("evil \\| proxy &lt;b&gt;1&lt;/b&gt;") != std::string::npos);
  CHECK(md.find("a \\| b &lt;script&gt; \\*c\\* \\[d\\](e)") != std::string::npos);
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("## Changes") != std::string::npos);
  CHECK(md.find("**1 regression**") != std::string::npos);
  CHECK(md.find("| **regression** | `x.a` | MUST | \xe2\x9c\x85 pass | \xe2\x9d\x8c fail |") != std::string::npos);
}

TEST_CASE("matrix JSON: connectspec-matrix/1 with null for absent cells", "[comparison]") {
  auto runs = two_proxies();
  Comparison c = compare_runs(pointers(runs));
  c.runs[1].report = "https://example.org/t.html";
  c.runs[1].report_is_url = true;
  std::ostringstream out;
  write_matrix_json(out, c, {});
  const auto doc = boost::json::parse(out.str()).as_object();
  CHECK(doc.at("schema") == "connectspec-matrix/1");
  CHECK(doc.at("outcome_order").as_array().size() == 6);
  CHECK(doc.at("outcome_order").as_array()[0] == "fail");
  const auto& r = doc.at("runs").as_array();
  REQUIRE(r.size() == 2);
  CHECK(r[0].at("implementation") == "squid 5.7");
  CHECK(r[0].at("profile") == "squid");
  CHECK(r[0].at("report").is_null());
  CHECK(r[1].at("report") == "https://example.org/t.html");
  CHECK(r[0].at("summary").at("fail") == 1);
  CHECK(r[0].at("summary").at("total") == 3);
  CHECK(r[0].at("levels").at("MUST").at("pass") == 1);
  CHECK(r[0].at("levels").at("SHOULD").at("warn") == 1);
  CHECK(doc.at("summary").at("cases") == 4);
  CHECK(doc.at("summary").at("cases_disagreeing") == 1);
  CHECK(doc.at("summary").at("same_implementation") == false);
  const auto& cases = doc.at("cases").as_array();
  REQUIRE(cases.size() == 4);
  CHECK(cases[0].at("id") == "auth.no-credentials");
  CHECK(cases[0].at("results").as_array()[1].is_null());
  CHECK(cases[2].at("id") == "target.port-zero");
  CHECK(cases[2].at("disagree") == true);
  CHECK(cases[2].at("results").as_array()[0].at("reason").as_string() == kHostile.c_str());
  const auto& reqs = doc.at("requirements").as_array();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[1].at("id") == "R-TARGET");
  CHECK(reqs[1].at("results").as_array()[0].at("outcome") == "fail");
  CHECK(reqs[1].at("results").as_array()[0].at("worst_case") == "target.port-zero");
  CHECK(reqs[1].at("results").as_array()[0].at("counts").at("pass") == 1);
  CHECK(doc.at("changes").as_array().empty());
  CHECK(out.str().back() == '\n');
}

TEST_CASE("matrix text: a line per case, disagreements marked, FAIL in capitals", "[comparison]") {
  auto runs = two_proxies();
  std::ostringstream out;
  write_matrix_text(out, compare_runs(pointers(runs)));
  const std::string text = out.str();
  CHECK(text.find("[1]  squid 5.7  (runs/squid.json)") != std::string::npos);
  CHECK(text.find("4 cases, 1 where the runs disagree (marked *)") != std::string::npos);
  CHECK(text.find("* target.port-zero") != std::string::npos);
  CHECK(text.find("  target.port-missing") != std::string::npos);
  CHECK(text.find("FAIL") != std::string::npos);
  for (const auto& line : lines(text)) CHECK(line.find_last_not_of(' ') + 1 == line.size());
}

TEST_CASE("report links: beside the results file, relative to the output, fragments encoded", "[comparison]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "connectspec-report-links-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "runs" / "squid");
  fs::create_directories(dir / "runs" / "tiny");
  fs::create_directories(dir / "out");
  std::ofstream(dir / "runs" / "squid" / "results.json") << "{}";
  std::ofstream(dir / "runs" / "squid" / "results.html") << "";
  std::ofstream(dir / "runs" / "tiny" / "results.json") << "{}";
  std::ofstream(dir / "runs" / "tiny" / "report.html") << "";
  std::ofstream(dir / "runs" / "none.json") << "{}";

  CHECK(find_report_beside((dir / "runs" / "squid" / "results.json").string()) == (dir / "runs" / "squid" / "results.html").string());
  CHECK(find_report_beside((dir / "runs" / "tiny" / "results.json").string()) == (dir / "runs" / "tiny" / "report.html").string());
  CHECK(find_report_beside((dir / "runs" / "none.json").string()).empty());

  ComparedRun run;
  run.file = (dir / "runs" / "squid" / "results.json").string();
  run.report = (dir / "runs" / "squid" / "results.html").string();
  CHECK(report_href(run, (dir / "out").string()) == "../runs/squid/results.html");
  CHECK(report_href(run, (dir / "runs").string()) == "squid/results.html");
  run.report = (dir / "runs" / "my report.html").string();
  CHECK(report_href(run, (dir / "runs").string()) == "my%20report.html");
  run.report.clear();
  CHECK(report_href(run, "").empty());

  run.file = "x/squid run.json";
  run.profile = "squid";
  CHECK(expand_report_link("https://example.org/{profile}/{stem}.html", run) == "https://example.org/squid/squid%20run.html");
  run.profile.clear();
  CHECK(expand_report_link("{profile}.html", run) == "squid%20run.html");
  CHECK(case_fragment("target.port-zero") == "#case-target.port-zero");
  CHECK(case_fragment("a b#c") == "#case-a%20b%23c");
  fs::remove_all(dir);
}

namespace {

std::vector<std::unique_ptr<LoadedResults>> clean_and_graded() {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(connectspec::testing::clean_run());
  runs.push_back(connectspec::testing::graded_run());
  return runs;
}

}  // namespace

TEST_CASE("matrix HTML: totals count MUST failures, SHOULD warnings and notes: cells cite the deciding check", "[comparison]") {
  auto runs = clean_and_graded();
  const std::string html = html_of(compare_runs(pointers(runs)));
  // The Totals table: the three counts after the levels' pass fractions.
  CHECK(html.find("<span class=\"badge lv-must\">MUST</span> failures</th>") != std::string::npos);
  CHECK(html.find("<span class=\"badge lv-should\">SHOULD</span> warnings</th>") != std::string::npos);
  CHECK(html.find("<td class=\"num checks t-fail\">1</td><td class=\"num checks t-warn\">1</td><td class=\"num checks\">1</td>") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num checks t-fail zero\">0</td><td class=\"num checks t-warn zero\">0</td><td class=\"num checks zero\">0</td>") !=
        std::string::npos);
  // A column's head: MUST failures and SHOULD warnings apart.
  CHECK(html.find("<span class=\"t-fail\">\xe2\x9c\x97" "1 MUST</span> <span class=\"t-warn\">!1 SHOULD</span>") != std::string::npos);
  CHECK(html.find("1 MUST failure, 1 SHOULD warning, 1 note") != std::string::npos);
  // A cell's tooltip: level, requirement, RFC section, paraphrase, then the reason; a note on a pass.
  CHECK(html.find("title=\"connectspec-refproxy 0.1.0: fail \xe2\x80\x94 MUST R9110-9.3.6-b (RFC 9110 \xc2\xa7" "9.3.6): a CONNECT "
                  "to an invalid port is rejected \xe2\x80\x94 expect_status: expected status 4xx") != std::string::npos);
  CHECK(html.find("title=\"connectspec-refproxy 0.1.0: warn \xe2\x80\x94 SHOULD R9110-7.6.1-c (RFC 9110 \xc2\xa7" "7.6.1): a proxy "
                  "removes Proxy-Connection before forwarding \xe2\x80\x94 ") != std::string::npos);
  CHECK(html.find("title=\"connectspec-refproxy 0.1.0: pass \xe2\x80\x94 note: 503 where 400 is usual \xe2\x80\x94 expect_status:") !=
        std::string::npos);
  // The row's details: the level badge, requirement, RFC section, keyword and paraphrase.
  CHECK(html.find("<span class=\"cite\"><span class=\"badge lv-must\">MUST</span> <code class=\"req-id\">R9110-9.3.6-b</code> "
                  "<span class=\"rfc\">RFC 9110 \xc2\xa7" "9.3.6</span> <span class=\"kw\">MUST</span> <span class=\"rsum\">a CONNECT "
                  "to an invalid port is rejected</span></span> <span class=\"reason\">expect_status:") != std::string::npos);
  CHECK(html.find("<span class=\"cite\"><span class=\"badge lv-should\">SHOULD</span> <code class=\"req-id\">R9110-7.6.1-c</code>") !=
        std::string::npos);
  CHECK(html.find("<span class=\"note\">note: 503 where 400 is usual</span>") != std::string::npos);
}

TEST_CASE("matrix Markdown: the headline counts MUST failures and SHOULD warnings: a table cites each check", "[comparison]") {
  auto runs = clean_and_graded();
  const std::string md = markdown_of(compare_runs(pointers(runs)));
  const auto l = lines(md);
  REQUIRE(l.size() > 5);
  CHECK(l[2].rfind("| Implementation | MUST passed | SHOULD passed | MUST failures | SHOULD warnings | notes | \xe2\x9c\x85 pass |", 0) == 0);
  CHECK(l[4] == "| tinyproxy 1.11.1 | 3/3 | \xe2\x80\x94 | 0 | 0 | 0 | 3 | 0 | 0 | 0 | 0 | 0 |");
  CHECK(l[5] == "| connectspec-refproxy 0.1.0 | 1/3 | \xe2\x80\x94 | 1 | 1 | 1 | 1 | 1 | 1 | 0 | 0 | 0 |");
  CHECK(md.find("**MUST failures** count the cases that violate a MUST") != std::string::npos);
  CHECK(md.find("## Failed and warned checks") != std::string::npos);
  CHECK(md.find("| `target.port-missing` | connectspec-refproxy | \xe2\x9d\x8c fail | **MUST** | `R9110-9.3.6-b` RFC 9110 \xc2\xa7" "9.3.6 "
                "| MUST | a CONNECT to an invalid port is rejected | expect\\_status: expected status 4xx, observed HTTP/1.1 200 OK "
                "(cases/target/port-missing.toml:12:1) |") != std::string::npos);
  CHECK(md.find("| `headers.proxy-connection` | connectspec-refproxy | \xe2\x9a\xa0\xef\xb8\x8f warn | **SHOULD** | "
                "`R9110-7.6.1-c` RFC 9110 \xc2\xa7" "7.6.1 | SHOULD | a proxy removes Proxy-Connection before forwarding |") !=
        std::string::npos);
  CHECK(md.find("| `target.port-zero` | connectspec-refproxy | \xe2\x9c\x85 pass | note | \xe2\x80\x94 | \xe2\x80\x94 |  | 503 where "
                "400 is usual |") != std::string::npos);
  // Each row of that table has its eight cells.
  const auto at = md.find("## Failed and warned checks");
  for (const auto& line : lines(md.substr(at, md.find("## Cases") - at)))
    if (line.rfind("| `", 0) == 0) CHECK(count_of(line, " |") == 8);
}

TEST_CASE("matrix JSON and text: the counts apart, and the deciding check of each cell", "[comparison]") {
  auto runs = clean_and_graded();
  const Comparison c = compare_runs(pointers(runs));
  std::ostringstream out;
  write_matrix_json(out, c, {});
  const auto doc = boost::json::parse(out.str()).as_object();
  const auto& r = doc.at("runs").as_array();
  CHECK(r[1].at("checks") == boost::json::object{{"must_failures", 1}, {"should_warnings", 1}, {"notes", 1}, {"unstable", 0}});
  CHECK(r[0].at("checks").at("must_failures") == 0);
  for (const auto& row : doc.at("cases").as_array()) {
    const auto& cell = row.at("results").as_array()[1].as_object();
    if (row.at("id") == "target.port-missing")
      CHECK(cell.at("check") == boost::json::object{{"level", "MUST"}, {"requirement", "R9110-9.3.6-b"},
                                                    {"rfc", "RFC 9110 \xc2\xa7" "9.3.6"}, {"keyword", "MUST"},
                                                    {"summary", "a CONNECT to an invalid port is rejected"}});
    if (row.at("id") == "headers.proxy-connection") CHECK(cell.at("check").at("level") == "SHOULD");
    if (row.at("id") == "target.port-zero") {
      CHECK_FALSE(cell.contains("check"));
      CHECK(cell.at("note") == "503 where 400 is usual");
    }
  }
  std::ostringstream text;
  write_matrix_text(text, c);
  CHECK(text.str().find("       1 MUST failure, 1 SHOULD warning, 1 note\n") != std::string::npos);
  CHECK(text.str().find("       0 MUST failures, 0 SHOULD warnings, 0 notes\n") != std::string::npos);
}

TEST_CASE("matrix changes cite the check that regressed", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(RunBuilder("connectspec-refproxy 0.1.0", "", "2024-04-01T12:00:00Z")
                     .add("target.port-missing", Level::must, Outcome::pass, "", {"R9110-9.3.6-b"})
                     .build());
  runs.push_back(connectspec::testing::graded_run());
  const Comparison c = compare_runs(pointers(runs));
  REQUIRE(c.changes.size() == 1);
  std::ostringstream text;
  write_matrix_text(text, c);
  CHECK(text.str().find("  REGRESSION  target.port-missing (MUST): ok -> FAIL: expect_status: expected status 4xx, observed "
                        "HTTP/1.1 200 OK (cases/target/port-missing.toml:12:1)\n"
                        "               MUST R9110-9.3.6-b (RFC 9110 \xc2\xa7" "9.3.6): a CONNECT to an invalid port is rejected\n") !=
        std::string::npos);
  const std::string md = markdown_of(c);
  CHECK(md.find("| **regression** | `target.port-missing` | MUST | \xe2\x9c\x85 pass | \xe2\x9d\x8c fail | **MUST** `R9110-9.3.6-b` "
                "RFC 9110 \xc2\xa7" "9.3.6: a CONNECT to an invalid port is rejected \xe2\x80\x94 expect\\_status:") != std::string::npos);
  const std::string html = html_of(c);
  CHECK(html.find("<span class=\"reason\">expect_status:", html.find("<tr class=\"k-regression\">")) != std::string::npos);
  CHECK(html.find("<span class=\"cite\"><span class=\"badge lv-must\">MUST</span>", html.find("<tr class=\"k-regression\">")) !=
        std::string::npos);
}

TEST_CASE("matrix: an unstable case is marked, counted, and not counted as a MUST failure", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(connectspec::testing::clean_run());
  runs.push_back(connectspec::testing::graded_run());
  // target.port-missing failed its MUST check, then passed when re-run: the best verdict stands.
  CaseResult& flaky = runs[1]->results[0];
  flaky.first_outcome = Outcome::fail;
  flaky.reruns = {Outcome::pass};
  flaky.unstable = true;
  flaky.outcome = Outcome::pass;
  flaky.reason = "unstable: fail then pass on re-run; " + flaky.reason;
  const Comparison c = compare_runs(pointers(runs));
  CHECK(c.runs[1].must_failures == 0);
  CHECK(c.runs[1].unstable == 1);
  const std::string html = html_of(c);
  CHECK(html.find("title=\"cases whose verdict changed on a re-run\">unstable</th>") != std::string::npos);
  CHECK(html.find("<td class=\"cell o-pass unstable\"") != std::string::npos);
  CHECK(html.find("connectspec-refproxy 0.1.0: pass \xe2\x80\x94 unstable (fail then pass) \xe2\x80\x94 unstable: fail then pass on re-run;") !=
        std::string::npos);
  CHECK(html.find("<span class=\"unstable\">unstable: fail then pass</span>") != std::string::npos);
  const std::string md = markdown_of(c);
  CHECK(md.find("| unstable |") != std::string::npos);
  CHECK(md.find("| `target.port-missing` \xe2\x89\xa0 | MUST | \xe2\x9c\x85 | \xe2\x9c\x85 ~ |") == std::string::npos);  // both pass: no ≠
  CHECK(md.find("| `target.port-missing` | MUST | \xe2\x9c\x85 | \xe2\x9c\x85 ~ |") != std::string::npos);
  std::ostringstream text;
  write_matrix_text(text, c);
  CHECK(text.str().find("0 MUST failures, 1 SHOULD warning, 1 note, 1 unstable (marked ~)") != std::string::npos);
  CHECK(text.str().find("ok     ok~") != std::string::npos);
}

TEST_CASE("matrix: a cited check's notes cannot break the page or the Markdown table", "[comparison]") {
  std::vector<std::unique_ptr<LoadedResults>> runs;
  runs.push_back(connectspec::testing::clean_run());
  runs.push_back(connectspec::testing::graded_run());
  runs[1]->requirements["R9110-9.3.6-b"] = {"RFC | 1", "a | b <script>x()</script> *c*", "MUST", "proxy"};
  const Comparison c = compare_runs(pointers(runs));
  const std::string html = html_of(c);
  CHECK(count_of(html, "<script>") == 1);
  CHECK(html.find("a | b &lt;script&gt;x()&lt;/script&gt; *c*") != std::string::npos);
  const std::string md = markdown_of(c);
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("| `R9110-9.3.6-b` RFC \\| 1 | MUST | a \\| b &lt;script&gt;x()&lt;/script&gt; \\*c\\* |") != std::string::npos);
}
