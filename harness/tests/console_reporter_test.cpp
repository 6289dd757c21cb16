#include <catch2/catch.hpp>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <deque>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "report/shared/check_citation.hpp"
#include "report/run/console_reporter.hpp"
#include "sample_results.hpp"

using namespace connectspec;

namespace {

// Owns the cases so the CaseResult::test pointers stay valid (a deque never moves its elements).
struct ConsoleFixture {
  std::deque<Case> cases;
  std::vector<CaseResult> results;

  CaseResult& add(std::string id, Level level, Outcome outcome, std::string reason,
                  double ms = 12) {
    Case c;
    c.id = std::move(id);
    c.title = "title of " + c.id;
    c.level = level;
    cases.push_back(std::move(c));
    CaseResult r;
    r.test = &cases.back();
    r.outcome = outcome;
    r.reason = std::move(reason);
    r.duration_ms = ms;
    results.push_back(std::move(r));
    return results.back();
  }
};

// 3 pass, 2 fail, 1 warn, 1 info, 1 skip, 2 errors: every count is told apart from its neighbours.
ConsoleFixture mixed_suite() {
  ConsoleFixture f;
  f.add("basic.tunnel-echo", Level::must, Outcome::pass, "");
  f.add("target.port-missing", Level::must, Outcome::fail,
        "expect_status: expected 4xx, observed 200");
  f.add("basic.half-close", Level::must, Outcome::pass, "");
  f.add("headers.hop-by-hop", Level::should, Outcome::warn,
        "expect_headers: expected no Proxy-Connection, observed Proxy-Connection: keep-alive");
  f.add("info.server-header", Level::info, Outcome::info, "Server: refproxy/0.1");
  f.add("tls.through-tunnel", Level::may, Outcome::skip, "built without TLS origins");
  f.add("target.bad-host", Level::should, Outcome::fail,
        "expect_status: expected 400, observed 502");
  f.add("origin.refused", Level::must, Outcome::error, "origin could not listen: address in use");
  f.add("basic.large-body", Level::must, Outcome::pass, "");
  f.add("timeout.idle", Level::must, Outcome::error, "case timed out after 15000 ms");
  return f;
}

RunInfo run_info() {
  RunInfo run;
  run.implementation = "connectspec-refproxy 0.1.0";
  run.target = "127.0.0.1:3128";
  run.started_at = "2024-01-01T00:00:00Z";
  run.harness_version = "0.1.0";
  run.wall_ms = 2500;
  return run;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string run_all(const ConsoleFixture& f, bool color, bool verbose) {
  std::ostringstream out;
  ConsoleReporter reporter(out, color, verbose);
  const RunInfo run = run_info();
  reporter.on_start(run, f.results.size());
  for (const auto& r : f.results) reporter.on_case_done(r);
  reporter.on_finish(run, f.results);
  return out.str();
}

std::string finish_only(const ConsoleFixture& f, bool color) {
  std::ostringstream out;
  ConsoleReporter reporter(out, color, false);
  reporter.on_finish(run_info(), f.results);
  return out.str();
}

// The one line of `text` holding `needle`; fails the test when there is not exactly one.
std::string the_line_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& line : lines_of(text))
    if (line.find(needle) != std::string::npos) found.push_back(line);
  INFO("looking for one line with: " << needle << "\nin:\n" << text);
  REQUIRE(found.size() == 1);
  return found.front();
}

bool has_esc(const std::string& s) { return s.find('\x1b') != std::string::npos; }

const std::regex kClosing(
    R"(^\d+ passed, \d+ failed, \d+ warned, \d+ info, \d+ skipped, \d+ errors$)");

// Sets or unsets NO_COLOR for a scope and puts back what was there.
class NoColorGuard {
 public:
  NoColorGuard() {
    if (const char* v = std::getenv("NO_COLOR")) saved_ = std::string(v);
  }
  ~NoColorGuard() {
    if (saved_) ::setenv("NO_COLOR", saved_->c_str(), 1);
    else ::unsetenv("NO_COLOR");
  }
  NoColorGuard(const NoColorGuard&) = delete;
  NoColorGuard& operator=(const NoColorGuard&) = delete;

 private:
  std::optional<std::string> saved_;
};

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

}  // namespace

