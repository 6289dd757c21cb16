#!/usr/bin/python3
"""Renders a connectspec HTML report in headless Chromium and checks what a person would see.

    check_html_report.py --report R.html --results R.json --screenshots DIR [--case ID]

R.json is the same run's results file: it names the failing case (the first `fail`, unless
--case) and the bytes its client sent, which the page must show. Chromium is driven over the
DevTools protocol (python3-websocket); nothing but the file is loaded (every request is checked).
Exit 0 when every check holds, 1 on the first that does not, 77 when Chromium is not installed.
"""

import argparse
import base64
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import websocket

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
WIDE = (1280, 900)
NARROW = (400, 860)


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)
    print("ok   " + message, flush=True)


def die_with_parent():
    """In the child before exec: SIGKILL when this script dies, even by SIGKILL (its own group is
    killed on every other path)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Chromium:
    """One headless Chromium in its own process group, and a CDP session on one page."""

    def __init__(self, binary, timeout):
        self.timeout = timeout
        self.user_data = tempfile.mkdtemp(prefix="connectspec-chromium-")
        self.log = open(os.path.join(self.user_data, "chromium.log"), "w+b")
        self.proc = subprocess.Popen(
            [binary] + CHROMIUM_FLAGS + ["--user-data-dir=" + self.user_data, "--remote-debugging-port=0", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=die_with_parent)
        self.ws = None
        self.next_id = 0
        self.session = None
        self.events = []

    def connect(self):
        timeout = self.timeout
        port_file = os.path.join(self.user_data, "DevToolsActivePort")
        deadline = time.monotonic() + timeout
        lines = []
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise CheckFailed("chromium exited with status %s before it listened:\n%s" % (self.proc.returncode, self.output()))
            try:
                with open(port_file) as f:
                    lines = f.read().split("\n")
            except FileNotFoundError:
                lines = []
            if len(lines) >= 2 and lines[0].strip() and lines[1].strip():
                break
            time.sleep(0.05)
        else:
            raise CheckFailed("chromium wrote no DevToolsActivePort within %s s:\n%s" % (timeout, self.output()))
        url = "ws://127.0.0.1:%s%s" % (lines[0].strip(), lines[1].strip())
        # No Origin header: Chromium refuses DevTools connections from origins it was not told of.
        self.ws = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-3000:]

    def _receive(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CheckFailed("no answer from chromium in time")
        self.ws.settimeout(remaining)
        try:
            return json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            raise CheckFailed("no answer from chromium within %s s" % self.timeout)

    def call(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise CheckFailed("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, e in enumerate(self.events):
                if e["method"] == method:
                    return self.events.pop(i)
            reply = self._receive(deadline)
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression):
        """The value of a JS expression in the page (JSON-able), or CheckFailed on a JS exception."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise CheckFailed("JS error in %r: %s" % (expression[:80], result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, timeout=5.0):
        """The first truthy value of a JS expression, polled for at most timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value or time.monotonic() >= deadline:
                return value
            time.sleep(0.02)

    def viewport(self, size, mobile=False):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": mobile})

    def load(self, url):
        """A fresh document (about:blank first, so a change of hash alone is a full load too)."""
        for target in ("about:blank", url):
            self.events = [e for e in self.events if e["method"] != "Page.loadEventFired"]
            self.call("Page.navigate", {"url": target})
            self.wait_event("Page.loadEventFired")

    def click(self, selector):
        """A real mouse click in the middle of the element (scrolled into view first)."""
        box = self.evaluate("""(() => { const el = document.querySelector(%s); if (!el) return null;
            el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2, r.width, r.height]; })()""" % json.dumps(selector))
        if not box or box[2] == 0 or box[3] == 0:
            raise CheckFailed("nothing visible to click at %s" % selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})

    def screenshot(self, path, full_page=False, element=None):
        params = {"format": "png"}
        if element:
            box = self.evaluate("""(() => { const r = document.querySelector(%s).getBoundingClientRect();
                return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]; })()""" % json.dumps(element))
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": max(0, box[1] - 8), "width": self.evaluate("window.innerWidth"),
                              "height": min(box[3] + 16, 8000), "scale": 1}
        elif full_page:
            params["captureBeyondViewport"] = True
            size = self.evaluate("[document.documentElement.scrollWidth, Math.min(document.documentElement.scrollHeight, 12000)]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        data = self.call("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print("     screenshot " + path, flush=True)

    def close(self):
        try:
            if self.ws:
                self.ws.close()
        except Exception:
            pass
        # The whole process group: chromium's renderers and helpers too.
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()
        shutil.rmtree(self.user_data, ignore_errors=True)


def visible_text(selector):
    """JS: the text a person sees in the element (innerText honours display and visibility)."""
    return "(() => { const el = document.querySelector(%s); return el ? el.innerText : null; })()" % json.dumps(selector)


def is_visible(selector):
    return """(() => { const el = document.querySelector(%s); if (!el) return false;
        const r = el.getBoundingClientRect();
        return el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && el.offsetParent !== null
               && r.width > 0 && r.height > 0; })()""" % json.dumps(selector)


def bytes_of_visible(text):
    """The bytes a visible-bytes string (docs/results-schema.md) stands for."""
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(ord(c))
            i += 1
            continue
        e = text[i + 1]
        if e == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
            continue
        out.append({"r": 13, "n": 10, "t": 9, "0": 0, "\\": 92}[e])
        i += 2
    return bytes(out)


def not_covered(selector):
    """JS: the element's middle is not under anything else (the sticky filter bar, say)."""
    return """(() => { const el = document.querySelector(%s); if (!el) return false; const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2);
        return !!hit && (hit === el || el.contains(hit)); })()""" % json.dumps(selector)


