#!/usr/bin/python3
"""The Performance views in headless Chromium: a run's report and the compare page with a bench.

    check_bench_views.py --connectspec BIN --baseline B.json --results R.json --out DIR --screenshots DIR

R.json is a results file without a bench; a copy of it gets one (a bench object as `run --bench`
writes it, with a failed throughput and a failure text that must be escaped), `connectspec merge`
re-renders that run's report from it and `connectspec compare B.json` the copy puts them side by
side. Then Chromium checks what a person sees (helpers from check_html_report.py). Exit 0 when
every check holds, 1 on the first that does not, 77 when Chromium is not installed.
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ left in the source tree by the import below
from check_html_report import (NARROW, WIDE, add_chromium_options, check, drive_chromium,  # noqa: E402
                               is_visible, visible_text)

HOSTILE = "reset after 12 MB </td><script>alert(1)</script>"

BENCH = {
    "implementation": "", "target": "127.0.0.1:3128", "started_at": "2024-05-01T12:00:00Z", "harness_version": "0.1.0",
    "wall_ms": 14200.5,
    "params": {"mode": "proxy", "concurrency": 64, "tunnels": 16, "hold": 1000, "budget_ms": 3000, "warmup_ms": 500,
               "chunk_bytes": 65536, "cores": 2},
    "setup": {"tunnels": 36912, "failures": 3, "seconds": 3, "per_second": 12304, "p50_ms": 0.81, "p90_ms": 1.2,
              "p99_ms": 3.46, "max_ms": 12.35, "first_failure": "503 Service Unavailable"},
    "throughput": [
        {"direction": "upload", "tunnels": 1, "bytes": 4560000000, "seconds": 3, "bytes_per_second": 1520000000, "failure": ""},
        {"direction": "download", "tunnels": 1, "bytes": 4440000000, "seconds": 3, "bytes_per_second": 1480000000, "failure": ""},
        {"direction": "upload", "tunnels": 16, "bytes": 9300000000, "seconds": 3, "bytes_per_second": 3100000000, "failure": ""},
        {"direction": "download", "tunnels": 16, "bytes": 870000000, "seconds": 3, "bytes_per_second": 290000000,
         "failure": HOSTILE},
    ],
    "hold": {"requested": 1000, "opened": 1000, "alive": 998, "open_seconds": 1.23, "ping_ms": 45.68,
             "first_failure": "tunnel 17: no echo"},
}


def connectspec(binary, *args, exits=(0,)):
    done = subprocess.run([binary] + list(args), capture_output=True, text=True, timeout=60)
    check(done.returncode in exits,
          "connectspec %s exits %s (%d: %s)" % (args[0], " or ".join(map(str, exits)), done.returncode, done.stderr.strip()[:300]))


def no_sideways_scroll(browser, what):
    widths = browser.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    check(widths[0] <= widths[2] and widths[1] <= widths[2],
          "%s: at %d px the page does not scroll sideways (scrollWidth %d)" % (what, widths[2], widths[0]))


def run_checks(browser, args):
    with open(args.results, encoding="utf-8") as f:
        results = json.load(f)
    bench = dict(BENCH, implementation=results["implementation"]["name"])
    # As the writer places it: after the summary, before the cases.
    benched = {k: v for k, v in results.items() if k != "cases"}
    benched["bench"] = bench
    benched["cases"] = results["cases"]
    benched_json = os.path.join(args.out, "benched.json")
    with open(benched_json, "w", encoding="utf-8") as f:
        json.dump(benched, f, indent=2)
    report = os.path.join(args.out, "benched.html")
    matrix = os.path.join(args.out, "benched-matrix.html")
    connectspec(args.connectspec, "merge", benched_json, "--html", report, exits=(0, 1))  # 1: the run has a failure
    connectspec(args.connectspec, "compare", args.baseline, benched_json, "--html", matrix)

    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Network.enable")
    browser.viewport(WIDE)

    # The run's report: the section right after the header, before the filters and the cases.
    browser.load("file://" + os.path.abspath(report))
    check(browser.evaluate(is_visible("#performance")), "the report shows a Performance section")
    order = browser.evaluate("""(() => { const p = document.querySelector('#performance');
        return [document.querySelector('header.run').compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING,
                p.compareDocumentPosition(document.querySelector('main')) & Node.DOCUMENT_POSITION_FOLLOWING]; })()""")
    check(order[0] and order[1], "it comes after the header and before the cases")
    params = browser.evaluate(visible_text("#performance dl"))
    for fact in ("64", "64 KiB", "3.00 s", "500 ms", "1,000"):
        check(fact in params, "its parameters read %r" % fact)
    setup = browser.evaluate(visible_text("#performance table.setup tbody"))
    check("12,304/s" in setup and "0.81 ms" in setup and "503 Service Unavailable" in setup,
          "the setup row reads %r" % setup.replace("\n", " "))
    failed = browser.evaluate(visible_text("#performance table.throughput tr.failed"))
    check(failed and HOSTILE in failed and "290 MB/s" in failed, "the failed throughput row shows its failure as text")
    check(browser.evaluate("document.querySelectorAll('#performance script').length") == 0, "no markup came out of the failure text")
    red = browser.evaluate("getComputedStyle(document.querySelector('#performance tr.failed td')).backgroundColor")
    check(red not in ("rgba(0, 0, 0, 0)", "transparent"), "and the row is marked (%s)" % red)
    hold = browser.evaluate(visible_text("#performance table.hold tbody"))
    check("998" in hold and "1,000" in hold, "the hold row reads %r" % hold.replace("\n", " "))
    browser.screenshot(os.path.join(args.screenshots, "bench-wide-performance.png"), element="#performance")

    browser.viewport(NARROW, mobile=True)
    browser.load("file://" + os.path.abspath(report) + "#performance")
    no_sideways_scroll(browser, "report")
    check(browser.evaluate(is_visible("#performance table.throughput tr.failed td[data-col=failure]")),
          "the failure text is visible in the narrow layout")
    browser.screenshot(os.path.join(args.screenshots, "bench-narrow-performance.png"), element="#performance")
    browser.viewport(WIDE)

    # The compare page: a column per run, the run without a bench shows a dash.
    browser.load("file://" + os.path.abspath(matrix))
    check(browser.evaluate(is_visible("section.perf table")), "the compare page shows a Performance table")
    heads = browser.evaluate("[...document.querySelectorAll('section.perf thead th')].map(th => th.innerText.trim())")
    check(len(heads) == 3, "it has the measure and a column per run (%r)" % heads)
    setup_row = browser.evaluate("[...document.querySelectorAll('section.perf tr[data-key=setup_per_second] td')].map(td => td.innerText)")
    check(setup_row == ["\u2014", "12,304/s"], "the setup row reads %r" % setup_row)
    title = browser.evaluate("document.querySelector('section.perf td.failed').title")
    check(HOSTILE in title, "the failed throughput says why on hover")
    browser.screenshot(os.path.join(args.screenshots, "bench-matrix-performance.png"), element="section.perf")
    browser.viewport(NARROW, mobile=True)
    browser.load("file://" + os.path.abspath(matrix))
    no_sideways_scroll(browser, "compare page")
    browser.viewport(WIDE)

    fetched = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    outside = [u for u in fetched if not (u.startswith("file://") or u.startswith("about:") or u.startswith("data:"))]
    check(not outside, "no request left the files (%d requests, all file://)" % len(fetched))
    errors = [e for e in browser.events if e["method"] == "Runtime.exceptionThrown"]
    check(not errors, "no script error on the pages")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connectspec", required=True)
    parser.add_argument("--baseline", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--out", required=True)
    add_chromium_options(parser)
    args = parser.parse_args()

    def checks(browser):
        os.makedirs(args.out, exist_ok=True)
        run_checks(browser, args)
    return drive_chromium(args, checks, "bench-failure.png")

if __name__ == "__main__":
    sys.exit(main())
