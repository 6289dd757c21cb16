// grade(): how a case's checks, each graded at its own level, make one outcome; StatusMatcher.
#include <catch2/catch.hpp>

#include <string>

#include "engine/verdict.hpp"

using namespace connectspec;
using G = CheckResult::Grade;

namespace {

CheckResult check(G grade, std::string keyword, std::string expected, std::string observed,
                  int line = 0) {
  CheckResult c;
  c.grade = grade;
  c.keyword = std::move(keyword);
  c.expected = std::move(expected);
  c.observed = std::move(observed);
  if (line) c.pos = {"cases/t/x.toml", line, 1};
  return c;
}

CaseResult graded(std::vector<CheckResult> checks, Level level, bool strict) {
  CaseResult r;
  r.checks = std::move(checks);
  r.reason = "stale";
  grade(r, level, strict);
  return r;
}

const CheckResult kOk = check(G::ok, "expect_status", "status 2xx", "HTTP/1.1 200 OK", 5);
const CheckResult kFailed = check(G::failed, "expect_echo", "\"PING\"", "nothing", 9);
const CheckResult kFailedLater = check(G::failed, "expect_eof", "EOF", "open", 12);
const CheckResult kWarned = check(G::warned, "expect_status", "status 4xx (400 preferred)",
                                  "HTTP/1.1 403 Forbidden (accepted, but not the preferred 400)", 7);

}  // namespace

TEST_CASE("CheckResult::summary", "[grading]") {
  CHECK(kFailed.summary() == "expect_echo: expected \"PING\", observed nothing (cases/t/x.toml:9:1)");
  CHECK(check(G::failed, "close", "a", "b").summary() == "close: expected a, observed b");
}

TEST_CASE("the worst check decides: a failed MUST check fails whatever the case's default level", "[grading]") {
  // The engine grades each check at its own level (failed = a MUST check not met, warned = a
  // SHOULD check not met); the case's level only says whether a clean run passes or informs.
  std::vector<CheckResult> checks{kOk, kWarned, kFailed, kFailedLater};
  for (bool strict : {false, true})
    for (Level level : {Level::must, Level::should, Level::may, Level::info}) {
      INFO("strict " << strict << ", " << to_string(level));
      auto r = graded(checks, level, strict);
      CHECK(r.outcome == Outcome::fail);
      CHECK(r.reason == kFailed.summary());  // the first failed check, not a later one or a warning
    }
}

TEST_CASE("a SHOULD check not met warns (fails under --strict), and says why", "[grading]") {
  for (bool strict : {false, true})
    for (Level level : {Level::must, Level::should, Level::info}) {
      INFO("strict " << strict << ", " << to_string(level));
      auto r = graded({kOk, kWarned, kOk}, level, strict);
      CHECK(r.outcome == (strict ? Outcome::fail : Outcome::warn));
      CHECK(r.reason == kWarned.summary());
    }
}

TEST_CASE("a preference not followed only notes the difference", "[grading]") {
  auto noted = check(G::noted, "expect_status", "status 4xx (400 preferred)", "HTTP/1.1 403 Forbidden", 7);
  for (bool strict : {false, true}) {
    auto r = graded({kOk, noted}, Level::must, strict);
    CHECK(r.outcome == Outcome::pass);
    CHECK(r.reason == noted.summary());
  }
}

TEST_CASE("not-reached checks neither fail nor pass a case on their own", "[grading]") {
  auto later = check(G::not_reached, "expect_echo", "", "not reached: step 2 (expect_status) failed first", 11);
  auto r = graded({kFailed, later}, Level::must, false);
  CHECK(r.outcome == Outcome::fail);
  CHECK(r.reason == kFailed.summary());
  CHECK(graded({kOk, later}, Level::must, false).outcome == Outcome::pass);
}

