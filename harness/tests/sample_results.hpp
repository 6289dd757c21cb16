// A small run with every kind of field a report writer must handle: a pass, a failure with
// hostile bytes in its transcript and log, a skip. Shared by the report writer and reader tests.
#pragma once

#include <string>
#include <vector>

#include "model/result.hpp"

namespace connectspec::testing {

struct SampleResults {
  Case passing, failing;
  RunInfo run;
  std::vector<CaseResult> results;

  SampleResults() {
    using namespace std::string_literals;
    passing.id = "target.port-missing";
    passing.title = "Port missing";
    passing.level = Level::must;
    passing.requirements = {"CONNECT-TARGET-1"};
    passing.rfc = "RFC 9110 \xc2\xa7" "9.3.6";
    passing.tags = {"target", "authority-form"};
    passing.topic = "target";
    passing.pos = {"cases/target/port-missing.toml", 1, 1};

    failing = passing;
    failing.id = "target.port-zero";
    failing.title = "Port \"zero\"";
    failing.level = Level::should;
    failing.requirements = {"R1", "R2"};
    failing.pos = {"cases/target/port-zero.toml", 1, 1};

    run.implementation = "connectspec-refproxy 0.1.0";
    run.target = "127.0.0.1:3128";
    run.started_at = "2024-05-01T12:00:00Z";
    run.harness_version = "0.1.0";
    run.wall_ms = 843.26;
    run.strict = true;
    run.timeout_scale = 1.5;
    run.jobs = 2;
    run.cases_dir = "cases";
    run.network = "private (loopback only; a TCP dial gives up after 7 s)";

    CaseResult ok;
    ok.test = &passing;
    ok.outcome = Outcome::pass;
    ok.duration_ms = 12.345;
    ok.checks.push_back({0, "expect_status", CheckResult::Grade::ok, "4xx", "400", {"f.toml", 3, 1}, Level::must, ""});
    results.push_back(ok);

    CaseResult bad;
    bad.test = &failing;
    bad.outcome = Outcome::fail;
    bad.reason = "expect_status: expected 4xx (400 preferred), observed 200";
    bad.duration_ms = 7.06;
    bad.checks.push_back({2, "expect_status", CheckResult::Grade::failed, "4xx (400 preferred)", "200",
                          {"cases/target/port-zero.toml", 14, 1}, Level::must, ""});
    WireEvent connect;
    connect.t_ms = 0.04;
    connect.leg = "client";
    connect.kind = WireEvent::Kind::connect;
    bad.transcript.push_back(connect);
    WireEvent sent;
    sent.t_ms = 1.25;
    sent.leg = "client";
    sent.kind = WireEvent::Kind::data;
    sent.bytes = "A\0\xff\r\n\\\""s;
    sent.size = 4096;
    sent.truncated = true;
    bad.transcript.push_back(sent);
    WireEvent note;
    note.t_ms = 2;
    note.leg = "origin main#1";
    note.from_proxy = true;
    note.kind = WireEvent::Kind::note;
    note.text = "nothing arrived";
    bad.transcript.push_back(note);
    bad.streams.push_back({"client", false, 4096, std::string(64, 'a'), "A\0\xff"s, "\r\n"s});
    bad.proxy_log_tail = "listening\nbad \xff byte\n";
    bad.origins = {{"main", "echo", "127.0.0.1:40123"}, {"v6", "banner", "[::1]:40124"}};
    results.push_back(bad);

    CaseResult skipped;
    skipped.test = &passing;
    skipped.outcome = Outcome::skip;
    skipped.reason = "needs IPv6";
    results.push_back(skipped);
  }
};

// A run graded check by check: a MUST check failed (and the check after it not reached), a SHOULD
// check not followed in a MUST case (a warning), and a pass whose status was not the usual one (a
// note), with the catalogue's notes (keyword and role) for each requirement cited. Shared by the
// tests of every report, so each shows the same four things with its own labels.
struct GradedResults {
  Case must_fail, should_warn, noted;
  RunInfo run;
  RequirementNotes notes;
  std::vector<CaseResult> results;

  static constexpr const char* kSection = "RFC 9110 \xc2\xa7" "9.3.6";

