#!/usr/bin/python3
"""Checks a bench JSON (connectspec-bench/1, or a results file's "bench") for what a run must have
measured: usage  check_bench_json.py FILE [--protocol P] [--setup] [--no-setup] [--throughput N]
                                         [--hold-alive N] [--hold-limit N]
  --protocol P     spoken to the proxy: http/1.1, h2c or h2; over HTTP/2 the params say how many
                   connections setup used and that throughput's and hold's tunnels shared one
  --setup          setup measured, with tunnels and no failure
  --no-setup       setup absent (direct, relay)
  --throughput N   N throughput rows, each with bytes > 0 and no failure
  --hold-alive N   hold measured and every one of N tunnels alive
  --hold-limit N   HTTP/2: the proxy announced N streams per connection, and hold asked for no more
Prints "bench JSON ok" when everything holds."""
import json
import sys


def fail(msg):
    print("check_bench_json: " + msg)
    sys.exit(1)


def main(argv):
    path, opts = argv[0], argv[1:]
    doc = json.load(open(path, encoding="utf-8"))
    if doc.get("schema") not in ("connectspec-bench/1", "connectspec-results/2"):
        fail(f"{path}: unexpected schema {doc.get('schema')!r}")
    bench = doc.get("bench")
    if not isinstance(bench, dict):
        fail(f"{path}: no bench object")
    for key in ("implementation", "started_at", "harness_version", "wall_ms", "params", "throughput"):
        if key not in bench:
            fail(f"{path}: bench.{key} missing")
    if bench["params"].get("cores", 0) < 1:
        fail("bench.params.cores is not a core count")
    i = 0
    while i < len(opts):
        opt = opts[i]
        if opt == "--protocol":
            i += 1
            p = bench["params"]
            if p.get("protocol", "http/1.1") != opts[i]:
                fail(f"params.protocol is {p.get('protocol')!r}, expected {opts[i]!r}")
            if opts[i] != "http/1.1" and not (p.get("connections", 0) >= 1 and p.get("one_connection") is True):
                fail(f"HTTP/2 params without connections and one_connection: {p}")
        elif opt == "--hold-limit":
            i += 1
            h = bench.get("hold")
            if not h or h.get("limit") != int(opts[i]) or h["requested"] > h["limit"]:
                fail(f"hold: expected the proxy's limit {opts[i]} and no more requested, got {h}")
        elif opt == "--setup":
            s = bench.get("setup")
            if not s or s["tunnels"] <= 0 or s["failures"] != 0 or not (0 < s["p50_ms"] <= s["p90_ms"] <= s["p99_ms"] <= s["max_ms"]):
                fail(f"setup not measured cleanly: {s}")
        elif opt == "--no-setup":
            if "setup" in bench:
                fail("setup measured without a proxy")
        elif opt == "--throughput":
            i += 1
            rows = bench["throughput"]
            if len(rows) != int(opts[i]):
                fail(f"{len(rows)} throughput rows, expected {opts[i]}")
            for r in rows:
                if r["bytes"] <= 0 or r["bytes_per_second"] <= 0 or r["failure"]:
                    fail(f"throughput row without a figure: {r}")
        elif opt == "--hold-alive":
            i += 1
            h = bench.get("hold")
            n = int(opts[i])
            if not h or h["requested"] != n or h["opened"] != n or h["alive"] != n:
                fail(f"hold: expected {n} of {n} alive, got {h}")
        else:
            fail("unknown option " + opt)
        i += 1
    print("bench JSON ok")


if __name__ == "__main__":
    main(sys.argv[1:])
