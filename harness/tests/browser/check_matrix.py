#!/usr/bin/python3
"""Renders a `connectspec compare --html` page in headless Chromium and checks what a person sees.

    check_matrix.py --matrix M.html --results BEFORE.json AFTER.json --screenshots DIR [--case ID]

BEFORE.json and AFTER.json are the files compared, in the order given to compare (two runs of one
implementation: the page has a changes view); ID is a case that passes in the first and fails in
the second (default: the first such case). Chromium is driven over the DevTools protocol by
check_html_report.py's Chromium class; nothing but files is loaded (every request is checked).
Screenshots are named matrix-*.png. Exit 0 when every check holds, 1 on the first that does not,
77 when Chromium is not installed.
"""

import argparse
import json
import os
import sys
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree by the import below
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_html_report import (NARROW, WIDE, add_chromium_options, check, drive_chromium,  # noqa: E402
                               is_visible, visible_text)

BAD = ("fail", "error", "warn")
LEVELS = ("MUST", "SHOULD", "MAY", "INFO")


def css_id(element_id):
    """A #selector for an id made of letters, digits, '-', '_' and '.' (case and requirement ids)."""
    return "#" + element_id.replace(".", "\\.")


def report_beside(results_file):
    """Where compare finds a run's HTML report: X.html beside X.json, else report.html there."""
    same = os.path.splitext(results_file)[0] + ".html"
    if os.path.isfile(same):
        return same
    return os.path.join(os.path.dirname(results_file), "report.html")


def shown_rows(section):
    """JS: the data-id of every row of a view's matrix a person can see, in page order."""
    return """[...document.querySelectorAll('#%s table.matrix tr.row')].filter(r => r.offsetParent !== null
        && getComputedStyle(r).display !== 'none' && r.getBoundingClientRect().height > 0).map(r => r.dataset.id)""" % section


def cell_js(row_id, col, what):
    """JS: about one run's cell (col 0 = the first run) of a matrix row, found by its element id."""
    return """(() => { const row = document.getElementById(%s); if (!row) return null;
        const td = row.cells[%d + 2]; const sym = td.querySelector('.sym'); const a = td.querySelector('a');
        return %s; })()""" % (json.dumps(row_id), col, what)


def no_sideways_scroll(browser):
    w = browser.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    return w[0] <= w[2] and w[1] <= w[2], w


def in_window(row_id):
    """JS: [top of the row, bottom of its expansion, window height]."""
    return """(() => { const r = document.getElementById(%s); const d = document.getElementById(%s);
        return [r.getBoundingClientRect().top, d.getBoundingClientRect().bottom, window.innerHeight]; })()""" % (
        json.dumps(row_id), json.dumps(row_id + "-d"))


def mouse_away(browser):
    """The pointer off every row: a hovered row has a background of its own."""
    browser.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 1, "y": 1})


def must_counts(results):
    must = [c for c in results["cases"] if c["level"] == "MUST"]
    return sum(1 for c in must if c["outcome"] == "pass"), len(must)