TEST_CASE("closing line is the last line and counts every outcome", "[console]") {
  const ConsoleFixture f = mixed_suite();
  for (bool color : {false, true}) {
    for (bool verbose : {false, true}) {
      DYNAMIC_SECTION("color=" << color << " verbose=" << verbose) {
        const std::string out = run_all(f, color, verbose);
        INFO(out);
        REQUIRE(!out.empty());
        CHECK(out.back() == '\n');
        const auto lines = lines_of(out);
        REQUIRE(lines.size() >= 2);
        const std::string& last = lines.back();
        CHECK(std::regex_match(last, kClosing));
        CHECK(last == "3 passed, 2 failed, 1 warned, 1 info, 1 skipped, 2 errors");
      }
    }
  }
}

TEST_CASE("closing line counts a run of a single outcome and an empty run", "[console]") {
  SECTION("all pass") {
    ConsoleFixture f;
    f.add("a.one", Level::must, Outcome::pass, "");
    f.add("a.two", Level::must, Outcome::pass, "");
    const auto lines = lines_of(finish_only(f, false));
    REQUIRE(!lines.empty());
    CHECK(lines.back() == "2 passed, 0 failed, 0 warned, 0 info, 0 skipped, 0 errors");
  }
  SECTION("no cases") {
    ConsoleFixture f;
    const std::string out = finish_only(f, true);
    const auto lines = lines_of(out);
    REQUIRE(!lines.empty());
    CHECK(lines.back() == "0 passed, 0 failed, 0 warned, 0 info, 0 skipped, 0 errors");
    CHECK(std::regex_match(lines.back(), kClosing));
  }
}

TEST_CASE("color=false writes no ESC byte at all", "[console]") {
  ConsoleFixture f = mixed_suite();
  // Bytes from the wire may carry escape sequences; they must not reach the output either.
  CaseResult& hostile = f.add("wire.escape", Level::must, Outcome::fail,
                              "expect_data: expected \"PING\", observed \"\x1b[2J\x1b]0;pwned\x07\"");
  WireEvent e;
  e.leg = "client";
  e.from_proxy = true;
  e.kind = WireEvent::Kind::data;
  e.bytes = "\x1b[31mred\x1b[0m";
  e.size = e.bytes.size();
  hostile.transcript.push_back(e);
  hostile.proxy_log_tail = "log \x1b[1mbold\x1b[0m\n";
  CheckResult check;
  check.keyword = "expect_data";
  check.grade = CheckResult::Grade::failed;
  check.expected = "\"PING\"";
  check.observed = "\"\x1b[2J\"";
  hostile.checks.push_back(check);

  for (bool verbose : {false, true}) {
    DYNAMIC_SECTION("verbose=" << verbose) {
      const std::string out = run_all(f, false, verbose);
      INFO(out);
      CHECK_FALSE(has_esc(out));
      // The suite was seen at all: the failing case and the closing line are there.
      CHECK(out.find("wire.escape") != std::string::npos);
      CHECK(lines_of(out).back() == "3 passed, 3 failed, 1 warned, 1 info, 1 skipped, 2 errors");
    }
  }
}

TEST_CASE("color=true paints a failing case line but never the closing line", "[console]") {
  const ConsoleFixture f = mixed_suite();
  std::ostringstream out;
  ConsoleReporter reporter(out, true, false);
  const RunInfo run = run_info();
  reporter.on_start(run, f.results.size());

  SECTION("the failing case line from on_case_done holds ESC") {
    std::ostringstream one;
    ConsoleReporter r1(one, true, false);
    r1.on_case_done(f.results[1]);  // target.port-missing, fail
    INFO(one.str());
    const std::string line = the_line_with(one.str(), "target.port-missing");
    CHECK(has_esc(line));
  }

  for (const auto& r : f.results) reporter.on_case_done(r);
  reporter.on_finish(run, f.results);
  const std::string text = out.str();
  INFO(text);
  const auto lines = lines_of(text);
  REQUIRE(lines.size() >= 2);
  CHECK(std::regex_match(lines.back(), kClosing));
  CHECK_FALSE(has_esc(lines.back()));
  // on_case_done's line and the Failures list's line for the failing case are both painted.
  for (const auto& line : lines)
    if (line.find("target.port-missing") != std::string::npos) CHECK(has_esc(line));
  CHECK(has_esc(text));
}