TEST_CASE("a precondition not met skips the case: no verdict on a requirement it never reached", "[grading]") {
  auto unmet = check(G::not_reached, "expect_status", "status 2xx",
                     "precondition not met: expected status 2xx, observed RST_STREAM(PROTOCOL_ERROR)", 5);
  unmet.precondition = true;
  auto later = check(G::not_reached, "expect_echo", "", "not reached: the precondition at step 2 (expect_status) was not met", 11);
  for (bool strict : {false, true})
    for (Level level : {Level::must, Level::info}) {
      auto r = graded({unmet, later}, level, strict);
      CHECK(r.outcome == Outcome::skip);
      CHECK(r.reason == "not reached: expect_status: precondition not met: expected status 2xx, observed "
                        "RST_STREAM(PROTOCOL_ERROR) (cases/t/x.toml:5:1)");
    }
  // A SHOULD check not met before the precondition still warns: it was reached and judged.
  CHECK(graded({kWarned, unmet, later}, Level::must, false).outcome == Outcome::warn);
}

TEST_CASE("all checks ok: MUST and SHOULD pass with no reason, MAY and INFO inform", "[grading]") {
  for (bool strict : {false, true}) {
    INFO("strict " << strict);
    auto must = graded({kOk, kOk}, Level::must, strict);
    CHECK(must.outcome == Outcome::pass);
    CHECK(must.reason.empty());

    auto should = graded({kOk}, Level::should, strict);
    CHECK(should.outcome == Outcome::pass);
    CHECK(should.reason.empty());

    auto last = check(G::ok, "expect_closed", "close", "EOF after 3 ms", 20);
    auto info = graded({kOk, last}, Level::info, strict);
    CHECK(info.outcome == Outcome::info);
    CHECK(info.reason == last.summary());  // what happened, from the last check

    auto may = graded({kOk, last}, Level::may, strict);
    CHECK(may.outcome == Outcome::info);
    CHECK(may.reason == last.summary());
  }
}

TEST_CASE("no checks at all", "[grading]") {
  auto must = graded({}, Level::must, false);
  CHECK(must.outcome == Outcome::pass);
  CHECK(must.reason.empty());
  auto info = graded({}, Level::info, true);
  CHECK(info.outcome == Outcome::info);
  CHECK(info.reason.empty());
}

TEST_CASE("an INFO check not met is recorded, never a failure or a warning", "[grading]") {
  auto unmet = check(G::info, "expect_closed", "close", "still open", 4);
  auto r = graded({unmet}, Level::must, true);
  CHECK(r.outcome == Outcome::pass);
  CHECK(r.reason == unmet.summary());
  auto i = graded({kOk, unmet}, Level::info, true);
  CHECK(i.outcome == Outcome::info);
  CHECK(i.reason == unmet.summary());
}

TEST_CASE("StatusMatcher matches exact codes and classes", "[grading][status]") {
  StatusMatcher exact{{200}, {}, std::nullopt};
  CHECK(exact.matches(200));
  CHECK_FALSE(exact.matches(201));
  CHECK_FALSE(exact.matches(2));

  StatusMatcher four{{}, {4}, 400};
  CHECK(four.matches(400));
  CHECK(four.matches(403));
  CHECK(four.matches(499));
  CHECK_FALSE(four.matches(399));
  CHECK_FALSE(four.matches(500));
  CHECK_FALSE(four.matches(4));

  StatusMatcher mixed{{400, 403}, {5}, std::nullopt};
  CHECK(mixed.matches(400));
  CHECK(mixed.matches(403));
  CHECK_FALSE(mixed.matches(404));
  CHECK(mixed.matches(502));
  CHECK_FALSE(mixed.matches(200));

  StatusMatcher none;
  CHECK_FALSE(none.matches(200));
}

TEST_CASE("StatusMatcher::describe", "[grading][status]") {
  CHECK(StatusMatcher{{200}, {}, std::nullopt}.describe() == "200");
  CHECK(StatusMatcher{{}, {4}, 400}.describe() == "4xx (400 preferred)");
  CHECK(StatusMatcher{{400, 403}, {5}, 403}.describe() == "400 or 403 or 5xx (403 preferred)");
  CHECK(StatusMatcher{{}, {2, 3}, std::nullopt}.describe() == "2xx or 3xx");
}
