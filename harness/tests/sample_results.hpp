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

    CaseResult ok;
    ok.test = &passing;
    ok.outcome = Outcome::pass;
    ok.duration_ms = 12.345;
    ok.checks.push_back({0, "expect_status", CheckResult::Grade::ok, "4xx", "400", {"f.toml", 3, 1}});
    results.push_back(ok);

    CaseResult bad;
    bad.test = &failing;
    bad.outcome = Outcome::fail;
    bad.reason = "expect_status: expected 4xx (400 preferred), observed 200";
    bad.duration_ms = 7.06;
    bad.checks.push_back({2, "expect_status", CheckResult::Grade::failed, "4xx (400 preferred)", "200",
                          {"cases/target/port-zero.toml", 14, 1}});
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
    results.push_back(bad);

    CaseResult skipped;
    skipped.test = &passing;
    skipped.outcome = Outcome::skip;
    skipped.reason = "needs IPv6";
    results.push_back(skipped);
  }
};

}  // namespace connectspec::testing