TEST_CASE("color_enabled is false for a pipe whatever NO_COLOR says", "[console]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  Fd rd(fds[0]), wr(fds[1]);
  NoColorGuard guard;

  ::unsetenv("NO_COLOR");
  CHECK_FALSE(color_enabled(rd.fd));
  CHECK_FALSE(color_enabled(wr.fd));
  ::setenv("NO_COLOR", "", 1);
  CHECK_FALSE(color_enabled(wr.fd));
  ::setenv("NO_COLOR", "1", 1);
  CHECK_FALSE(color_enabled(wr.fd));
}

TEST_CASE("color_enabled follows NO_COLOR on a terminal", "[console]") {
  Fd master(::posix_openpt(O_RDWR | O_NOCTTY));
  if (master.fd < 0 || ::grantpt(master.fd) != 0 || ::unlockpt(master.fd) != 0) {
    WARN("no pseudo-terminal available; NO_COLOR rule on a terminal not checked");
    return;
  }
  const char* name = ::ptsname(master.fd);
  if (name == nullptr) {
    WARN("ptsname failed; NO_COLOR rule on a terminal not checked");
    return;
  }
  Fd slave(::open(name, O_RDWR | O_NOCTTY));
  if (slave.fd < 0) {
    WARN("could not open the pty slave " << name << "; NO_COLOR rule on a terminal not checked");
    return;
  }
  REQUIRE(::isatty(slave.fd) == 1);

  const char* before = std::getenv("NO_COLOR");
  const std::optional<std::string> original = before ? std::optional<std::string>(before)
                                                     : std::nullopt;
  {
    NoColorGuard guard;
    ::unsetenv("NO_COLOR");
    CHECK(color_enabled(slave.fd));
    ::setenv("NO_COLOR", "1", 1);
    CHECK_FALSE(color_enabled(slave.fd));
    ::setenv("NO_COLOR", "", 1);  // empty counts as unset (no-color.org)
    CHECK(color_enabled(slave.fd));
  }
  // The environment is as it was.
  const char* after = std::getenv("NO_COLOR");
  CHECK((after != nullptr) == original.has_value());
  if (after && original) CHECK(std::string(after) == *original);
}

TEST_CASE("on_case_done prints the id, and for a failure its level and reason", "[console]") {
  const ConsoleFixture f = mixed_suite();
  for (bool color : {false, true}) {
    DYNAMIC_SECTION("color=" << color) {
      SECTION("failing case") {
        std::ostringstream out;
        ConsoleReporter reporter(out, color, false);
        reporter.on_case_done(f.results[6]);  // target.bad-host, SHOULD, fail
        const std::string line = the_line_with(out.str(), "target.bad-host");
        INFO(line);
        CHECK(line.find("SHOULD") != std::string::npos);
        CHECK(line.find("expect_status: expected 400, observed 502") != std::string::npos);
        CHECK(line.find("FAIL") != std::string::npos);
      }
      SECTION("failing MUST case") {
        std::ostringstream out;
        ConsoleReporter reporter(out, color, false);
        reporter.on_case_done(f.results[1]);  // target.port-missing, MUST, fail
        const std::string line = the_line_with(out.str(), "target.port-missing");
        INFO(line);
        CHECK(line.find("MUST") != std::string::npos);
        CHECK(line.find("expect_status: expected 4xx, observed 200") != std::string::npos);
      }
      SECTION("passing case") {
        std::ostringstream out;
        ConsoleReporter reporter(out, color, false);
        reporter.on_case_done(f.results[0]);  // basic.tunnel-echo, pass
        INFO(out.str());
        CHECK(out.str().find("basic.tunnel-echo") != std::string::npos);
        CHECK(lines_of(out.str()).size() == 1);
      }
    }
  }
}

TEST_CASE("on_finish lists each failing case again with its reason", "[console]") {
  const ConsoleFixture f = mixed_suite();
  for (bool color : {false, true}) {
    DYNAMIC_SECTION("color=" << color) {
      const std::string out = finish_only(f, color);
      INFO(out);
      for (const auto& r : f.results) {
        if (r.outcome != Outcome::fail && r.outcome != Outcome::error) continue;
        const std::string line = the_line_with(out, r.test->id);
        CHECK(line.find(r.reason) != std::string::npos);
        CHECK(line.find(std::string(to_string(r.test->level))) != std::string::npos);
      }
      // Passing cases are not repeated in the summary.
      CHECK(out.find("basic.tunnel-echo") == std::string::npos);
      // The failures come before the closing line.
      const auto lines = lines_of(out);
      REQUIRE(!lines.empty());
      CHECK(lines.back().find("target.port-missing") == std::string::npos);
    }
  }
}

