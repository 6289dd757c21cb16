// The step vocabulary for two-behaviour requirements, framed bodies, several connections and
// slow clients: each loads into the model, and each misuse is reported where it is written.
#include <catch2/catch.hpp>

#include "diagnostics_matchers.hpp"

#include "casefile/case_loader.hpp"

using namespace connectspec;
using namespace connectspec::testing;

namespace {

constexpr const char* kStepsCaseFile = "t/case.toml";

std::string with_steps(const std::string& origins, const std::string& steps) {
  return "id = \"t.c\"\ntitle = \"x\"\nlevel = \"MUST\"\nrequirements = [\"R9110-9.3.6-b\"]\n[origins]\n" + origins +
         steps;
}

}  // namespace

TEST_CASE("only_if, expect_body, reconnect, reset, hold and slow send load into the model", "[case_loader][steps]") {
  Diagnostics problems;
  Case c = load_case_text(with_steps("main = \"echo\"\nweb = \"http\"\ncut = { kind = \"reset\", after_bytes = 4 }\n"
                                     "hole = \"unreachable\"\n",
                                     R"(
[[steps]]
send = "CONNECT ${main.authority} HTTP/1.1\r\n\r\n"
chunk_size = 1
gap_ms = 5
[[steps]]
expect_status = [200, 400]
[[steps]]
expect_body = true
contains = "bad"
only_if = "rejected"
[[steps]]
reconnect = true
[[steps]]
hold = { connections = 3, send = "CONNECT ${hole.authority} HTTP/1.1\r\n\r\n" }
[[steps]]
reset = true
only_if = "tunnel"
[[steps]]
expect_origin = "cut"
closed = true
[[steps]]
expect_eof = true
reset_ok = true
)"),
                          kStepsCaseFile, "t", problems);
  INFO(dump(problems));
  REQUIRE(problems.empty());
  REQUIRE(c.steps.size() == 8);
  CHECK(std::get<step::ExpectEof>(c.steps[7].action).reset_ok);
  auto& send = std::get<step::Send>(c.steps[0].action);
  CHECK(send.chunk_size == 1);
  CHECK(send.gap_ms == 5);
  auto& body = std::get<step::ExpectBody>(c.steps[2].action);
  CHECK(body.contains == "bad");
  CHECK(c.steps[2].only_if == OnlyIf::rejected);
  CHECK(std::holds_alternative<step::Reconnect>(c.steps[3].action));
  CHECK(std::get<step::Hold>(c.steps[4].action).connections == 3);
  CHECK(std::holds_alternative<step::Reset>(c.steps[5].action));
  CHECK(c.steps[5].only_if == OnlyIf::tunnel);
  CHECK(std::get<step::ExpectOrigin>(c.steps[6].action).closed);
  CHECK(c.steps[1].only_if == OnlyIf::always);
  REQUIRE(c.origins.size() == 4);
  CHECK(c.find_origin("cut")->kind == OriginKind::reset);
  CHECK(c.find_origin("cut")->after_bytes == 4);
  CHECK(c.find_origin("hole")->kind == OriginKind::unreachable);
  CHECK(c.find_origin("web")->kind == OriginKind::http);
}

TEST_CASE("misused new steps are reported at their key or value", "[case_loader][steps][bad]") {
  Diagnostics problems;
  load_case_text(with_steps("main = \"echo\"\n", R"(
[[steps]]
connect = "main"
only_if = "sometimes"
[[steps]]
send = "x"
gap_ms = 5
[[steps]]
hold = { connections = 2 }
[[steps]]
hold = { connections = 5000, send = "x" }
[[steps]]
expect_origin = "main"
closed = false
[[steps]]
expect_body = false
[[steps]]
reset = 1
)"),
                 kStepsCaseFile, "t", problems);
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 10, 11, "only_if must be \"tunnel\"");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 13, 10, "gap_ms needs chunk_size");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 15, 8, "hold needs send");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 17, 24, "connections");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 20, 10, "closed must be true");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 22, 15, "expect_body must be true");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 24, 9, "reset must be true");
}

TEST_CASE("exclusive marks a case that runs alone: it must be a boolean", "[case_loader]") {
  Diagnostics problems;
  Case c = load_case_text("exclusive = true\n" + with_steps("main = \"echo\"\n", "[[steps]]\nconnect = \"main\"\n"), kStepsCaseFile,
                          "t", problems);
  INFO(dump(problems));
  REQUIRE(problems.empty());
  CHECK(c.exclusive);
  Diagnostics bad;
  load_case_text("exclusive = 1\n" + with_steps("main = \"echo\"\n", "[[steps]]\nconnect = \"main\"\n"), kStepsCaseFile, "t", bad);
  REQUIRE_PROBLEM_IN(bad, kStepsCaseFile, 1, 13, "exclusive");
}

