#!/usr/bin/env python3
"""A profile with private_network = true runs in connectspec's own network namespace.

The profile (tests/data/profiles/private-network) is the reference proxy with its connect timeout
switched off: dialling a target that drops SYNs, it waits for the kernel. In the private network
the kernel gives up after 7 s, so errors.unreachable-origin gets the proxy's 504 within 15 s (in
the machine's network: nothing within the case's 75 s). The run records where the proxy ran, and
`--host-network` is recorded as asked. Exit 0 when all holds, 77 when this machine cannot make a
network namespace (not root), 1 with the reason otherwise.
  private_network_check.py CONNECTSPEC PROFILE_DIR OUT_DIR
"""
import json
import pathlib
import subprocess
import sys


def run(connectspec, profile, json_out, *extra):
    proc = subprocess.run([connectspec, "run", "--profile", profile, "--confirm", "0", "--json", json_out, *extra],
                          capture_output=True, text=True, timeout=120)
    return proc, json.loads(pathlib.Path(json_out).read_text())


def main():
    connectspec, profile, out = sys.argv[1:4]
    pathlib.Path(out).mkdir(parents=True, exist_ok=True)
    proc, results = run(connectspec, profile, f"{out}/private-network.json", "--filter", "errors.unreachable-origin")
    network = results["run"].get("network", "")
    if network.startswith("this machine's (making a network namespace needs root"):
        print("private network: cannot be made here:", network)
        return 77
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit {proc.returncode}, not 0:\n{proc.stdout}{proc.stderr}")
    if network != "private (loopback only; a TCP dial gives up after 7 s)":
        problems.append(f"run.network is {network!r}")
    if "network: private" not in proc.stdout:
        problems.append("the console does not say where the proxy ran")
    case = results["cases"][0]
    observed = [c.get("observed", "") for c in case["checks"]]
    if case["duration_ms"] > 15000 or not any("504" in o for o in observed):
        problems.append(f"unreachable-origin took {case['duration_ms']:.0f} ms and observed {observed}: "
                        "the kernel did not give the dial up after 7 s")

    proc, results = run(connectspec, profile, f"{out}/host-network.json", "--filter", "tunnel.echo-1mib",
                        "--host-network")
    if results["run"].get("network") != "this machine's (--host-network)":
        problems.append(f"--host-network: run.network is {results['run'].get('network')!r}")
    if "--host-network" not in results["run"].get("options", []):
        problems.append(f"--host-network not in the recorded options {results['run'].get('options')}")
    if proc.returncode != 0:
        problems.append(f"--host-network run: exit {proc.returncode}:\n{proc.stdout}{proc.stderr}")

    for p in problems:
        print("FAIL:", p)
    if not problems:
        print("private network ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
