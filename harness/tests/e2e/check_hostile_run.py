#!/usr/bin/python3
"""Runs the whole suite against one mode of the hostile proxy (fixtures/hostile) and checks that the
harness survived it: the run ends within a wall-time bound (else it is killed, and that is a
failure) with the expected exit code; every case has an outcome, and every case that did not pass
has a precise reason that names what the proxy did; the JSON, JUnit and HTML reports are complete
and agree; no process of the proxy outlives the run; the harness's open descriptors returned to
their starting count (run.open_fds in the JSON); and the harness's memory stayed bounded.

usage: check_hostile_run.py --connectspec BIN --cases DIR --profiles DIR --mode MODE --out DIR
                            [--profile NAME] [--filter GLOB ...] [--jobs N] [--timeout-scale X]
                            [--wall-limit S] [--expect-exit N] [--must-fail REGEX]

--profile defaults to hostile-MODE (a folder of --profiles); MODE picks the expectations below.
--must-fail inverts the verdict: the self-tests prove a check can fail (a leaked child, a wrong
exit code) by demanding that this run is rejected with a problem that matches REGEX.

A process belongs to this run when its environment holds CONNECTSPEC_HOSTILE_RUN=<a fresh uuid>:
the harness passes its environment on to every proxy it launches, and parallel tests use other
uuids, so no survivor is blamed on the wrong run."""
import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from junit_matches_json import check as junit_matches_json  # noqa: E402

MARKER = "CONNECTSPEC_HOSTILE_RUN"
OUTCOMES = ("pass", "fail", "warn", "info", "skip", "error")

# Reasons that name nothing that happened.
VAGUE = re.compile(r"^\s*(error|failed|failure|fail|timeout|timed out|unknown|internal error|n/?a|-|)\s*\.?\s*$", re.I)

# Per mode: the wall-time bound (seconds, at the test's --timeout-scale and --jobs), the exit code,
# which cases may pass (a regex over case ids, "" = none), the harness's peak memory, and what the
# reasons must say. Every case that did not pass must have a precise reason: "<step>: expected X,
# observed Y" with a Y that names something, a crash with its exit status, or a missing capability.
# And at least `share` of them must name this mode's own behaviour (`says`): against `garbage` a
# case whose request head the fixture never finished reading rightly reports silence, not garbage.
# A verdict that changed on re-run is kept with the first run's reason after an "unstable" prefix
# (engine/verdict.hpp, apply_reruns): against a proxy that crashes at random that is a right answer.
UNSTABLE = r"(unstable: [a-z]+ then [a-z]+ on re-run; )?"
# A case whose precondition the proxy did not meet is not reached, and says what it observed instead.
PRECISE = re.compile(r"^" + UNSTABLE + r"(not reached: )?[a-z_]+: (precondition not met: )?expected .+, observed (?!(error|failed|unknown|nothing)\b).{6,}"
                     r"|^" + UNSTABLE + r"the proxy under test died during the case \((exited with status \d+|killed by signal \d+)"
                     r"|^" + UNSTABLE + r"needs the capability '")
