#!/usr/bin/python3
"""An interrupted run: usage  check_interrupted_run.py CONNECTSPEC CASES CASE_COUNT[/CASE_COUNT] OUT_DIR (SIGINT|SIGTERM|SIGINT-TWICE) [PROFILE]

Starts the whole suite against the reference proxy one case at a time, waits until a few cases
have ended, then signals the harness, and checks what a user who pressed Ctrl-C is owed:
- one signal: the run ends promptly with 128+signal, the proxy is gone, and the JSON, JUnit and
  HTML reports are written, complete: the finished cases with their verdicts, every other case
  skipped as "not run", the run marked interrupted, the harness's descriptors all given back;
- two signals: the harness leaves at once, writes no report, and the proxy is gone too. Given a
  PROFILE that is slow to stop (tests/data/profiles/slow-stop), the second signal comes while the
  graceful stop of the first is still waiting, so only leaving at once can pass.
Proxy processes are found by a marker in their environment (launched proxies inherit it), so
other tests running beside this one are never mistaken for a leftover."""
import json
import os
import signal
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET

CASES_BEFORE_SIGNAL = 5
STOP_BOUND_S = 10     # the proxy's graceful stop (2 s) and the reports, with room for a loaded machine
AT_ONCE_BOUND_S = 1.5
RUN_BOUND_S = 120


def fail(msg):
    print("check_interrupted_run: FAIL: " + msg)
    sys.exit(1)


def marked_processes(marker):
    found = []
    needle = ("CONNECTSPEC_TEST_RUN=" + marker).encode()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(pid))
        except OSError:
            pass
    return found


def wait_gone(marker, bound_s):
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline:
        left = marked_processes(marker)
        if not left:
            return
        time.sleep(0.05)
    fail(f"proxy processes outlived the run: {left}")


def start(cs, cases, out, marker, profile):
    env = dict(os.environ, CONNECTSPEC_TEST_RUN=marker, NO_COLOR="1")
    cmd = [cs, "run", "--cases", cases, "--jobs", "1", "--json", f"{out}/results.json",
           "--junit", f"{out}/junit.xml", "--html", f"{out}/report.html"]
    if profile:
        cmd += ["--profile", profile]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_cases(proc, n):
    """Reads progress lines until n cases have ended; returns the lines read."""
    lines = []
    deadline = time.monotonic() + RUN_BOUND_S
    while sum(1 for l in lines if l.startswith("  ")) < n:
        if time.monotonic() > deadline:
            proc.kill()
            fail(f"fewer than {n} cases ended in {RUN_BOUND_S} s")
        line = proc.stdout.readline()
        if not line:
            fail("the run ended before it could be interrupted: " + "".join(lines) + proc.stderr.read())
        lines.append(line)
    return lines


def finish(proc, bound_s):
    t0 = time.monotonic()
    try:
        out, err = proc.communicate(timeout=bound_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        fail(f"the harness did not exit within {bound_s} s of the signal")
    return out, err, time.monotonic() - t0


def check_reports(out, sig, ended_before, selected):
    doc = json.load(open(f"{out}/results.json", encoding="utf-8"))
    run = doc["run"]
    if run.get("interrupted") != sig:
        fail(f"run.interrupted is {run.get('interrupted')!r}, not {sig!r}")
    cases = doc["cases"]
    if len(cases) not in selected or doc["summary"]["total"] != len(cases):
        fail(f"{len(cases)} cases in the JSON (summary says {doc['summary']['total']}), expected every selected case")
    not_run = [c for c in cases if c["outcome"] == "skip" and c["reason"].startswith("not run: the run was interrupted by " + sig)]
    judged = [c for c in cases if c not in not_run]
    if not not_run:
        fail("no case is marked not run")
    if len(judged) < ended_before:
        fail(f"{ended_before} cases had ended before the signal, but only {len(judged)} have verdicts")
    if any(c["outcome"] == "fail" for c in judged):
        fail("a case against the reference proxy failed: the stop was blamed on the proxy")
    fds = run.get("open_fds", {})
    if fds.get("at_start") is None or fds.get("at_start") != fds.get("at_end"):
        fail(f"open descriptors before and after the run differ: {fds}")
    junit = ET.parse(f"{out}/junit.xml").getroot()
    if int(junit.get("tests")) != len(cases) or int(junit.get("skipped")) != doc["summary"]["skip"]:
        fail(f"JUnit counts {junit.get('tests')}/{junit.get('skipped')} disagree with the JSON")
    html = open(f"{out}/report.html", encoding="utf-8").read()
    if "</html>" not in html or "interrupted" not in html:
        fail("the HTML report is incomplete or does not say the run was interrupted")
    return len(judged), len(not_run), fds


def main():
    cs, cases, count, out, mode = sys.argv[1:6]
    profile = sys.argv[6] if len(sys.argv) > 6 else None
    os.makedirs(out, exist_ok=True)
    for name in ("results.json", "junit.xml", "report.html"):
        if os.path.exists(f"{out}/{name}"):
            os.remove(f"{out}/{name}")
    marker = uuid.uuid4().hex
    proc = start(cs, cases, out, marker, profile)
    wait_for_cases(proc, CASES_BEFORE_SIGNAL)
    if not marked_processes(marker):
        fail("no proxy process carries the marker: the leftover check would prove nothing")
    sig = signal.SIGTERM if mode == "SIGTERM" else signal.SIGINT
    proc.send_signal(sig)
    if mode == "SIGINT-TWICE":
        time.sleep(0.3)  # the harness has taken the first signal and is in the proxy's graceful stop
        proc.send_signal(signal.SIGINT)
        _, err, took = finish(proc, AT_ONCE_BOUND_S)
        if proc.returncode != 130:
            fail(f"exit {proc.returncode} after two SIGINTs, expected 130; stderr: {err}")
        wait_gone(marker, 2)
        if os.path.exists(f"{out}/results.json"):
            fail("a report was written after the second SIGINT, which must exit at once")
        print(f"two SIGINTs: exit 130 in {took:.2f} s, no report, no proxy left")
        return
    _, err, took = finish(proc, STOP_BOUND_S)
    expected = 128 + sig
    if proc.returncode != expected:
        fail(f"exit {proc.returncode}, expected {expected}; stderr: {err}")
    if sig.name not in err:
        fail("stderr does not say which signal stopped the run: " + err)
    wait_gone(marker, 2)
    judged, not_run, fds = check_reports(out, sig.name, CASES_BEFORE_SIGNAL, [int(n) for n in count.split("/")])
    print(f"{sig.name}: exit {expected} in {took:.2f} s; {judged} cases judged, {not_run} not run; "
          f"descriptors {fds['at_start']} -> {fds['at_end']}; no proxy left")


if __name__ == "__main__":
    main()
