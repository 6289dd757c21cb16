#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <sstream>

#include "report/run/json_report.hpp"
#include "sample_results.hpp"

using namespace connectspec;
namespace json = boost::json;

namespace {

using Fixture = connectspec::testing::SampleResults;

std::string render_json(const Fixture& f) {
  std::ostringstream out;
  write_json_report(out, f.run, f.results);
  return out.str();
}

}  // namespace

TEST_CASE("JSON report parses back with every field", "[report][json]") {
  const Fixture f;
  const std::string text = render_json(f);
  json::error_code ec;
  const json::value doc = json::parse(text, ec);
  REQUIRE_FALSE(ec);
  const auto& top = doc.as_object();

  CHECK(top.at("schema") == "connectspec-results/2");
  CHECK(top.at("implementation").at("name") == "connectspec-refproxy 0.1.0");
  CHECK(top.at("implementation").at("target") == "127.0.0.1:3128");

  const auto& run = top.at("run").as_object();
  CHECK(run.at("started_at") == "2024-05-01T12:00:00Z");
  CHECK(run.at("harness_version") == "0.1.0");
  CHECK(run.at("wall_ms").to_number<double>() == Approx(843.3));
  CHECK(run.at("strict") == true);
  CHECK(run.at("timeout_scale").to_number<double>() == Approx(1.5));
  CHECK(run.at("jobs") == 2);
  CHECK(run.at("network") == "private (loopback only; a TCP dial gives up after 7 s)");
  CHECK(run.at("cases_dir") == "cases");

  const auto& summary = top.at("summary").as_object();
  CHECK(summary.at("total") == 3);
  CHECK(summary.at("pass") == 1);
  CHECK(summary.at("fail") == 1);
  CHECK(summary.at("warn") == 0);
  CHECK(summary.at("info") == 0);
  CHECK(summary.at("skip") == 1);
  CHECK(summary.at("error") == 0);

  const auto& cases = top.at("cases").as_array();
  REQUIRE(cases.size() == 3);

  const auto& ok = cases[0].as_object();
  CHECK(ok.at("id") == "target.port-missing");
  CHECK(ok.at("title") == "Port missing");
  CHECK(ok.at("level") == "MUST");
  CHECK(ok.at("requirements") == json::array{"CONNECT-TARGET-1"});
  CHECK(ok.at("rfc") == "RFC 9110 \xc2\xa7" "9.3.6");
  CHECK(ok.at("tags") == json::array{"target", "authority-form"});
  CHECK(ok.at("topic") == "target");
  CHECK(ok.at("file") == "cases/target/port-missing.toml:1:1");
  CHECK(ok.at("outcome") == "pass");
  CHECK(ok.at("reason") == "");
  CHECK(ok.at("duration_ms").to_number<double>() == Approx(12.3));
  CHECK(ok.at("transcript").as_array().empty());
  CHECK_FALSE(ok.contains("proxy_log_tail"));
  const auto& ok_check = ok.at("checks").at(0).as_object();
  CHECK(ok_check.at("step") == 0);
  CHECK(ok_check.at("grade") == "ok");
  CHECK(ok_check.at("at") == "f.toml:3:1");

  const auto& bad = cases[1].as_object();
  CHECK(bad.at("id") == "target.port-zero");
  CHECK(bad.at("title") == "Port \"zero\"");
  CHECK(bad.at("level") == "SHOULD");
  CHECK(bad.at("outcome") == "fail");
  CHECK(bad.at("reason") == "expect_status: expected 4xx (400 preferred), observed 200");
  CHECK(bad.at("duration_ms").to_number<double>() == Approx(7.1));
  const auto& check = bad.at("checks").at(0).as_object();
  CHECK(check.at("step") == 2);
  CHECK(check.at("keyword") == "expect_status");
  CHECK(check.at("grade") == "failed");
  CHECK(check.at("level") == "MUST");
  CHECK(check.at("requirement") == "");
  CHECK(check.at("expected") == "4xx (400 preferred)");
  CHECK(check.at("observed") == "200");
  CHECK(check.at("at") == "cases/target/port-zero.toml:14:1");

  const auto& transcript = bad.at("transcript").as_array();
  REQUIRE(transcript.size() == 3);
  const auto& connect = transcript[0].as_object();
  CHECK(connect.at("t_ms").to_number<double>() == Approx(0.0));
  CHECK(connect.at("leg") == "client");
  CHECK(connect.at("dir") == "to_proxy");
  CHECK(connect.at("kind") == "connect");
  CHECK(connect.at("size") == 0);
  CHECK_FALSE(connect.contains("data"));
  CHECK_FALSE(connect.contains("truncated"));
  CHECK_FALSE(connect.contains("text"));

  const auto& data = transcript[1].as_object();
  CHECK(data.at("t_ms").to_number<double>() == Approx(1.3));  // 1.25 rounds to the 0.1 ms grid
  CHECK(data.at("kind") == "data");
  CHECK(data.at("size") == 4096);
  CHECK(data.at("data") == "A\\0\\xff\\r\\n\\\\\"");
  CHECK(data.at("truncated") == true);
  CHECK_FALSE(data.contains("text"));

  const auto& note = transcript[2].as_object();
  CHECK(note.at("dir") == "from_proxy");
  CHECK(note.at("kind") == "note");
  CHECK(note.at("text") == "nothing arrived");
  CHECK_FALSE(note.contains("data"));

  // Output must stay valid UTF-8, so a stray byte in a log is shown, not copied.
  CHECK(bad.at("proxy_log_tail") == "listening\nbad \\xff byte\n");

  CHECK(cases[2].at("outcome") == "skip");
  CHECK(cases[2].at("reason") == "needs IPv6");
}

