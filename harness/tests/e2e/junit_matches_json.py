#!/usr/bin/python3
"""Reads connectspec's JUnit XML back with a real consumer (junitparser, as CI plugins do) and
checks that it says what the JSON results say: the same cases, each with the same verdict, and
the same totals. Usage: junit_matches_json.py JUNIT JSON [JUNIT JSON ...]"""
import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped

# JUnit has no warn or info: connectspec reports them as passes with the reason in system-out.
JUNIT_VERDICT = {"pass": "passed", "warn": "passed", "info": "passed",
                 "fail": "failure", "error": "error", "skip": "skipped"}


def junit_verdict(case):
    for r in case.result:
        if isinstance(r, Failure):
            return "failure"
        if isinstance(r, Error):
            return "error"
        if isinstance(r, Skipped):
            return "skipped"
    return "passed"


def check(junit_path, json_path):
    problems = []
    results = json.load(open(json_path, encoding="utf-8"))
    xml = JUnitXml.fromfile(junit_path)
    seen = {}
    for suite in xml:
        for case in suite:
            if case.name in seen:
                problems.append(f"{case.name} appears twice")
            seen[case.name] = (junit_verdict(case), case.classname, case.result)
    want = {c["id"]: c for c in results["cases"]}
    for cid, c in want.items():
        if cid not in seen:
            problems.append(f"{cid}: in the JSON, not in the JUnit")
            continue
        verdict, classname, res = seen[cid]
        if verdict != JUNIT_VERDICT[c["outcome"]]:
            problems.append(f"{cid}: JSON says {c['outcome']}, JUnit says {verdict}")
        if classname != "connectspec." + c["topic"]:
            problems.append(f"{cid}: classname {classname}")
        if c["outcome"] in ("fail", "error") and res and res[0].message != c["reason"]:
            problems.append(f"{cid}: failure message {res[0].message!r} is not the reason {c['reason']!r}")
    for cid in seen:
        if cid not in want:
            problems.append(f"{cid}: in the JUnit, not in the JSON")
    s = results["summary"]
    # junitparser recomputes the totals from the test cases, as a CI plugin would.
    xml.update_statistics()
    totals = {"tests": xml.tests, "failures": xml.failures, "errors": xml.errors, "skipped": xml.skipped}
    expected = {"tests": s["total"], "failures": s["fail"], "errors": s["error"], "skipped": s["skip"]}
    if totals != expected:
        problems.append(f"totals: JUnit {totals}, JSON {expected}")
    for p in problems:
        print(f"{junit_path}: {p}")
    print(f"{junit_path}: {len(seen)} test cases read by junitparser; "
          f"{totals['tests']} tests, {totals['failures']} failures, {totals['errors']} errors, {totals['skipped']} skipped; "
          + ("matches " if not problems else "DIFFERS from ") + json_path)
    return not problems


def main(args):
    if len(args) < 2 or len(args) % 2:
        print(__doc__)
        return 2
    ok = all([check(args[i], args[i + 1]) for i in range(0, len(args), 2)])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