def first_client_request(case):
    """The first bytes the harness's client sent the proxy, in visible-bytes notation."""
    for e in case["transcript"]:
        if e["leg"] == "client" and e["dir"] == "to_proxy" and e["kind"] == "data":
            return e["data"]
    raise CheckFailed("case %s: the client sent nothing" % case["id"])


def run_checks(browser, report, results, case_id, shots):
    cases = results["cases"]
    failing = next((c for c in cases if c["id"] == case_id), None) if case_id else next((c for c in cases if c["outcome"] == "fail"), None)
    check(failing is not None, "the results name a failing case (%s)" % (case_id or "first fail"))
    case_id = failing["id"]
    anchor = "case-" + case_id
    sel = "#" + anchor.replace(".", "\\.")
    request = first_client_request(failing)
    request_line = request.split("\\r\\n")[0]
    passing = [c["id"] for c in cases if c["outcome"] == "pass"]
    url = "file://" + os.path.abspath(report)
    requests = []

    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Network.enable")
    browser.viewport(WIDE)

    # The whole page as it opens: header, totals, the failure listed.
    browser.load(url)
    check(browser.evaluate("document.documentElement.classList.contains('js')"), "the page's script ran")
    title = browser.evaluate(visible_text("h1"))
    check(title == results["implementation"]["name"], "the header names the implementation (%r)" % title)
    totals = browser.evaluate(visible_text(".totals"))
    s = results["summary"]
    check("%d cases" % s["total"] in totals and "%d fail" % s["fail"] in totals, "the totals read %r" % totals.replace("\n", " "))
    shown = browser.evaluate("document.querySelectorAll('details.case:not([hidden])').length")
    check(shown == len(cases), "all %d cases are listed (%d)" % (len(cases), shown))
    check(browser.evaluate(is_visible(".attention a[href='#%s']" % anchor)), "the failing case %s is listed under Needs attention" % case_id)
    check(browser.evaluate(is_visible(sel + " > summary")), "the failing case is shown among the cases")
    badge = browser.evaluate(visible_text(sel + " > summary .badge"))
    check(badge == "fail", "its badge reads 'fail' (%r)" % badge)
    reason = browser.evaluate(visible_text(sel + " > summary .reason"))
    check(reason and failing["reason"][:40] in reason, "its reason is on its summary line")
    # Above the reason, what the failed check enforces: its level as a badge (red for MUST), the
    # requirement it cites, the RFC section.
    failed_check = next(k for k in failing["checks"] if k["grade"] == "failed")
    why = browser.evaluate(visible_text(sel + " > summary .why"))
    check(why and why.startswith(failed_check["level"]) and failed_check["requirement"] in why,
          "the summary line says what the failed check enforces: %r" % why)
    colours = browser.evaluate("""(() => { const c = s => getComputedStyle(document.querySelector(s)).color;
        return [c(%s), c(%s)]; })()""" % (json.dumps(sel + " > summary .why .lvb"), json.dumps(sel + " > summary .dur")))
    check(colours[0] != colours[1], "its %s badge is coloured, not muted like the duration (%s)" % (failed_check["level"], colours[0]))
    browser.screenshot(os.path.join(shots, "wide-overview.png"))

    # Opening the case's anchor expands it: checks, transcript with the bytes the client sent.
    browser.load(url + "#" + anchor)
    check(browser.evaluate("document.getElementById(%s).open" % json.dumps(anchor)), "#%s opens the case" % anchor)
    top = browser.evaluate("document.getElementById(%s).getBoundingClientRect().top" % json.dumps(anchor))
    check(0 <= top < WIDE[1] / 2, "and scrolls it into view (top at %d px)" % top)
    check(browser.evaluate(not_covered(sel + " > summary")), "its summary line is not hidden under the filter bar")
    check(browser.evaluate(is_visible(sel + " table.tx")), "its transcript is visible")
    row_text = browser.evaluate(visible_text(sel + " table.checks tr.g-failed"))
    check(row_text and "failed" in row_text and failed_check["level"] in row_text and failed_check["requirement"] in row_text,
          "the failed check is highlighted, with its level and requirement: %r" % (row_text or "").replace("\n", " | "))
    if any(k["grade"] == "not_reached" for k in failing["checks"]):
        greyed = browser.evaluate("""(() => { const r = document.querySelector(%s); return r ? [r.innerText,
            getComputedStyle(r.querySelector('td')).color, getComputedStyle(document.querySelector(%s)).color] : null; })()"""
                                  % (json.dumps(sel + " table.checks tr.g-not_reached"), json.dumps(sel + " table.checks tr.g-failed td")))
        check(greyed and "not reached: step" in greyed[0] and greyed[1] != greyed[2],
              "a check not reached is greyed and names the step that failed first: %r" % (greyed and greyed[0].replace("\n", " | ")))
    cell = sel + " table.tx td.c-client pre.src"
    text = browser.evaluate(visible_text(cell))
    check(text is not None and request_line + "\\r\\n" in text,
          "the transcript shows the client's request line %r with its CRLF made visible" % request_line)
    check(text.replace("\n", "").startswith(request[:200]), "and every byte of the request as sent (first 200 shown)")
    lines = text.split("\n")
    check(len(lines) >= 2 and lines[0].endswith("\\r\\n"), "the head reads line by line (a break after each \\n)")
    browser.screenshot(os.path.join(shots, "wide-failing-case.png"))

    # The hex view of those bytes, on demand.
    hex_button = sel + " table.tx td.c-client button.hx"
    browser.click(hex_button)
    hex_text = browser.wait_for(visible_text(sel + " table.tx td.c-client pre.hex"))
    expected_hex = " ".join("%02x" % b for b in request_line.encode()[:8])
    check(hex_text is not None and hex_text.startswith("00000000  " + expected_hex),
          "the hex button shows hex of the request (%s ...)" % expected_hex)
    check(not browser.evaluate(is_visible(cell)), "and the text view gives way to it")
    browser.screenshot(os.path.join(shots, "wide-hex-view.png"))
    browser.click(hex_button)
    check(browser.wait_for(is_visible(cell)) and not browser.evaluate(is_visible(sel + " table.tx td.c-client pre.hex")),
          "a second click shows the text again")

    # The "fail" outcome filter: passing cases go away for real, the failing one stays.
    browser.load(url)
    check(browser.evaluate(is_visible("details.case.o-pass")), "before filtering, passing cases are visible")
    browser.click("nav.filters button[data-value='fail']")
    browser.wait_for("location.hash === '#outcome=fail'")
    visible = browser.evaluate("""[...document.querySelectorAll('details.case')].filter(el => el.offsetParent !== null
        && getComputedStyle(el).display !== 'none').map(el => el.dataset.outcome)""")
    check(visible and set(visible) == {"fail"} and len(visible) == s["fail"], "clicking 'fail' leaves only the %d failed case(s)" % s["fail"])
    hidden_pass = browser.evaluate("""[...document.querySelectorAll('details.case.o-pass')].every(el => el.offsetParent === null
        && getComputedStyle(el).display === 'none' && el.getBoundingClientRect().height === 0)""")
    check(hidden_pass, "every passing case is hidden (no box, display none)")
    check(browser.evaluate(is_visible(sel + " > summary")), "the failing case is still visible")
    check(browser.evaluate("location.hash") == "#outcome=fail", "the filter is in the URL hash (#outcome=fail)")
    check(browser.evaluate("document.querySelector(\"button[data-value='fail']\").getAttribute('aria-pressed')") == "true",
          "the button shows it is on")
    browser.screenshot(os.path.join(shots, "wide-filter-fail.png"))

    # A shared filtered view: the hash alone sets the filters.
    browser.load(url + "#outcome=pass&level=MUST")
    outcomes = browser.evaluate("""[...document.querySelectorAll('details.case')].filter(el => el.offsetParent !== null)
        .map(el => el.dataset.outcome + '/' + el.dataset.level)""")
    expected = sorted("pass/MUST" for c in cases if c["outcome"] == "pass" and c["level"] == "MUST")
    check(sorted(outcomes) == expected, "#outcome=pass&level=MUST shows exactly the %d passing MUST cases" % len(expected))
    check(not browser.evaluate(is_visible(sel)), "and not the failing case")

    # The free-text search narrows the list to matching ids, as it is typed.
    browser.load(url)
    words = case_id.split(".")[-1]
    browser.click("#f-q")
    browser.call("Input.insertText", {"text": words})
    browser.wait_for("location.hash === %s" % json.dumps("#q=" + words))
    ids = browser.evaluate("[...document.querySelectorAll('details.case')].filter(el => el.offsetParent !== null).map(el => el.id)")
    check(anchor in ids and all(words in i for i in ids) and len(ids) < len(cases),
          "searching %r narrows the list to %d case(s), the failing one among them" % (words, len(ids)))
    check(browser.evaluate("location.hash") == "#q=" + words, "the search is in the URL hash")
    count = browser.evaluate(visible_text("#f-count"))
    check(count == "%d of %d cases shown" % (len(ids), len(cases)), "the count says %r" % count)

    # The tag list: only cases with that tag (or topic) stay.
    def having(t):
        return sorted(c["id"] for c in cases if t in c["tags"] or c["topic"] == t)
    # A tag that narrows the list (the rarest, by name on a tie).
    tag = min(sorted({t for c in cases for t in c["tags"] + [c["topic"]]}), key=lambda t: len(having(t)))
    browser.load(url)
    browser.evaluate("""(() => { const s = document.getElementById('f-tag'); s.focus(); s.value = %s;
        s.dispatchEvent(new Event('change', {bubbles: true})); })()""" % json.dumps(tag))
    browser.wait_for("location.hash === %s" % json.dumps("#tag=" + tag))
    ids = browser.evaluate("[...document.querySelectorAll('details.case')].filter(el => el.offsetParent !== null).map(el => el.dataset.id)")
    expected = having(tag)
    check(sorted(ids) == expected, "the tag '%s' shows exactly its %d case(s) of %d" % (tag, len(expected), len(cases)))

    # A large transfer, when the run had one: summarised, the kept bytes folded away until asked for.
    browser.load(url)
    large = browser.evaluate("""(() => { const d = document.querySelector('details.kept'); if (!d) return null;
        const c = d.closest('details.case'); c.open = true; d.closest('tr').scrollIntoView({block: 'center'});
        return [c.dataset.id, d.open, d.closest('td').querySelector('.kind').innerText]; })()""")
    if large:
        big_case = next(c for c in cases if c["id"] == large[0])
        event = next(e for e in big_case["transcript"] if e["kind"] == "data"
                     and (e.get("truncated") or len(bytes_of_visible(e["data"])) > 1024))
        kept = bytes_of_visible(event["data"])
        check(not large[1] and ("%d B" % event["size"]) in large[2],
              "a large data event in %s is summarised (%s), its bytes folded" % (large[0], large[2]))
        browser.screenshot(os.path.join(shots, "wide-large-transfer.png"))
        big_sel = "#case-" + large[0].replace(".", "\\.")
        big_cell = big_sel + " td:has(details.kept)"
        browser.click(big_cell + " details.kept > summary")
        # The details' toggle event, which draws binary bytes, comes in a task of its own.
        browser.wait_for("document.querySelector(%s).querySelectorAll('details.kept[open] pre.b').length > 0" % json.dumps(big_cell))
        shown = browser.evaluate("""[...document.querySelector(%s).querySelectorAll('pre.b')]
            .filter(el => el.checkVisibility()).map(el => el.innerText).join('')""" % json.dumps(big_cell))
        check(bytes_of_visible(shown.replace("\n", "")) == kept,
              "opening it shows all %d kept bytes in order, exactly those of the results file" % len(kept))
        browser.click(big_cell + " details.kept > summary")  # fold it again
        browser.click(big_cell + " button.hx")
        hex_text = browser.wait_for(visible_text(big_cell + " pre.hex"))
        first_line = " ".join("%02x" % b for b in kept[:8])
        check(hex_text is not None and hex_text.startswith("00000000  " + first_line) and
              len(hex_text.split("\n")) == (len(kept) + 15) // 16, "its hex view covers all %d kept bytes" % len(kept))

    # A narrow window: nothing wider than the page, the transcript stacked and still readable.
    browser.viewport(NARROW, mobile=True)
    browser.load(url + "#" + anchor)
    widths = browser.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    check(widths[0] <= widths[2] and widths[1] <= widths[2], "at %d px the page does not scroll sideways (scrollWidth %d)" % (widths[2], widths[0]))
    check(browser.evaluate(is_visible(cell)), "the request is visible in the narrow layout")
    text = browser.evaluate(visible_text(cell))
    check(request_line.split(" ")[0] in text, "and still reads %r" % request_line.split(" ")[0])
    browser.screenshot(os.path.join(shots, "narrow-failing-case.png"), element=sel)
    browser.evaluate("window.scrollTo(0, 0)")
    browser.screenshot(os.path.join(shots, "narrow-top.png"))
    browser.viewport(WIDE)

    # Print: no controls, every case of the view expanded.
    browser.load(url)
    browser.call("Emulation.setEmulatedMedia", {"media": "print"})
    check(not browser.evaluate(is_visible("nav.filters")), "printing hides the filters")
    check(browser.evaluate("[...document.querySelectorAll('details.case')].every(el => !el.open)")
          and browser.evaluate("[...document.querySelectorAll('details.case .cbody')].every(el => el.checkVisibility())"),
          "and prints every case expanded (the stylesheet alone does it, before any script)")
    browser.call("Page.printToPDF", {"printBackground": True})  # fires beforeprint/afterprint
    browser.call("Emulation.setEmulatedMedia", {"media": ""})
    check(browser.evaluate("[...document.querySelectorAll('details.case')].every(el => !el.open)"),
          "after printing the cases are folded again")

    # Self-contained: every request the page made was for the file itself.
    fetched = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    outside = [u for u in fetched if not (u.startswith("file://") or u.startswith("about:") or u.startswith("data:"))]
    check(not outside, "no request left the file (%d requests, all file://)" % len(fetched))
    errors = [e for e in browser.events if e["method"] in ("Runtime.exceptionThrown",)]
    check(not errors, "no script error on the page")


def add_chromium_options(parser):
    """The options every browser check takes: where screenshots go, which chromium, its bounds."""
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"))
    parser.add_argument("--timeout", type=float, default=20.0, help="bound of every single wait, seconds")
    parser.add_argument("--deadline", type=int, default=75, help="bound of the whole check, seconds")


def drive_chromium(args, checks, failure_png):
    """Runs checks(browser) in a fresh headless chromium, the whole bounded by args.deadline.
    Returns the exit code: 0 passed, 1 failed (with a screenshot), 77 no chromium (ctest's skip)."""
    binary = shutil.which(args.chromium)
    if not binary:
        print("SKIP: %s is not installed (apt-get install chromium python3-websocket)" % args.chromium)
        return 77
    os.makedirs(args.screenshots, exist_ok=True)
    # ctest's timeout sends SIGTERM: leave through the finally below, which stops chromium.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    def out_of_time(*_):
        raise CheckFailed("the checks took longer than %d s" % args.deadline)
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(args.deadline)
    started = time.monotonic()
    browser = None
    try:
        browser = Chromium(binary, args.timeout)
        browser.connect()
        checks(browser)
    except CheckFailed as e:
        print("FAIL " + str(e), flush=True)
        if browser:
            try:
                browser.screenshot(os.path.join(args.screenshots, failure_png))
            except Exception:
                pass
        return 1
    finally:
        signal.alarm(0)
        if browser:
            browser.close()
    print("browser checks passed in %.1f s" % (time.monotonic() - started))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--case", default="")
    add_chromium_options(parser)
    args = parser.parse_args()

    def checks(browser):
        with open(args.results, encoding="utf-8") as f:
            results = json.load(f)
        run_checks(browser, args.report, results, args.case, args.screenshots)
    return drive_chromium(args, checks, "failure.png")

if __name__ == "__main__":
    sys.exit(main())