def run_checks(browser, matrix, before_file, after_file, case_id, shots):
    with open(before_file, encoding="utf-8") as f:
        before = json.load(f)
    with open(after_file, encoding="utf-8") as f:
        after = json.load(f)
    b_out = {c["id"]: c for c in before["cases"]}
    a_out = {c["id"]: c for c in after["cases"]}
    if not case_id:
        case_id = next((i for i in sorted(a_out) if a_out[i]["outcome"] == "fail" and b_out.get(i, {}).get("outcome") == "pass"), "")
    check(case_id in a_out and a_out[case_id]["outcome"] == "fail" and b_out.get(case_id, {}).get("outcome") == "pass",
          "the results have %s passing in the first run and failing in the second" % (case_id or "a case"))
    failing = a_out[case_id]
    row_id = "c-" + case_id
    row = css_id(row_id)
    # A case both runs passed (or both failed alike): the matrix shows it as agreeing.
    agreeing = next((i for i in sorted(a_out) if i != case_id and i in b_out and a_out[i]["outcome"] != "skip"
                    and a_out[i]["outcome"] == b_out[i]["outcome"]), None)
    check(agreeing is not None, "the runs agree on some case (%s)" % agreeing)
    agree_row = css_id("c-" + agreeing)
    url = "file://" + urllib.parse.quote(os.path.abspath(matrix))
    n_cases = len(set(a_out) | set(b_out))

    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Network.enable")
    browser.viewport(WIDE)
    browser.load(url)
    mouse_away(browser)

    # The page as it opens: the cases view, a column per run with its name, version and totals.
    check(browser.evaluate("document.documentElement.classList.contains('js')"), "the page's script ran")
    check(browser.evaluate(is_visible("#cases table.matrix")) and not browser.evaluate(is_visible("#requirements"))
          and not browser.evaluate(is_visible("#changes")), "it opens on the cases view, the other views hidden")
    heads = browser.evaluate("""[...document.querySelectorAll('#cases thead th.run-col')].map(th => {
        const r = th.getBoundingClientRect(); const q = s => th.querySelector(s) ? th.querySelector(s).innerText : '';
        return {visible: th.checkVisibility() && r.width > 0 && r.height > 0 && r.right <= window.innerWidth,
                name: q('.impl').replace(/\\n/g, ''), version: q('.ver'),
                totals: [...th.querySelectorAll('.tot')].map(t => t.innerText)}; })""")
    check(len(heads) == 2 and all(h["visible"] for h in heads), "both runs have a visible column (%d)" % len(heads))
    for h, results, what in ((heads[0], before, "first"), (heads[1], after, "second")):
        impl = results["implementation"]["name"]
        shown = (h["name"] + " " + h["version"]).strip()
        check(shown.startswith(impl), "the %s column names %r (reads %r)" % (what, impl, shown))
    passed, total = must_counts(before)
    check(passed == total and heads[0]["totals"] == ["MUST %d/%d" % (total, total), "\u2713 all"],
          "the first column's totals read all MUST passed: %s" % " / ".join(heads[0]["totals"]))
    passed, total = must_counts(after)
    fails = after["summary"]["fail"]
    check(passed == total - 1 and heads[1]["totals"][0] == "MUST %d/%d" % (passed, total)
          and "\u2717%d" % fails in heads[1]["totals"][1],
          "the second column's totals read one MUST failed: %s" % " / ".join(heads[1]["totals"]))
    totals = browser.evaluate("""[...document.querySelectorAll('table.totals tbody tr')].map(tr =>
        [...tr.cells].map(c => c.innerText.trim()))""")
    # The columns by their headings: the outcome chips, and the MUST failures / SHOULD warnings counts.
    cols = browser.evaluate("""(() => { const th = [...document.querySelectorAll('table.totals thead th')];
        const at = s => th.findIndex(h => h.querySelector(s));
        return {pass: at('.chip.o-pass'), fail: at('.chip.o-fail'), must: at('.badge.lv-must'), should: at('.badge.lv-should')}; })()""")
    p, f = cols["pass"], cols["fail"]
    check(min(cols.values()) > 0 and len(totals) == 2 and totals[0][f] == "0" and totals[1][f] == str(fails)
          and totals[0][p] == str(before["summary"]["pass"]) and totals[1][p] == str(after["summary"]["pass"]),
          "the Totals table agrees: %s passed, %s failed; %s passed, %s failed"
          % (totals[0][p], totals[0][f], totals[1][p], totals[1][f]))
    must_failures = sum(1 for c in after["cases"] if any(k["grade"] == "failed" for k in c["checks"]) and c["outcome"] == "fail")
    check(totals[0][cols["must"]] == "0" and totals[1][cols["must"]] == str(must_failures) and must_failures == fails
          and totals[1][cols["should"]] == "0",
          "and counts MUST failures (%s, %s) apart from SHOULD warnings (%s, %s)"
          % (totals[0][cols["must"]], totals[1][cols["must"]], totals[0][cols["should"]], totals[1][cols["should"]]))
    rules = browser.evaluate("""[...document.querySelectorAll('table.totals tbody tr')].map(tr => [...tr.cells].map(c => {
        const s = getComputedStyle(c); return s.borderBottomStyle + ' ' + s.borderBottomColor + ' ' + s.opacity; }))""")
    check(all(len(set(r)) == 1 for r in rules), "each Totals row's rule runs unbroken under every cell (%s)" % rules[0][0])
    fits = browser.evaluate("(() => { const b = document.querySelector('.overview .scroll'); return [b.scrollWidth, b.clientWidth]; })()")
    check(fits[0] <= fits[1], "the Totals table fits the window, no column behind a scrollbar (%d of %d px)" % tuple(fits))

    # The failing case's row: pass in the first column, fail in the second, marked as a disagreement.
    check(browser.evaluate(is_visible(row)), "the row of %s is shown" % case_id)
    first = browser.evaluate(cell_js(row_id, 0, "[td.className, sym.innerText, getComputedStyle(sym).color, td.checkVisibility()]"))
    second = browser.evaluate(cell_js(row_id, 1, "[td.className, sym.innerText, getComputedStyle(sym).color, td.checkVisibility()]"))
    check(first[3] and "o-pass" in first[0] and first[1] == "\u2713", "its first cell shows pass (%s)" % first[1])
    check(second[3] and "o-fail" in second[0] and second[1] == "\u2717", "its second cell shows fail (%s)" % second[1])
    check(first[2] != second[2], "in different colours (%s, %s)" % (first[2], second[2]))
    look = """(() => { const th = document.querySelector(%s + ' > th'); const s = getComputedStyle(th);
        return [s.backgroundColor, s.boxShadow]; })()"""
    marked, plain = browser.evaluate(look % json.dumps(row)), browser.evaluate(look % json.dumps(agree_row))
    check(marked[0] != plain[0] and "inset" in marked[1] and plain[1] == "none",
          "it is marked as a disagreement (background %s and an edge, not %s like %s)" % (marked[0], plain[0], agreeing))
    title = browser.evaluate(cell_js(row_id, 1, "td.title"))
    check(failing["reason"] in title, "hovering the fail cell gives its reason (the title)")
    failed_check = next(k for k in failing["checks"] if k["grade"] == "failed")
    check(("%s %s" % (failed_check["level"], failed_check["requirement"])).strip() in title,
          "and the level and requirement of the check that failed (%s %s)" % (failed_check["level"], failed_check["requirement"]))
    browser.screenshot(os.path.join(shots, "matrix-wide.png"))

    # A click on the case shows every run's reason; the failing one quotes the Content-Length seen.
    browser.click(row + " button.expand")
    detail = row + "-d"
    check(browser.wait_for(is_visible(detail)), "clicking the case expands its row")
    check(browser.evaluate("document.querySelector(%s).getAttribute('aria-expanded')" % json.dumps(row + " button.expand")) == "true",
          "and its button says it is expanded")
    reason = browser.evaluate(visible_text(detail + " li.o-fail .reason"))
    check(browser.evaluate(is_visible(detail + " li.o-fail .reason")) and reason == failing["reason"],
          "the second run's reason is visible, as in its results: %r" % reason)
    check("observed Content-Length" in reason, "and it names the Content-Length the proxy sent")
    cite = browser.evaluate(visible_text(detail + " li.o-fail .cite"))
    check(cite and cite.startswith(failed_check["level"]) and failed_check["requirement"] in cite,
          "before it, the level badge and requirement of the failed check: %r" % cite)
    passing = browser.evaluate(visible_text(detail + " li.o-pass"))
    check(passing and "pass" in passing, "the first run's line reads pass (%r)" % passing)
    for req in failing["requirements"]:
        check(browser.evaluate(is_visible(detail + " a.req[href='#r-%s']" % req)), "it cites requirement %s" % req)
    browser.screenshot(os.path.join(shots, "matrix-expanded-row.png"), element=detail)
    browser.click(row + " button.expand")
    check(browser.wait_for("!(%s)" % is_visible(detail)), "a second click folds it")

    # "only where they disagree": agreeing rows go away for real, the failing one stays.
    check(browser.evaluate(is_visible(agree_row)), "before filtering, the agreeing row %s is visible" % agreeing)
    browser.click("#cases .toolbar input.only-disagree")
    check(browser.wait_for("!(%s)" % is_visible(agree_row)), "ticking 'only where they disagree' hides %s" % agreeing)
    check(browser.evaluate("getComputedStyle(document.querySelector(%s)).display" % json.dumps(agree_row)) == "none",
          "(display none, no box)")
    rows = browser.evaluate(shown_rows("cases"))
    disagreeing = [i for i in sorted(a_out) if i in b_out and a_out[i]["outcome"] != b_out[i]["outcome"]
                   and "skip" not in (a_out[i]["outcome"], b_out[i]["outcome"])]
    check(case_id in rows and sorted(rows) == disagreeing, "only the %d disagreeing row(s) stay: %s" % (len(rows), ", ".join(rows)))
    count = browser.evaluate(visible_text("#cases .toolbar .shown"))
    check(count == "%d of %d shown" % (len(rows), n_cases), "the toolbar counts them (%r)" % count)
    browser.screenshot(os.path.join(shots, "matrix-only-disagree.png"))
    browser.click("#cases .toolbar input.only-disagree")
    check(browser.wait_for(is_visible(agree_row)), "unticking it shows %s again" % agreeing)

    # The text filter narrows the rows as it is typed.
    browser.click("#cases .toolbar input.filter")
    words = case_id.split(".")[-1]
    browser.call("Input.insertText", {"text": words})
    check(browser.wait_for("%s.join() === %s" % (shown_rows("cases"), json.dumps(case_id)), timeout=5),
          "typing %r in the filter leaves only %s" % (words, case_id))
    count = browser.evaluate(visible_text("#cases .toolbar .shown"))
    check(count == "1 of %d shown" % n_cases, "the toolbar says %r" % count)
    browser.evaluate("(() => { const f = document.querySelector('#cases .filter'); f.value = ''; f.dispatchEvent(new Event('input')); })()")
    check(browser.wait_for("(%s).length === %d" % (shown_rows("cases"), n_cases)), "emptying it shows all %d rows again" % n_cases)

    # A click on the second run's column sorts its worst outcome first (within the topic).
    browser.click("#cases thead th.run-col:nth-of-type(4) button.sort")
    check(browser.wait_for("%s[0] === %s" % (shown_rows("cases"), json.dumps(case_id))),
          "clicking the second run's column header puts %s first" % case_id)
    check(browser.evaluate("document.querySelector('#cases thead th.run-col:nth-of-type(4)').getAttribute('aria-sort')") == "descending",
          "and the header says it sorts (aria-sort descending)")
    browser.click("#cases thead th.case-col button.sort")
    check(browser.wait_for("%s.join() === %s" % (shown_rows("cases"), json.dumps(",".join(sorted(set(a_out) | set(b_out)))))),
          "clicking Case restores the order by id")

    # The changes view: the case is a regression, listed first.
    browser.click(".tabs a[data-tab='changes']")
    check(browser.wait_for(is_visible("#changes table.changes")), "the Changes tab shows the changes view")
    check(not browser.evaluate(is_visible("#cases")) and browser.evaluate("location.hash") == "#changes",
          "in place of the cases (the URL says #changes)")
    tab = browser.evaluate(visible_text(".tabs a[data-tab='changes']"))
    regressions = sorted(i for i in a_out if a_out[i]["outcome"] in BAD
                         and (b_out.get(i, {}).get("outcome") in ("pass", "info", "skip")
                              or (b_out.get(i, {}).get("outcome") == "warn" and a_out[i]["outcome"] != "warn")))
    check(str(len(regressions)) in tab and "regression" in tab, "the tab counts %d regression(s) (%r)" % (len(regressions), tab.replace("\n", " ")))
    changes = browser.evaluate("""[...document.querySelectorAll('#changes table.changes tbody tr')].filter(tr => tr.checkVisibility())
        .map(tr => [tr.querySelector('.kind').innerText, tr.querySelector('.what .id').innerText,
                    ...[...tr.querySelectorAll('td.side .chip')].map(c => c.innerText)])""")
    check(changes and changes[0][:2] == ["regression", case_id], "the first change listed is %s, a regression (%r)" % (case_id, changes[0] if changes else None))
    kinds = [c[0] for c in changes]
    check(kinds == sorted(kinds, key=lambda k: ("regression", "fix", "other").index(k))
          and sorted(c[1] for c in changes if c[0] == "regression") == regressions, "regressions come first, all of them: %s" % ", ".join(regressions))
    check(changes[0][2:] == ["\u2713 pass", "\u2717 fail"], "before and after read %s" % " -> ".join(changes[0][2:]))
    browser.screenshot(os.path.join(shots, "matrix-changes.png"))
    # Its id links to the case's row: the cases view, the row expanded and in sight.
    browser.click("#changes table.changes tbody tr a.id")
    check(browser.wait_for(is_visible(detail)), "following the change's link expands the case's row in the cases view")
    span = browser.evaluate(in_window(row_id))
    check(span[0] >= 0 and span[1] <= span[2], "the row and its reasons are in the window (%d to %d px of %d)" % tuple(span))

    # The requirements view: each requirement the case cites fails in the second run.
    browser.click(".tabs a[data-tab='requirements']")
    check(browser.wait_for(is_visible("#requirements table.matrix")), "the Requirements tab shows the requirements view")
    for req in failing["requirements"]:
        rid = "r-" + req
        check(browser.evaluate(is_visible(css_id(rid))), "requirement %s has a visible row" % req)
        cells = [browser.evaluate(cell_js(rid, i, "[td.className, sym.innerText, td.checkVisibility(), a ? a.href : '']")) for i in (0, 1)]
        check("o-fail" in cells[1][0] and cells[1][1] == "\u2717" and cells[1][2], "  its second cell shows fail")
        check("o-pass" in cells[0][0] and cells[0][1] == "\u2713" and cells[0][2], "  its first cell shows pass")
        check(cells[1][3].endswith("#case-" + case_id), "  the fail links to %s in the run's report" % case_id)
    browser.screenshot(os.path.join(shots, "matrix-requirements.png"))

    # The fail cell's link: a file:// URL of the second run's report, at the case.
    browser.load(url)
    hrefs = [browser.evaluate(cell_js(row_id, i, "a ? a.href : null")) for i in (0, 1)]
    for href, results_file, what in ((hrefs[0], before_file, "pass"), (hrefs[1], after_file, "fail")):
        parts = urllib.parse.urlsplit(href or "")
        expected = os.path.realpath(report_beside(results_file))
        check(parts.scheme == "file" and os.path.realpath(urllib.parse.unquote(parts.path)) == expected
              and parts.fragment == "case-" + case_id,
              "the %s cell links to %s#case-%s (%s)" % (what, os.path.relpath(expected), case_id, href))
    browser.load(hrefs[1])
    anchor = "case-" + case_id
    check(browser.wait_for("(() => { const d = document.getElementById(%s); return !!d && d.open; })()" % json.dumps(anchor)),
          "following it opens the case in the report")
    check(browser.evaluate(is_visible(css_id(anchor) + " > summary")), "its summary is visible")
    box = browser.evaluate("document.getElementById(%s).getBoundingClientRect().top" % json.dumps(anchor))
    check(0 <= box < WIDE[1] / 2, "and in sight (top at %d px)" % box)
    badge = browser.evaluate(visible_text(css_id(anchor) + " > summary .badge"))
    check(badge == "fail", "it reads fail there too (%r)" % badge)
    title = browser.evaluate(visible_text("h1"))
    check(title == after["implementation"]["name"], "the page is the second run's report (%r)" % title)
    browser.screenshot(os.path.join(shots, "matrix-report-from-link.png"))

    # A 400 px window: the page itself never scrolls sideways, the failing row still reads.
    browser.viewport(NARROW, mobile=True)
    browser.load(url)
    ok, w = no_sideways_scroll(browser)
    check(ok, "at %d px the page does not scroll sideways (scrollWidth %d, body %d)" % (w[2], w[0], w[1]))
    names = browser.evaluate("""(() => { const b = document.querySelector('.overview .scroll');
        return [b.querySelector('tbody th').getBoundingClientRect().width, b.clientWidth]; })()""")
    check(names[0] <= names[1] / 2, "the Totals' sticky name column takes at most half the width (%d of %d px)" % tuple(names))
    reach = browser.evaluate("""(() => { const td = document.querySelectorAll('table.totals tbody tr')[1].cells[%d];
        td.scrollIntoView({block: 'nearest', inline: 'center'}); const r = td.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const out = [!!hit && (hit === td || td.contains(hit)), td.innerText.trim()];
        document.querySelector('.overview .scroll').scrollLeft = 0; window.scrollTo(0, 0); return out; })()""" % f)
    check(reach[0] and reach[1] == str(fails), "the second run's fail count (%s) can be scrolled into sight, not under the names" % reach[1])
    check(browser.evaluate(is_visible(row)), "the failing row is shown")
    edges = browser.evaluate(cell_js(row_id, 1, "[td.getBoundingClientRect().right, sym.innerText]"))
    check(edges[0] <= w[2] and edges[1] == "\u2717", "its fail cell is within the window (right edge %d px)" % edges[0])
    browser.screenshot(os.path.join(shots, "matrix-narrow.png"))
    # A link to the row (#c-<id>) opens it expanded, below the sticky header, all in the window.
    browser.load(url + "#" + row_id)
    check(browser.wait_for(is_visible(detail)), "at 400 px, #%s expands the row" % row_id)
    span = browser.evaluate(in_window(row_id))
    head = browser.evaluate("document.querySelector('#cases thead th.run-col').getBoundingClientRect().bottom")
    check(span[0] >= head - 1 and span[1] <= span[2],
          "the row is below the sticky header (%d >= %d px) and its reasons end in the window (%d of %d px)" % (span[0], head, span[1], span[2]))
    ok, w = no_sideways_scroll(browser)
    check(ok, "and the page still does not scroll sideways (scrollWidth %d)" % w[0])
    browser.screenshot(os.path.join(shots, "matrix-narrow-row.png"))
    browser.evaluate("window.scrollTo(0, 0)")
    browser.click(".tabs a[data-tab='changes']")
    check(browser.wait_for(is_visible("#changes table.changes")), "the changes view at 400 px")
    ok, w = no_sideways_scroll(browser)
    check(ok, "does not scroll sideways either (scrollWidth %d)" % w[0])
    browser.screenshot(os.path.join(shots, "matrix-narrow-changes.png"))
    browser.viewport(WIDE)

    # Self-contained: every request was for a file (the matrix, then the report).
    fetched = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    outside = [u for u in fetched if not (u.startswith("file://") or u.startswith("about:") or u.startswith("data:"))]
    check(not outside, "no request left the files (%d requests, all file://)" % len(fetched) + ("" if not outside else ": %s" % outside))
    errors = [e for e in browser.events if e["method"] == "Runtime.exceptionThrown"]
    check(not errors, "no script error on either page" + ("" if not errors else ": %s" % errors[0]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--matrix", required=True)
    parser.add_argument("--results", required=True, nargs=2, metavar=("BEFORE.json", "AFTER.json"))
    parser.add_argument("--case", default="")
    add_chromium_options(parser)
    args = parser.parse_args()
    return drive_chromium(
        args, lambda browser: run_checks(browser, args.matrix, args.results[0], args.results[1], args.case, args.screenshots),
        "matrix-failure.png")

if __name__ == "__main__":
    sys.exit(main())