NO_HEAD = r"observed no complete response head within \d+ ms"
MODES = {
    # Nothing answers: no case can pass; every one ends on its own deadline.
    "silent": dict(wall=60, exit=1, may_pass="", max_rss_mib=300, share=0.95,
                   says=NO_HEAD + r"|still open after \d+ ms|none within \d+ ms"),
    "endless-headers": dict(wall=60, exit=1, may_pass="", max_rss_mib=300, share=0.9,
                            says=r"response head is longer than 64 KiB"),
    "drip": dict(wall=60, exit=1, may_pass="", max_rss_mib=300, share=0.9,
                 says=NO_HEAD + r" \(\d+ bytes so far: \"H"),
    "garbage": dict(wall=60, exit=1, may_pass="", max_rss_mib=300, share=0.9,
                    says=r"malformed response: response does not start with \"HTTP/\""),
    "status-then-nothing": dict(wall=60, exit=1, may_pass="", max_rss_mib=300, share=0.9,
                                says=NO_HEAD + r" \(\d+ bytes so far: \"HTTP/1\.1 200 Connection established\\r\\n\"\)"),
    # A 2xx then a reset: the cases that expect a reset (an origin's reset passed on) may pass.
    "ok-then-reset": dict(wall=60, exit=1, may_pass=".", max_rss_mib=300, share=0.9,
                          says=r"observed HTTP/1\.1 200 Connection established|reset|Broken pipe"),  # EPIPE: the reset, seen by a send
    # A 400 is a right answer to every malformed request: those cases pass; the rest must say 400,
    # or what else the proxy does: it never forwards a CONNECT, never closes, and streams the body ('x's).
    # Whether a case also read up to --max-response-bytes (the note "stopped reading it there") is
    # timing, not behaviour: under load the harness reads less before the case ends, so it does not count.
    # The bound on memory is what --max-response-bytes (16 MiB per connection) should give.
    "huge-4xx-body": dict(wall=60, exit=1, may_pass=".", max_rss_mib=600, share=0.9,
                          says=r"HTTP/1\.1 400 Bad Request|upstream received none|the proxy did not forward it"
                               r"|still open after \d+ ms|unexpected bytes \"x"),
    # A close with no complete head refuses a tunnel: the cases that only want a refusal may pass.
    "close-mid-head": dict(wall=60, exit=1, may_pass=".", max_rss_mib=300, share=0.9,
                           says=r"connection closed after \d+ bytes that are not a complete response head: \"HTTP/1\.1 200"
                                r"|\d+ unexpected bytes \"HTTP/1\.1 200"  # a MUST close check after a SHOULD answer check warned
                                r"|upstream received none|observed 0 received"),  # the next proxy never contacted
    # A crash closes the connection like a refusal; the harness then waits for the exit to show
    # (suite_runner.cpp, run_on_instance), so no case may pass.
    "crash-on-first-request": dict(wall=90, exit=1, may_pass="", max_rss_mib=300, share=0.9,
                                   says=r"^the proxy under test died during the case \(exited with status 70\)"),
    # Working tunnels (a minimal proxy): verdicts vary; the point is that the run survives. Two
    # cases in three crash it, each beside others: about 60 of them are run again alone, one after
    # another (95 s on an idle machine, of which 20 s are the parallel pass).
    "crash-mid-tunnel": dict(wall=150, exit=1, may_pass=".", max_rss_mib=300, share=0.3,
                             says=r"^the proxy under test died during the case \(exited with status 71\)"),
    "keep-open": dict(wall=60, exit=1, may_pass=".", max_rss_mib=300, share=0.0, says=r"."),
    "one-at-a-time": dict(wall=90, exit=1, may_pass=".", max_rss_mib=300, share=0.0, says=r"."),
    # A 407 rightly refuses every malformed request, so those cases pass; the rest must see the
    # 407 (or, where a close is awaited, the connection it keeps open); the header check fails on
    # the long value rather than crash the harness (cli.long-header-value-fails-the-check).
    "long-header-value": dict(wall=60, exit=1, may_pass=".", max_rss_mib=300, share=0.7,
                              says=r"HTTP/1\.1 407 Proxy Authentication Required|a value of 49\d\d\d bytes, longer than any"
                                   r"|connection still open after \d+ ms"),
}


def marked_processes(token):
    """pid -> command line of every process whose environment carries this run's marker."""
    needle = f"{MARKER}={token}".encode() + b"\0"
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle not in f.read():
                    continue
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                found[int(entry)] = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue  # gone, or not ours to read
    return found


def survivors_after(token, settle_s):
    """The marked processes still there after a bounded wait (the parent-death signal is async)."""
    deadline = time.monotonic() + settle_s
    while True:
        left = marked_processes(token)
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.05)


