#!/usr/bin/env bash
# The baselines of `connectspec bench`: what this machine's loopback can carry, measured by tools
# that are not connectspec, next to what connectspec measures, so its figures can be read.
#
#   a. iperf3, one stream, each direction, against `connectspec bench --direct --tunnels 1` (the
#      client talking to the bench origin with no proxy): how close connectspec's own traffic
#      comes to the loopback ceiling. Target: connectspec / iperf3 >= 0.8 in each direction
#      (informative: printed as met / not met, never a failure).
#   b. a socat relay (a plain TCP forwarder, no HTTP) against the reference proxy
#      (`connectspec bench --profile refproxy`), 1 tunnel and --tunnels tunnels, both directions:
#      what the reference proxy's relaying costs next to the simplest relay there is.
#
# Everything runs on 127.0.0.1, on free ports picked here; every wait is bounded; everything
# started here is stopped on exit. Each figure is counted at the receiving end after a warm-up
# (iperf3 -O, connectspec --warmup-ms) over the same duration.
#
#   bench/baselines.sh [--seconds S] [--warmup-ms MS] [--tunnels N] [--json FILE] [--text FILE]
#                      [--connectspec PATH]
#
# Defaults: 5 s per measurement after a 1 s warm-up, 8 tunnels, reports/bench/baselines.json and
# reports/bench/baselines.txt (the table, as printed), build/bin/connectspec (or $CONNECTSPEC).
# Each tool's own output is kept next to the JSON, in baselines-logs/.
# Exit: 0 every measurement produced a figure, 1 one did not (or a tool is missing), 2 bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=5 warmup_ms=1000 tunnels=8
json=reports/bench/baselines.json text=reports/bench/baselines.txt
cs=${CONNECTSPEC:-build/bin/connectspec}
usage="usage: bench/baselines.sh [--seconds S] [--warmup-ms MS] [--tunnels N] [--json FILE] [--text FILE] [--connectspec PATH]"
while (($#)); do
  case "$1" in
    --seconds) seconds=${2:-} ; shift ;;
    --warmup-ms) warmup_ms=${2:-} ; shift ;;
    --tunnels) tunnels=${2:-} ; shift ;;
    --json) json=${2:-} ; shift ;;
    --text) text=${2:-} ; shift ;;
    --connectspec) cs=${2:-} ; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "baselines: unknown argument $1" >&2; echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
for v in seconds tunnels; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "baselines: --$v must be a positive whole number, not '${!v}'" >&2; exit 2; }
done
[[ $warmup_ms =~ ^[0-9]+$ ]] || { echo "baselines: --warmup-ms must be a whole number of ms, not '$warmup_ms'" >&2; exit 2; }
[ -n "$json" ] && [ -n "$text" ] || { echo "$usage" >&2; exit 2; }
# iperf3 omits whole seconds only (-O N): round the warm-up up to them, and give connectspec the same.
omit=$(( (warmup_ms + 999) / 1000 ))
warmup_ms=$(( omit * 1000 ))
budget_ms=$(( seconds * 1000 ))

