// grade(): how a case's level turns its checks into an outcome; StatusMatcher.
#include <catch2/catch.hpp>

#include <string>

#include "engine/grading.hpp"

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

TEST_CASE("a failed check: MUST fails, SHOULD warns unless strict, MAY and INFO inform", "[grading]") {
  std::vector<CheckResult> checks{kOk, kFailed, kWarned, kFailedLater};
  for (bool strict : {false, true}) {
    INFO("strict " << strict);
    auto must = graded(checks, Level::must, strict);
    CHECK(must.outcome == Outcome::fail);
    CHECK(must.reason == kFailed.summary());  // the first failed check, not a later one or a warning

    auto should = graded(checks, Level::should, strict);
    CHECK(should.outcome == (strict ? Outcome::fail : Outcome::warn));
    CHECK(should.reason == kFailed.summary());

    auto may = graded(checks, Level::may, strict);
    CHECK(may.outcome == Outcome::info);
    CHECK(may.reason == kFailed.summary());

    auto info = graded(checks, Level::info, strict);
    CHECK(info.outcome == Outcome::info);
    CHECK(info.reason == kFailed.summary());
  }
}

TEST_CASE("a warned check with no failure warns, and says why", "[grading]") {
  for (bool strict : {false, true}) {
    INFO("strict " << strict);
    for (Level level : {Level::must, Level::should}) {
      INFO(to_string(level));
      auto r = graded({kOk, kWarned, kOk}, level, strict);
      CHECK(r.outcome == Outcome::warn);
      CHECK(r.reason == kWarned.summary());
    }
  }
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

TEST_CASE("info-graded checks do not fail or warn", "[grading]") {
  auto r = graded({check(G::info, "expect_closed", "close", "still open", 4)}, Level::must, true);
  CHECK(r.outcome == Outcome::pass);
  CHECK(r.reason.empty());
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