TEST_CASE("a check carries its own level and requirement: only_if = response", "[case_loader][steps][levels]") {
  Diagnostics problems;
  Case c = load_case_text(with_steps("main = \"echo\"\n", R"(
[[steps]]
connect = "main"
[[steps]]
expect_tunnel = false
[[steps]]
expect_status = "4xx"
level = "SHOULD"
requirement = "R9110-9.3.6-b-4xx"
prefer = 400
only_if = "response"
)"),
                          kStepsCaseFile, "t", problems);
  INFO(dump(problems));
  REQUIRE(problems.empty());
  REQUIRE(c.steps.size() == 3);
  CHECK_FALSE(c.steps[1].level);
  CHECK(c.level_of(c.steps[1]) == Level::must);
  CHECK(c.requirement_of(c.steps[1]) == "R9110-9.3.6-b");  // the case's first requirement
  CHECK(c.level_of(c.steps[2]) == Level::should);
  CHECK(c.requirement_of(c.steps[2]) == "R9110-9.3.6-b-4xx");
  CHECK(c.steps[2].only_if == OnlyIf::response);
  CHECK(c.steps[2].level_pos.line == 14);
  CHECK(c.strongest_level() == Level::must);
}

TEST_CASE("a level on a step that checks nothing, or a bad level, is reported where it is written", "[case_loader][steps][levels][bad]") {
  Diagnostics problems;
  load_case_text(with_steps("main = \"echo\"\n", R"(
[[steps]]
connect = "main"
level = "SHOULD"
[[steps]]
expect_tunnel = true
level = "OFTEN"
)"),
                 kStepsCaseFile, "t", problems);
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 10, 1, "unknown key 'level'");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 13, 9, "level must be MUST, SHOULD, MAY or INFO, not 'OFTEN'");
}

TEST_CASE("precondition = true marks the check a case needs, not the one it tests", "[case_loader][steps][levels]") {
  Diagnostics problems;
  Case c = load_case_text(with_steps("main = \"echo\"\n", R"(
[[steps]]
connect = "main"
[[steps]]
expect_status = "2xx"
precondition = true
[[steps]]
expect_echo = true
)"),
                          kStepsCaseFile, "t", problems);
  INFO(dump(problems));
  REQUIRE(problems.empty());
  REQUIRE(c.steps.size() == 3);
  CHECK(c.steps[1].precondition);
  CHECK_FALSE(c.steps[2].precondition);
}

TEST_CASE("a precondition with a level, a requirement or only_if, or on a step that checks nothing, is reported", "[case_loader][steps][levels][bad]") {
  Diagnostics problems;
  load_case_text(with_steps("main = \"echo\"\n", R"(
[[steps]]
connect = "main"
precondition = true
[[steps]]
expect_status = "2xx"
level = "SHOULD"
precondition = true
[[steps]]
expect_echo = true
only_if = "tunnel"
precondition = true
[[steps]]
expect_eof = true
precondition = "yes"
)"),
                 kStepsCaseFile, "t", problems);
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 10, 1, "unknown key 'precondition'");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 14, 16, "a precondition is graded at no level and cites no requirement");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 18, 16, "a precondition must hold in every run: drop 'only_if'");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 21, 16, "'precondition' must be true or false");
}

TEST_CASE("wait_ms, send until_closed and a trickle origin load into the model", "[case_loader][steps]") {
  Diagnostics problems;
  Case c = load_case_text(with_steps("feed = { kind = \"trickle\", bytes = 6, interval_ms = 600, seed = 816 }\n"
                                     "plain = \"trickle\"\n",
                                     R"(
[[steps]]
connect = "feed"
[[steps]]
wait_ms = 3000
[[steps]]
send = "X-Slow: abc"
chunk_size = 1
gap_ms = 1000
until_closed = true
[[steps]]
expect_closed = true
)"),
                          kStepsCaseFile, "t", problems);
  REQUIRE(problems.empty());
  REQUIRE(c.steps.size() == 4);
  CHECK(std::get<step::Wait>(c.steps[1].action).ms == 3000);
  auto& send = std::get<step::Send>(c.steps[2].action);
  CHECK(send.until_closed);
  CHECK(send.gap_ms == 1000);
  const OriginSpec* feed = c.find_origin("feed");
  REQUIRE(feed);
  CHECK(feed->kind == OriginKind::trickle);
  CHECK(feed->bytes == 6);
  CHECK(feed->interval_ms == 600);
  CHECK(feed->seed == 816);
  // The short form: 8 bytes, one a second.
  CHECK(c.find_origin("plain")->interval_ms == 1000);
  CHECK(c.find_origin("plain")->bytes == 8);
}

TEST_CASE("misused wait_ms, until_closed and trickle keys are reported where they are written", "[case_loader][steps][bad]") {
  Diagnostics problems;
  load_case_text(with_steps("feed = { kind = \"trickle\", bytes = 0, interval_ms = 0 }\n", R"(
[[steps]]
wait_ms = 0
[[steps]]
wait_ms = "3s"
[[steps]]
send = "x"
until_closed = true
)"),
                 kStepsCaseFile, "t", problems);
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 6, 36, "bytes");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 6, 53, "interval_ms");
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 9, 11, "wait_ms must be a number of milliseconds");
  CHECK(problems.size() == 5);  // wait_ms = "3s" too, at line 11
  REQUIRE_PROBLEM_IN(problems, kStepsCaseFile, 14, 16, "until_closed needs chunk_size");
}