TEST_CASE("JSON report layout is diffable", "[report][json]") {
  const Fixture f;
  const std::string text = render_json(f);
  CHECK(text.rfind("{\n  \"schema\": \"connectspec-results/2\",\n", 0) == 0);
  CHECK(text.back() == '\n');
  // Readable numbers, not Boost.JSON's default exponent form.
  CHECK(text.find("\"wall_ms\": 843.3,") != std::string::npos);
  CHECK(text.find("\"timeout_scale\": 1.5,") != std::string::npos);
  CHECK(text.find("E1") == std::string::npos);
  // One line per transcript event and per tag list.
  CHECK(text.find("\"tags\": [\"target\", \"authority-form\"]") != std::string::npos);
  CHECK(text.find("        {\"t_ms\": 1.3, \"leg\": \"client\", \"dir\": \"to_proxy\", \"kind\": \"data\", "
                  "\"size\": 4096, \"data\": \"A\\\\0\\\\xff\\\\r\\\\n\\\\\\\\\\\"\", \"truncated\": true}")
        != std::string::npos);
  // The same input renders identically.
  CHECK(render_json(f) == text);
}

TEST_CASE("JSON report with no cases", "[report][json]") {
  RunInfo run;
  std::ostringstream out;
  write_json_report(out, run, {});
  const json::value doc = json::parse(out.str());
  CHECK(doc.at("summary").at("total") == 0);
  CHECK(doc.at("cases").as_array().empty());
}

TEST_CASE("JSON report: each check's level, requirement and grade: the notes' keyword and role", "[report][json]") {
  const connectspec::testing::GradedResults g;
  std::ostringstream out;
  write_json_report(out, g.run, g.results, g.notes);
  const json::value doc = json::parse(out.str());
  const auto& cases = doc.at("cases").as_array();
  REQUIRE(cases.size() == 3);
  const auto& failed = cases[0].at("checks").as_array();
  CHECK(failed[0].at("grade") == "failed");
  CHECK(failed[0].at("level") == "MUST");
  CHECK(failed[0].at("requirement") == "R9110-9.3.6-b");
  CHECK(failed[1].at("grade") == "not_reached");
  CHECK(failed[1].at("observed") == "not reached: step 1 (expect_status) failed first");
  const auto& warned = cases[1].at("checks").as_array();
  CHECK(warned[1].at("grade") == "warned");
  CHECK(warned[1].at("level") == "SHOULD");
  CHECK(warned[1].at("requirement") == "R9110-7.6.1-c");
  CHECK(warned[2].at("level") == "INFO");
  CHECK(cases[1].at("outcome") == "warn");
  CHECK(cases[1].at("level") == "MUST");  // the case's own level; its checks say what each is graded at
  CHECK(cases[2].at("checks").at(0).at("grade") == "noted");
  CHECK(cases[2].at("outcome") == "pass");
  const auto& reqs = doc.at("requirements").as_object();
  CHECK(reqs.at("R9110-9.3.6-b") == json::object{{"rfc", "RFC 9110 \xc2\xa7" "9.3.6"},
                                                  {"summary", "a CONNECT to an invalid port is rejected"},
                                                  {"keyword", "MUST"}, {"role", "proxy"}});
  CHECK(reqs.at("R9110-7.6.1-a").at("keyword") == "none");
  CHECK(reqs.at("R9110-7.6.3-u").at("keyword") == "usual");
  CHECK(reqs.at("R9110-7.6.1-c").at("role") == "proxy, forwarding-proxy");
  // A check stays on one line, its level and requirement after its grade.
  CHECK(out.str().find("{\"step\": 1, \"keyword\": \"expect_upstream\", \"grade\": \"warned\", \"level\": \"SHOULD\", "
                       "\"requirement\": \"R9110-7.6.1-c\", ") != std::string::npos);
}