TEST_CASE("the wall-time line before the closing line names the case count and implementation",
          "[console]") {
  const ConsoleFixture f = mixed_suite();
  for (bool color : {false, true}) {
    DYNAMIC_SECTION("color=" << color) {
      const std::string out = run_all(f, color, false);
      INFO(out);
      const auto lines = lines_of(out);
      REQUIRE(lines.size() >= 2);
      const std::string& wall = lines[lines.size() - 2];
      CHECK(wall.find("10 cases") != std::string::npos);
      CHECK(wall.find("connectspec-refproxy 0.1.0") != std::string::npos);
      CHECK(wall.find("2.50 s") != std::string::npos);  // wall_ms = 2500
    }
  }
}

namespace {

std::string graded_output(const connectspec::testing::GradedResults& g, bool verbose, bool with_notes = true) {
  std::ostringstream out;
  ConsoleReporter reporter(out, false, verbose, with_notes ? g.notes : RequirementNotes{});
  for (const auto& r : g.results) reporter.on_case_done(r);
  reporter.on_finish(g.run, g.results);
  return out.str();
}

}  // namespace

TEST_CASE("a failed or warned case's line cites its check: level, requirement, RFC section, paraphrase", "[console]") {
  const connectspec::testing::GradedResults g;
  const std::string out = graded_output(g, false);
  INFO(out);
  // A MUST violated, in the issue's words.
  CHECK(lines_of(out)[0] ==
        "  FAIL   target.port-missing  MUST R9110-9.3.6-b (RFC 9110 \xc2\xa7" "9.3.6): a CONNECT to an invalid port is rejected"
        " \xe2\x80\x94 expect_status: expected status 4xx, observed HTTP/1.1 200 OK (cases/target/port-missing.toml:12:1)");
  // A SHOULD not followed, in a case whose own level is MUST: the check's level, not the case's.
  CHECK(lines_of(out)[1] ==
        "  WARN   headers.proxy-connection  SHOULD R9110-7.6.1-c (RFC 9110 \xc2\xa7" "7.6.1): a proxy removes Proxy-Connection "
        "before forwarding \xe2\x80\x94 expect_upstream: expected Proxy-Connection absent, observed Proxy-Connection present "
        "(cases/headers/proxy-connection.toml:13:1)");
  // A pass with another answer than the usual one: a note, not a verdict.
  CHECK(lines_of(out)[2] == "  pass   target.port-zero  (7 ms)  (note: 503 where 400 is usual)");
  // The closing lists repeat the cited lines; the note is not a failure or a warning.
  CHECK(the_line_with(out.substr(out.find("Failures:")), "target.port-missing") == lines_of(out)[0]);
  CHECK(the_line_with(out.substr(out.find("Warnings:")), "headers.proxy-connection") == lines_of(out)[1]);
  CHECK(lines_of(out).back() == "1 passed, 1 failed, 1 warned, 0 info, 0 skipped, 0 errors");
}

TEST_CASE("without the catalogue's notes a line cites the level and requirement ID alone", "[console]") {
  const connectspec::testing::GradedResults g;
  const std::string out = graded_output(g, false, false);
  INFO(out);
  // The case's own rfc stands in for the note's section of its first requirement, not the others.
  CHECK(lines_of(out)[0].rfind("  FAIL   target.port-missing  MUST R9110-9.3.6-b (RFC 9110 \xc2\xa7" "9.3.6) \xe2\x80\x94 expect_status:", 0) == 0);
  CHECK(lines_of(out)[1].rfind("  WARN   headers.proxy-connection  SHOULD R9110-7.6.1-c \xe2\x80\x94 expect_upstream:", 0) == 0);
}

TEST_CASE("under --strict a SHOULD check not followed fails the case and says SHOULD", "[console]") {
  connectspec::testing::GradedResults g;
  g.results[1].outcome = Outcome::fail;
  const std::string out = graded_output(g, false);
  INFO(out);
  CHECK(lines_of(out)[1].rfind("  FAIL   headers.proxy-connection  SHOULD R9110-7.6.1-c (RFC 9110 \xc2\xa7" "7.6.1): ", 0) == 0);
}