def kill_all(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def selected_case_ids(args, tag=None):
    cmd = [args.connectspec, "list", "--cases", args.cases]
    for f in args.filter:
        cmd += ["--filter", f]
    if tag:
        cmd += ["--tag", tag]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd)}` exited {out.returncode}: {out.stderr}")
    # The run speaks HTTP/1.1 to a proxy: the HTTP/2 cases (cases/h2/, ids h2.*) and the client
    # cases (cases/client/, ids client.*, run by `connectspec client`) are not selected.
    return [line.split()[0] for line in out.stdout.splitlines()
            if re.match(r"^[a-z0-9-]+\.[a-z0-9.-]+\s", line) and not line.startswith(("h2.", "client."))]


class TextOf(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text = []

    def handle_data(self, data):
        self.text.append(data)


def check_html(path, ids, problems):
    try:
        html = open(path, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"HTML report {path}: {e}")
        return
    if not html.rstrip().endswith("</html>"):
        problems.append(f"HTML report {path} is truncated: it does not end with </html> ({len(html)} bytes)")
    parser = TextOf()
    parser.feed(html)
    text = "".join(parser.text)
    missing = [i for i in ids if i not in text]
    if missing:
        problems.append(f"HTML report lacks {len(missing)} case(s): {', '.join(missing[:5])}")


def check_json(results, ids, expect, problems):
    cases = results.get("cases", [])
    got = [c.get("id") for c in cases]
    if sorted(got) != sorted(ids):
        problems.append(f"JSON has {len(got)} results for {len(ids)} selected cases: "
                        f"missing {sorted(set(ids) - set(got))[:5]}, extra {sorted(set(got) - set(ids))[:5]}")
    if len(set(got)) != len(got):
        problems.append("JSON reports some case twice")
    s = results.get("summary", {})
    counts = {o: sum(1 for c in cases if c.get("outcome") == o) for o in OUTCOMES}
    if s.get("total") != len(cases) or any(s.get(o) != counts[o] for o in OUTCOMES) or \
            sum(s.get(o, 0) for o in OUTCOMES) != s.get("total"):
        problems.append(f"JSON summary {s} disagrees with its cases {counts}")
    may_pass = re.compile(expect["may_pass"]) if expect["may_pass"] else None
    says = re.compile(expect["says"])
    not_passed = said = 0
    others = []  # precise reasons that name something else: shown when the share is missed
    for c in cases:
        cid, outcome, reason = c.get("id"), c.get("outcome"), c.get("reason", None)
        if outcome not in OUTCOMES:
            problems.append(f"{cid}: no outcome ({outcome!r})")
            continue
        if outcome == "pass":
            if not (may_pass and may_pass.search(cid)):
                problems.append(f"{cid}: passed against a proxy that cannot pass it")
            continue
        not_passed += 1
        if not reason or VAGUE.match(reason) or not PRECISE.search(reason):
            problems.append(f"{cid}: {outcome} with a vague reason {reason!r}")
        elif says.search(re.sub(r"^" + UNSTABLE, "", reason)):
            said += 1
        else:
            others.append(f"{cid}: {reason}")
    if not_passed and said < expect["share"] * not_passed:
        problems.append(f"only {said} of {not_passed} reasons name what the proxy did (/{expect['says']}/); "
                        f"at least {expect['share']:.0%} must; the others:\n    " + "\n    ".join(others))
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connectspec", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--profiles", required=True)
    ap.add_argument("--mode", required=True, choices=sorted(MODES))
    ap.add_argument("--profile")
    ap.add_argument("--out", required=True)
    ap.add_argument("--filter", action="append", default=[])
    ap.add_argument("--jobs", type=int, default=16)
    ap.add_argument("--timeout-scale", default="0.2")
    ap.add_argument("--wall-limit", type=float)
    ap.add_argument("--expect-exit", type=int)
    ap.add_argument("--must-fail", metavar="REGEX")
    args = ap.parse_args()

    expect = dict(MODES[args.mode])
    if args.wall_limit:
        expect["wall"] = args.wall_limit
    if args.expect_exit is not None:
        expect["exit"] = args.expect_exit
    profile = args.profile or f"hostile-{args.mode}"
    os.makedirs(args.out, exist_ok=True)
    files = {k: os.path.join(args.out, f"{profile}.{k}") for k in ("json", "xml", "html", "log")}
    for f in files.values():
        if os.path.exists(f):
            os.remove(f)

    ids = selected_case_ids(args)
    token = str(uuid.uuid4())
    env = dict(os.environ, **{MARKER: token})
    cmd = [args.connectspec, "run", "--cases", args.cases, "--profile", os.path.join(args.profiles, profile),
           "--jobs", str(args.jobs), "--timeout-scale", args.timeout_scale,
           "--json", files["json"], "--junit", files["xml"], "--html", files["html"]]
    for f in args.filter:
        cmd += ["--filter", f]
    problems = []
    started = time.monotonic()
    with open(files["log"], "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            code = proc.wait(timeout=expect["wall"])
        except subprocess.TimeoutExpired:
            code = None
            # The hard kill: the proxies follow by their parent-death signal (checked below).
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    wall = time.monotonic() - started
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    if code is None:
        problems.append(f"the run did not end within {expect['wall']:.0f} s and was killed (a hang)")
    elif code != expect["exit"]:
        problems.append(f"exit code {code}, expected {expect['exit']}")
    if rss_mib > expect["max_rss_mib"]:
        problems.append(f"the harness peaked at {rss_mib:.0f} MiB of memory (bound {expect['max_rss_mib']} MiB)")

    left = survivors_after(token, 2.0)
    if left:
        problems.append(f"{len(left)} process(es) of this run outlived it: " +
                        "; ".join(f"pid {p}: {c}" for p, c in sorted(left.items())))
        kill_all(left)

    counts = {}
    try:
        results = json.load(open(files["json"], encoding="utf-8"))
    except (OSError, ValueError) as e:
        problems.append(f"JSON results {files['json']}: {e}")
        results = None
    if results is not None:
        if results.get("schema") != "connectspec-results/2":
            problems.append(f"JSON schema {results.get('schema')!r}")
        # The cases tagged offline run only where the machine's only network is loopback
        # (docs/case-format.md): elsewhere the run leaves them all out.
        offline = set(selected_case_ids(args, "offline"))
        if offline and not offline & {c.get("id") for c in results.get("cases", [])}:
            ids = [i for i in ids if i not in offline]
        counts = check_json(results, ids, expect, problems)
        fds = results.get("run", {}).get("open_fds")
        if not isinstance(fds, dict) or not isinstance(fds.get("at_start"), int) or not isinstance(fds.get("at_end"), int):
            problems.append(f"the JSON lacks run.open_fds {{at_start, at_end}} (got {fds!r})")
        elif fds["at_end"] != fds["at_start"]:
            problems.append(f"the harness leaked descriptors: {fds['at_start']} open at the start, {fds['at_end']} at the end")
        try:
            if not junit_matches_json(files["xml"], files["json"]):
                problems.append("the JUnit XML disagrees with the JSON (above)")
        except Exception as e:  # junitparser raises on a truncated or invalid file
            problems.append(f"JUnit {files['xml']} does not parse: {e}")
    check_html(files["html"], ids, problems)

    summary = " ".join(f"{o}={counts.get(o, 0)}" for o in OUTCOMES)
    print(f"hostile {args.mode}: exit {code}, {wall:.1f} s wall (bound {expect['wall']:.0f} s), "
          f"peak {rss_mib:.0f} MiB, {len(ids)} cases: {summary}")
    for p in problems:
        print(f"PROBLEM: {p}")
    if problems:
        print(f"the run's output: {files['log']}")
    if args.must_fail:
        caught = any(re.search(args.must_fail, p) for p in problems)
        print("rejected, as this self-test demands" if caught else
              f"NOT REJECTED for /{args.must_fail}/: the checks missed what this self-test plants")
        return 0 if caught else 1
    print("hostile run ok" if not problems else f"hostile run FAILED: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
