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

#include "report/console_reporter.hpp"

using namespace connectspec;

namespace {

// Owns the cases so the CaseResult::test pointers stay valid (a deque never moves its elements).
struct Fixture {
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
Fixture mixed_suite() {
  Fixture f;
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

std::string run_all(const Fixture& f, bool color, bool verbose) {
  std::ostringstream out;
  ConsoleReporter reporter(out, color, verbose);
  const RunInfo run = run_info();
  reporter.on_start(run, f.results.size());
  for (const auto& r : f.results) reporter.on_case_done(r);
  reporter.on_finish(run, f.results);
  return out.str();
}

std::string finish_only(const Fixture& f, bool color) {
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
  const Fixture f = mixed_suite();
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
    Fixture f;
    f.add("a.one", Level::must, Outcome::pass, "");
    f.add("a.two", Level::must, Outcome::pass, "");
    const auto lines = lines_of(finish_only(f, false));
    REQUIRE(!lines.empty());
    CHECK(lines.back() == "2 passed, 0 failed, 0 warned, 0 info, 0 skipped, 0 errors");
  }
  SECTION("no cases") {
    Fixture f;
    const std::string out = finish_only(f, true);
    const auto lines = lines_of(out);
    REQUIRE(!lines.empty());
    CHECK(lines.back() == "0 passed, 0 failed, 0 warned, 0 info, 0 skipped, 0 errors");
    CHECK(std::regex_match(lines.back(), kClosing));
  }
}

TEST_CASE("color=false writes no ESC byte at all", "[console]") {
  Fixture f = mixed_suite();
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
  const Fixture f = mixed_suite();
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
  const Fixture f = mixed_suite();
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
  const Fixture f = mixed_suite();
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
  const Fixture f = mixed_suite();
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