TEST_CASE("verbose mode lists every check with grade, level and requirement, and what a check not reached waited on", "[console]") {
  const connectspec::testing::GradedResults g;
  const std::string out = graded_output(g, true);
  INFO(out);
  CHECK(out.find("\n         FAILED       MUST    R9110-9.3.6-b  expect_status: expected status 4xx, observed HTTP/1.1 200 OK "
                 "(cases/target/port-missing.toml:12:1)\n") != std::string::npos);
  CHECK(out.find("\n         not reached  MUST    R9110-9.3.6-b  expect_closed: not reached: step 1 (expect_status) failed first "
                 "(cases/target/port-missing.toml:14:1)\n") != std::string::npos);
  CHECK(out.find("\n         WARNED       SHOULD  R9110-7.6.1-c  expect_upstream: expected Proxy-Connection absent") != std::string::npos);
  CHECK(out.find("\n         ok           INFO    R9110-7.6.3-u  expect_upstream: expected Via present") != std::string::npos);
  CHECK(out.find("\n         noted        MUST    R9110-9.3.6-b  expect_status: expected status 4xx (400 preferred)") != std::string::npos);
  // Coloured, a check not reached is dimmed.
  std::ostringstream painted;
  ConsoleReporter reporter(painted, true, true, g.notes);
  reporter.on_case_done(g.results[0]);
  CHECK(painted.str().find("\x1b[2m         not reached") != std::string::npos);
}

TEST_CASE("a citation names the keyword when it is not the level's own word", "[console]") {
  CheckCitation c;
  c.level = Level::must;
  c.requirement = "R9112-3.2.3-a";
  c.rfc = "RFC 9112 \xc2\xa7" "3.2.3";
  c.keyword = keyword_words("none");
  c.summary = "authority-form is host:port";
  CHECK(citation_line(c) == "MUST R9112-3.2.3-a (RFC 9112 \xc2\xa7" "3.2.3, definitional): authority-form is host:port");
  c.keyword = keyword_words("MUST NOT");
  CHECK(citation_line(c) == "MUST R9112-3.2.3-a (RFC 9112 \xc2\xa7" "3.2.3, MUST NOT): authority-form is host:port");
  c.keyword = keyword_words("MUST");
  CHECK(citation_line(c) == "MUST R9112-3.2.3-a (RFC 9112 \xc2\xa7" "3.2.3): authority-form is host:port");
  c.level = Level::info;
  c.keyword = keyword_words("usual");
  CHECK(citation_line(c) == "INFO R9112-3.2.3-a (RFC 9112 \xc2\xa7" "3.2.3, preference): authority-form is host:port");
  CHECK(citation_line(CheckCitation{}) == "MUST");
  CheckResult noted;
  noted.keyword = "expect_status";
  noted.expected = "status 4xx (400 preferred)";
  noted.observed = "HTTP/1.1 503 Service Unavailable (accepted, but not the preferred 400)";
  CHECK(note_words(noted) == "503 where 400 is usual");
  noted.observed = "something else";
  CHECK(note_words(noted) == "expect_status: something else");
}

TEST_CASE("Console header names the protocol the run speaks", "[report][console][protocol]") {
  std::ostringstream out;
  ConsoleReporter reporter(out, false, false);
  RunInfo run = run_info();
  run.protocol = Protocol::h2c;
  reporter.on_start(run, 2);
  CHECK(out.str() == "connectspec 0.1.0: 2 cases against connectspec-refproxy 0.1.0 at 127.0.0.1:3128 over h2c\n");
}

TEST_CASE("Console header says the options that shaped the run, a fault first", "[report][console]") {
  std::ostringstream out;
  ConsoleReporter reporter(out, false, false);
  RunInfo run = run_info();
  run.options = {"--refproxy-fault no-port-check", "--filter target.*"};
  reporter.on_start(run, 1);
  CHECK(out.str() == "connectspec 0.1.0: 1 case against connectspec-refproxy 0.1.0 at 127.0.0.1:3128 over http/1.1\n"
                     "  with --refproxy-fault no-port-check --filter target.*\n");
}