py=/usr/bin/python3  # Debian's, whatever python3 the PATH has
missing=()
for tool in iperf3 socat setsid timeout "$py"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x "$cs" ] || missing+=("$cs (build connectspec first)")
if ((${#missing[@]})); then
  echo "baselines: missing ${missing[*]} (scripts/install-deps installs iperf3 and socat)" >&2
  exit 1
fi

logs=$(dirname "$json")/baselines-logs
mkdir -p "$logs" "$(dirname "$text")"
rm -f "$logs"/*
manifest=$logs/manifest.tsv
: >"$manifest"

# Everything started here runs in a session of its own (setsid), so its process group, with any
# children it forked (socat forks one per connection), is stopped with it.
started=()  # the process groups still to stop
current=    # the measurement running now (a `timeout` process, which passes a signal on to its command)
stop_group() {  # stops the process group of PID (SIGTERM, then SIGKILL after 2 s), reaps it, forgets it
  local pid=$1 p rest=()
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${started[@]}"; do [ "$p" = "$pid" ] || rest+=("$p"); done
  started=("${rest[@]}")
}
cleanup() {
  [ -z "$current" ] || kill -TERM "$current" 2>/dev/null || true
  while ((${#started[@]})); do stop_group "${started[0]}"; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free loopback port, from below the kernel's ephemeral range (as connectspec picks its own),
# so no outgoing connection takes it between this check and the bind.
free_port() {
  "$py" - <<'EOF'
import random, socket
try:
    lo = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
except Exception:
    lo = 32768
for _ in range(200):
    port = random.randint(10000, lo - 1) if lo > 12000 else 0
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        s.listen(1)
        print(s.getsockname()[1])
        break
    except OSError:
        pass
    finally:
        s.close()
else:
    raise SystemExit("no free port")
EOF
}

# Waits (at most 10 s) until something listens on 127.0.0.1:PORT, reading /proc/net/tcp rather
# than connecting: a connection would be taken for the client by `iperf3 -s -1`.
wait_listening() {
  local port=$1 pid=$2 hex
  hex=$(printf '0100007F:%04X' "$port")
  for _ in $(seq 1 200); do
    if awk -v a="$hex" '$2 == a && $4 == "0A" {found=1} END {exit !found}' /proc/net/tcp; then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# Runs a measurement with a time limit, in the background so that a signal to this script stops
# it at once (bash runs traps only between commands, and `wait` is where it can).
measure() {  # limit in seconds, output file, error file (or - for the output file), command...
  local limit=$1 out=$2 err=$3; shift 3
  if [ "$err" = - ]; then
    timeout "$limit" "$@" >"$out" 2>&1 &
  else
    timeout "$limit" "$@" >"$out" 2>"$err" &
  fi
  current=$!
  local rc=0
  wait "$current" || rc=$?
  current=
  return "$rc"
}

# One line of the manifest per measurement: name, tool, the file with its figures, exit status, command.
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$manifest"; }

# connectspec bench runs (1 tunnel and N, each direction), each after the warm-up: bounded by
# their own budgets and a minute for starting and stopping.
cs_timeout=$(( 4 * (warmup_ms + budget_ms) / 1000 + 60 ))
cs_params=(--only throughput --budget-ms "$budget_ms" --warmup-ms "$warmup_ms")

run_connectspec() {  # name, what else was started for it (for the record), then the target arguments
  local name=$1 before=$2; shift 2
  local out=$logs/$name.json
  local cmd=("$cs" bench "$@" "${cs_params[@]}" --json "$out")
  echo "baselines: ${cmd[*]}" >&2
  local rc=0
  measure "$cs_timeout" "$logs/$name.log" - "${cmd[@]}" || rc=$?
  ((rc == 0)) || { echo "baselines: $name: connectspec exited $rc" >&2; tail -5 "$logs/$name.log" >&2; }
  record "$name" connectspec "$out" "$rc" "$before${cmd[*]}"
}

# a. iperf3, one stream each way, then connectspec --direct over the same time.
for direction in upload download; do
  port=$(free_port)
  srv=(iperf3 -s -B 127.0.0.1 -p "$port" -1)
  setsid "${srv[@]}" >"$logs/iperf3-server-$direction.log" 2>&1 &
  started+=($!)
  cli=(iperf3 -c 127.0.0.1 -p "$port" -t "$seconds" -O "$omit" -J)
  [ "$direction" = download ] && cli+=(-R)  # -R: the server sends, the client receives
  echo "baselines: ${cli[*]}" >&2
  rc=0
  if wait_listening "$port" "${started[-1]}"; then
    measure $(( seconds + omit + 30 )) "$logs/iperf3-$direction.json" "$logs/iperf3-$direction.log" "${cli[@]}" || rc=$?
  else
    echo "baselines: iperf3 -s did not listen on 127.0.0.1:$port within 10 s" >&2
    rc=124
  fi
  record "iperf3-$direction" iperf3 "$logs/iperf3-$direction.json" "$rc" "${srv[*]} & ${cli[*]}"
  stop_group "${started[-1]}"  # it has ended after its one client, unless that client failed
done
run_connectspec direct "" --direct --tunnels 1

# b. socat, a plain TCP relay, to the bench origin; then the reference proxy.
relay_port=$(free_port)
origin_port=$(free_port)
while [ "$origin_port" = "$relay_port" ]; do origin_port=$(free_port); done
relay=(socat "TCP-LISTEN:$relay_port,bind=127.0.0.1,fork,reuseaddr" "TCP:127.0.0.1:$origin_port")
echo "baselines: ${relay[*]} &" >&2
setsid "${relay[@]}" >"$logs/socat.log" 2>&1 &
started+=($!)
if wait_listening "$relay_port" "${started[-1]}"; then
  run_connectspec socat "${relay[*]} & " --relay "127.0.0.1:$relay_port" --origin-port "$origin_port" --tunnels "$tunnels"
else
  echo "baselines: socat did not listen on 127.0.0.1:$relay_port within 10 s" >&2
  record socat connectspec "$logs/socat.json" 124 "${relay[*]}"
fi
stop_group "${started[-1]}"
run_connectspec refproxy "" --profile refproxy --tunnels "$tunnels"

# c. The figures, the ratios, the table and the JSON.
versions=$( { iperf3 --version 2>/dev/null | head -1; socat -V 2>/dev/null | awk '/socat version/{print "socat " $3; exit}'; } | paste -sd';' -)
# (Not exec: the EXIT trap must still stop anything left, such as an iperf3 server whose client failed.)
rc=0
"$py" - "$manifest" "$json" "$text" "$seconds" "$warmup_ms" "$tunnels" "$versions" <<'EOF' || rc=1
import datetime, json, os, re, sys

manifest, json_path, text_path, seconds, warmup_ms, tunnels, versions = sys.argv[1:]
seconds, warmup_ms, tunnels = int(seconds), int(warmup_ms), int(tunnels)
TARGET = 0.8

cpu = "unknown"
try:
    for line in open("/proc/cpuinfo", encoding="utf-8", errors="replace"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass

rows = [l.rstrip("\n").split("\t") for l in open(manifest, encoding="utf-8") if l.strip()]
measurements, problems = [], []
LABEL = {"iperf3": "iperf3, one stream", "direct": "connectspec bench --direct",
         "socat": "socat relay", "refproxy": "refproxy (reference proxy)"}

def add(target, direction, n, bps, command, failure=None):
    if bps is not None and not (bps > 0):
        failure, bps = failure or "no bytes counted", None
    measurements.append({"target": target, "direction": direction, "tunnels": n,
                         "bytes_per_second": bps, "failure": failure, "command": command})
    if bps is None:
        problems.append(f"{target} {direction} {n} tunnel(s): {failure}")

for name, tool, path, rc, command in rows:
    rc = int(rc)
    if tool == "iperf3":
        direction = name.split("-", 1)[1]
        try:
            end = json.load(open(path, encoding="utf-8"))
            if "error" in end:
                raise ValueError(end["error"])
            # Counted by the receiver (the server uploading, the client with -R), after -O.
            add("iperf3", direction, 1, end["end"]["sum_received"]["bits_per_second"] / 8, command)
        except Exception as e:
            add("iperf3", direction, 1, None, command, f"iperf3 exited {rc}: {e}")
        continue
    wanted = [1] if name == "direct" else sorted({1, tunnels})
    data = None
    try:
        data = json.load(open(path, encoding="utf-8"))["bench"]
        if data.get("harness_version") and f"connectspec {data['harness_version']}" not in versions:
            versions += f";connectspec {data['harness_version']}"
    except Exception as e:
        err = f"connectspec exited {rc}" + ("" if rc else f": {path}: {e}")
    for direction in ("upload", "download"):
        for n in wanted:
            if data is None:
                add(name, direction, n, None, command, err)
                continue
            found = [t for t in data.get("throughput", []) if t.get("direction") == direction and t.get("tunnels") == n]
            if not found:
                add(name, direction, n, None, command, f"connectspec exited {rc}; no {direction} figure for {n} tunnel(s)")
                continue
            t = found[0]
            failure = t.get("failure") or None
            add(name, direction, n, None if failure else float(t.get("bytes_per_second") or 0), command, failure)

def figure(target, direction, n):
    for m in measurements:
        if (m["target"], m["direction"], m["tunnels"]) == (target, direction, n):
            return m["bytes_per_second"]
    return None

ratios = []
for direction in ("upload", "download"):
    a, b = figure("direct", direction, 1), figure("iperf3", direction, 1)
    r = a / b if a and b else None
    ratios.append({"what": "direct/iperf3", "direction": direction, "tunnels": 1, "ratio": r,
                   "target": TARGET, "met": None if r is None else r >= TARGET})
for n in sorted({1, tunnels}):
    for direction in ("upload", "download"):
        a, b = figure("refproxy", direction, n), figure("socat", direction, n)
        ratios.append({"what": "refproxy/socat", "direction": direction, "tunnels": n,
                       "ratio": a / b if a and b else None})

cores = os.cpu_count()
try:
    cores = len(os.sched_getaffinity(0))  # what nproc says
except AttributeError:
    pass
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
out = {"schema": "connectspec-baselines/1", "started_at": now, "cores": cores, "cpu_model": cpu,
       "seconds": seconds, "warmup_ms": warmup_ms, "tunnels": tunnels,
       "versions": [v for v in versions.split(";") if v],
       "measurements": measurements, "ratios": ratios, "complete": not problems}

def gb(bps):
    return "-" if bps is None else f"{bps / 1e9:8.3f}"
def gbit(bps):
    return "-" if bps is None else f"{bps * 8 / 1e9:8.2f}"

lines = [f"connectspec bench baselines: {cores} cores ({cpu}), loopback only, "
         f"{seconds} s per measurement after a {warmup_ms / 1000:g} s warm-up, counted by the receiver",
         "",
         f"{'measurement':<30} {'direction':<9} {'tunnels':>7} {'GB/s':>8} {'Gbit/s':>8}"]
for m in measurements:
    lines.append(f"{LABEL[m['target']]:<30} {m['direction']:<9} {m['tunnels']:>7} {gb(m['bytes_per_second']):>8} "
                 f"{gbit(m['bytes_per_second']):>8}" + (f"  FAILED: {m['failure']}" if m["failure"] else ""))
lines += ["", f"{'ratio':<30} {'direction':<9} {'tunnels':>7} {'ratio':>8}"]
for r in ratios:
    value = "-" if r["ratio"] is None else f"{r['ratio']:8.2f}"
    note = ""
    if "target" in r:
        note = "  target >= %.1f: %s" % (TARGET, "-" if r["met"] is None else ("met" if r["met"] else "not met"))
    what = "connectspec direct / iperf3" if r["what"] == "direct/iperf3" else "refproxy / socat relay"
    lines.append(f"{what:<30} {r['direction']:<9} {r['tunnels']:>7} {value:>8}{note}")
lines.append("")
lines.append("GB/s = 10^9 bytes per second. The target is informative: it is not a pass/fail check.")
if problems:
    lines.append("")
    lines += [f"NOT MEASURED: {p}" for p in problems]
table = "\n".join(lines) + "\n"

os.makedirs(os.path.dirname(os.path.abspath(json_path)), exist_ok=True)
with open(json_path, "w", encoding="utf-8") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
with open(text_path, "w", encoding="utf-8") as f:
    f.write(table)
sys.stdout.write(table)
print(f"baselines: wrote {json_path} and {text_path}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
exit "$rc"
