#!/usr/bin/env python3
"""A failed case's proxy log is its own window of the proxy's logs, not the run's tail.

usage: check_log_window.py CONNECTSPEC CASES OUT_DIR
Runs the response.* cases one at a time against the reference proxy with a fault that fails one
of them, and checks that the failed case's proxy_log_tail holds the proxy's line for its own
CONNECT and none of the lines the other cases caused (BREW, port 0, ...)."""
import json
import subprocess
import sys

cs, cases, out = sys.argv[1:4]
json_path = f"{out}/log-window.json"
subprocess.run([cs, "run", "--cases", cases, "--jobs", "1", "--filter", "response.*", "--refproxy-fault",
                "content-length-on-2xx", "--json", json_path], stdout=subprocess.DEVNULL, timeout=120, check=False)
doc = json.load(open(json_path))
failed = [c for c in doc["cases"] if c["outcome"] == "fail"]
problems = []
if len(failed) != 1:
    problems.append(f"{len(failed)} failed cases, expected 1")
else:
    log = failed[0].get("proxy_log_tail", "")
    lines = [l for l in log.splitlines() if l.strip()]
    if not any(l.startswith("CONNECT ") and "-> 200" in l for l in lines):
        problems.append(f"no line for the case's own CONNECT in {log!r}")
    others = [l for l in lines if not (l.startswith("CONNECT ") and "-> 200" in l)]
    if others:
        problems.append(f"lines of other cases in the window: {others}")
print("log window ok: " + failed[0]["id"] if not problems else "log window FAILED: " + "; ".join(problems))
sys.exit(1 if problems else 0)