  GradedResults() {
    using G = CheckResult::Grade;
    must_fail.id = "target.port-missing";
    must_fail.title = "Port missing";
    must_fail.level = Level::must;
    must_fail.requirements = {"R9110-9.3.6-b"};
    must_fail.rfc = kSection;
    must_fail.tags = {"target"};
    must_fail.topic = "target";
    must_fail.pos = {"cases/target/port-missing.toml", 1, 1};

    should_warn = must_fail;
    should_warn.id = "headers.proxy-connection";
    should_warn.title = "Proxy-Connection is not forwarded";
    should_warn.requirements = {"R9110-7.6.1-a", "R9110-7.6.1-c", "R9110-7.6.3-u"};
    should_warn.rfc = "RFC 9110 \xc2\xa7" "7.6.1";
    should_warn.tags = {"headers"};
    should_warn.topic = "headers";
    should_warn.pos = {"cases/headers/proxy-connection.toml", 1, 1};

    noted = must_fail;
    noted.id = "target.port-zero";
    noted.title = "Port zero";
    noted.pos = {"cases/target/port-zero.toml", 1, 1};

    run.implementation = "connectspec-refproxy 0.1.0";
    run.target = "127.0.0.1:3128";
    run.started_at = "2024-05-01T12:00:00Z";
    run.harness_version = "0.1.0";
    run.wall_ms = 100;
    run.cases_dir = "cases";

    notes["R9110-9.3.6-b"] = {kSection, "a CONNECT to an invalid port is rejected", "MUST", "proxy"};
    notes["R9110-7.6.1-a"] = {"RFC 9110 \xc2\xa7" "7.6.1", "Connection names hop-by-hop fields", "none", "proxy"};
    notes["R9110-7.6.1-c"] = {"RFC 9110 \xc2\xa7" "7.6.1", "a proxy removes Proxy-Connection before forwarding", "SHOULD",
                              "proxy, forwarding-proxy"};
    notes["R9110-7.6.3-u"] = {"RFC 9110 \xc2\xa7" "7.6.3", "a proxy usually adds Via", "usual", "forwarding-proxy"};

    CaseResult fail;
    fail.test = &must_fail;
    fail.outcome = Outcome::fail;
    fail.duration_ms = 5;
    fail.checks.push_back({0, "expect_status", G::failed, "status 4xx", "HTTP/1.1 200 OK",
                           {"cases/target/port-missing.toml", 12, 1}, Level::must, "R9110-9.3.6-b"});
    fail.checks.push_back({1, "expect_closed", G::not_reached, "", "not reached: step 1 (expect_status) failed first",
                           {"cases/target/port-missing.toml", 14, 1}, Level::must, "R9110-9.3.6-b"});
    fail.reason = fail.checks[0].summary();
    results.push_back(fail);

    CaseResult warn;
    warn.test = &should_warn;
    warn.outcome = Outcome::warn;
    warn.duration_ms = 6;
    warn.checks.push_back({0, "expect_status", G::ok, "status 2xx", "HTTP/1.1 200 OK",
                           {"cases/headers/proxy-connection.toml", 10, 1}, Level::must, "R9110-7.6.1-a"});
    warn.checks.push_back({1, "expect_upstream", G::warned, "Proxy-Connection absent", "Proxy-Connection present",
                           {"cases/headers/proxy-connection.toml", 13, 1}, Level::should, "R9110-7.6.1-c"});
    warn.checks.push_back({2, "expect_upstream", G::ok, "Via present", "Via present",
                           {"cases/headers/proxy-connection.toml", 16, 1}, Level::info, "R9110-7.6.3-u"});
    warn.reason = warn.checks[1].summary();
    results.push_back(warn);

    CaseResult note;
    note.test = &noted;
    note.outcome = Outcome::pass;
    note.duration_ms = 7;
    note.checks.push_back({0, "expect_status", G::noted, "status 4xx (400 preferred)",
                           "HTTP/1.1 503 Service Unavailable (accepted, but not the preferred 400)",
                           {"cases/target/port-zero.toml", 12, 1}, Level::must, "R9110-9.3.6-b"});
    note.reason = note.checks[0].summary();
    results.push_back(note);
  }
  GradedResults(const GradedResults&) = delete;  // results point into the cases
  GradedResults& operator=(const GradedResults&) = delete;
};

}  // namespace connectspec::testing
