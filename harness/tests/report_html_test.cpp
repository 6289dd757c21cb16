#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "report/run/html_report.hpp"
#include "report/shared/html_text.hpp"
#include "report/shared/visible_bytes.hpp"
#include "sample_results.hpp"

using namespace connectspec;
using namespace std::string_literals;

namespace {

std::string render_html(const RunInfo& run, const std::vector<CaseResult>& results, const RequirementNotes& notes = {}) {
  std::ostringstream out;
  write_html_report(out, run, results, notes);
  return out.str();
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

// The markup of one case: from its <details> to the next case's (or the end of its topic).
std::string case_html(const std::string& page, const std::string& id) {
  const auto start = page.find("<details class=\"case");
  const auto at = page.find("id=\"case-" + id + "\"", start);
  REQUIRE(at != std::string::npos);
  const auto begin = page.rfind("<details class=\"case", at);
  const auto end = page.find("</details>\n</", at);  // the case's own closing tag is followed by the next element
  auto next = page.find("<details class=\"case", at);
  return page.substr(begin, std::min(next, end == std::string::npos ? page.size() : end + 10) - begin);
}

WireEvent event(double t, std::string leg, bool from_proxy, WireEvent::Kind kind, std::string bytes = "") {
  WireEvent e;
  e.t_ms = t;
  e.leg = std::move(leg);
  e.from_proxy = from_proxy;
  e.kind = kind;
  e.size = bytes.size();
  e.bytes = std::move(bytes);
  return e;
}

// Drops the markup html_wire_bytes adds (tags, the reading line breaks) and the entities, which
// must leave exactly the visible-bytes notation of the input.
std::string text_of(std::string html) {
  html = std::regex_replace(html, std::regex("<[^>]*>"), "");
  html = std::regex_replace(html, std::regex("\n"), "");
  for (auto [entity, ch] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}})
    html = std::regex_replace(html, std::regex(entity), ch);
  return html;
}

std::string from_base64(const std::string& text) {
  const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    bits = (bits << 6) | static_cast<std::uint32_t>(digits.find(c));
    if ((count += 6) >= 8) out += static_cast<char>((bits >> (count -= 8)) & 0xff);
  }
  return out;
}

struct ChainRun {
  Case tunnel, chain, quiet;
  RunInfo run;
  std::vector<CaseResult> results;
  ChainRun() {
    tunnel.id = "tunnel.echo-1mib";
    tunnel.title = "1 MiB both ways";
    tunnel.topic = "tunnel";
    tunnel.pos = {"cases/tunnel/echo-1mib.toml", 1, 1};
    chain = tunnel;
    chain.id = "chain.forwards-connect";
    chain.title = "The CONNECT goes upstream";
    chain.topic = "chain";
    quiet = tunnel;
    quiet.id = "tunnel.client-only";
    run.implementation = "test-proxy 1.0";
    run.harness_version = "0.1.0";

    CaseResult big;
    big.test = &tunnel;
    big.outcome = Outcome::pass;
    big.transcript.push_back(event(0.1, "client", false, WireEvent::Kind::connect));
    big.transcript.push_back(event(0.2, "client", false, WireEvent::Kind::data, "CONNECT 127.0.0.1:9 HTTP/1.1\r\n\r\n"));
    big.transcript.push_back(event(0.9, "origin main#1", true, WireEvent::Kind::accept));
    std::string binary;
    for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 151 + 7) & 0xff);
    WireEvent mib = event(1.5, "client", false, WireEvent::Kind::data, binary);
    mib.size = 1 << 20;
    mib.truncated = true;
    big.transcript.push_back(mib);
    std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 2900\r\n\r\n" + std::string(2900, 'x') + "THE-END";
    big.transcript.push_back(event(250, "origin main#1", false, WireEvent::Kind::data, text));
    big.streams.push_back({"client", false, 1 << 20, std::string(64, 'c'), binary.substr(0, 32), "tail"});
    big.streams.push_back({"origin main#1", true, 1 << 20, std::string(64, 'c'), binary.substr(0, 32), "tail"});
    big.proxy_log_tail = "a passing case's log is not shown";
    results.push_back(big);

    CaseResult up;
    up.test = &chain;
    up.outcome = Outcome::fail;
    up.reason = "expect_upstream: expected 1 CONNECT, observed 0";
    up.transcript.push_back(event(0.1, "client", false, WireEvent::Kind::data, "CONNECT a:1 HTTP/1.1\r\n\r\n"));
    up.transcript.push_back(event(0.5, "upstream", true, WireEvent::Kind::data, "CONNECT a:1 HTTP/1.1\r\n\r\n"));
    up.transcript.push_back(event(0.7, "origin a#1", false, WireEvent::Kind::eof));
    up.proxy_log_tail = "upstream refused";
    results.push_back(up);

    CaseResult alone;
    alone.test = &quiet;
    alone.outcome = Outcome::error;
    alone.reason = "no proxy";
    alone.transcript.push_back(event(0.1, "client", false, WireEvent::Kind::reset));
    results.push_back(alone);
  }
};

}  // namespace

TEST_CASE("html_escape makes text inert in content and attributes", "[report][html]") {
  CHECK(html_escape("<a href=\"x\">Tom & 'Jerry'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  CHECK(html_escape("plain \xc2\xa7 text") == "plain \xc2\xa7 text");
  CHECK(html_printable("bad \x01\xff <b>") == "bad \\x01\\xff &lt;b&gt;");
  CHECK(script_safe_json(R"({"a":"</script><!--","b":"x&y"})") ==
        R"({"a":"\u003c/script\u003e\u003c!--","b":"x\u0026y"})");
  CHECK(script_safe_json("\"\xe2\x80\xa8\"") == "\"\\u2028\"");
}

TEST_CASE("html_wire_bytes shows every byte, styles escapes and breaks lines after a line feed", "[report][html]") {
  CHECK(html_wire_bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n") ==
        "GET / HTTP/1.1<b>\\r\\n</b>\nHost: a<b>\\r\\n</b>\n<b>\\r\\n</b>\n");
  CHECK(html_wire_bytes("a\0\xff\tb\\"s) == "a<i>\\0\\xff\\t</i>b<i>\\\\</i>");
  CHECK(html_wire_bytes("<&>\"'") == "&lt;&amp;&gt;&quot;&#39;");
  CHECK(html_wire_bytes("a\x01\r\n", false) == "a\\x01\\r\\n\n");
  // Lossless: the text a reader (or the hex view) sees decodes to the bytes.
  std::string every;
  for (int c = 0; c < 256; ++c) every += static_cast<char>(c);
  every += "</script>\r\n\\x41";
  for (bool styled : {true, false}) {
    const std::string html = html_wire_bytes(every, styled);
    CHECK(std::all_of(html.begin(), html.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
    CHECK(bytes_from_visible(text_of(html)) == every);
  }
}

TEST_CASE("the HTML report is one self-contained page with an anchor per case", "[report][html]") {
  testing::SampleResults sample;
  const std::string page = render_html(sample.run, sample.results);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("</html>\n") == page.size() - 8);
  CHECK(count(page, "<details class=\"case") == 3);
  CHECK(page.find("<details class=\"case o-pass\" id=\"case-target.port-missing\"") != std::string::npos);
  CHECK(page.find("id=\"case-target.port-zero\"") != std::string::npos);
  // Nothing is fetched: no external style, script, font, image or frame.
  for (const char* fetch : {"<link", "src=", "@import", "url(", "http://", "https://", "<iframe", "<img"})
    CHECK(page.find(fetch) == std::string::npos);
  // The assets are inlined, one style and one script element.
  CHECK(count(page, "<style>") == 1);
  CHECK(count(page, "<script>") == 1);
  CHECK(count(page, "</script>") == 1);
  CHECK(page.find("--fail:") != std::string::npos);
  CHECK(page.find("function hexDump") != std::string::npos);
  // The header: implementation, date, options, totals.
  CHECK(page.find("<h1>connectspec-refproxy 0.1.0</h1>") != std::string::npos);
  CHECK(page.find("2024-05-01T12:00:00Z") != std::string::npos);
  CHECK(page.find("<dt>timeout scale</dt><dd>1.5</dd>") != std::string::npos);
  CHECK(page.find("<dt>strict</dt><dd>yes</dd>") != std::string::npos);
  CHECK(page.find("<dt>jobs</dt><dd>2</dd>") != std::string::npos);
  CHECK(page.find("<dt>network</dt><dd>private (loopback only; a TCP dial gives up after 7 s)</dd>") != std::string::npos);
  CHECK(page.find("href=\"#outcome=fail\">1 fail</a>") != std::string::npos);
  // Failures are surfaced above the cases, linking to them.
  const auto attention = page.find("Needs attention");
  REQUIRE(attention != std::string::npos);
  CHECK(attention < page.find("<main"));
  CHECK(page.find("<a href=\"#case-target.port-zero\">", attention) < page.find("<main"));
}

TEST_CASE("the HTML report cannot be broken out of by wire bytes, reasons, titles or logs", "[report][html]") {
  testing::SampleResults sample;
  Case& c = sample.failing;
  c.title = "</script><script>alert('title')</script>";
  c.tags = {"x\" onmouseover=\"alert(1)"};
  CaseResult& bad = sample.results[1];
  bad.reason = "observed <img src=x onerror=alert(1)> & \x1b[31m";
  bad.checks[0].observed = "</td></tr></table><script>alert(2)</script>";
  bad.transcript.push_back(event(3, "client", true, WireEvent::Kind::data, "</script><script>alert(3)</script><!--\r\n"));
  bad.transcript.push_back(event(4, "origin <b>#1", false, WireEvent::Kind::note));
  bad.transcript.back().text = "</pre><script>alert(4)</script>";
  bad.proxy_log_tail = "</pre></details><script>alert(5)</script>\n";
  const std::string page = render_html(sample.run, sample.results);
  CHECK(count(page, "<script") == 1);
  CHECK(count(page, "</script") == 1);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("onmouseover=\"") == std::string::npos);
  CHECK(page.find("<!--") == std::string::npos);
  CHECK(page.find("\x1b") == std::string::npos);
  CHECK(page.find("&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;&lt;!--<b>\\r\\n</b>") != std::string::npos);
  CHECK(page.find("observed &lt;img src=x onerror=alert(1)&gt; &amp; \\x1b[31m") != std::string::npos);
  CHECK(page.find("&lt;/pre&gt;&lt;script&gt;alert(4)") != std::string::npos);
  CHECK(page.find("&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(5)") != std::string::npos);
  CHECK(page.find("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;") != std::string::npos);
  CHECK(page.find("x&quot; onmouseover=&quot;alert(1)") != std::string::npos);
  // The sample's own hostile bytes: NUL, 0xff, a backslash, a quote.
  CHECK(page.find("A<i>\\0\\xff</i><b>\\r\\n</b>\n<i>\\\\</i>&quot;") != std::string::npos);
  // Invalid UTF-8 in the log is made visible, never copied.
  CHECK(page.find("bad \xff byte") == std::string::npos);
}

TEST_CASE("the transcript has one column per leg group that the case used", "[report][html]") {
  ChainRun r;
  const std::string page = render_html(r.run, r.results);
  const std::string big = case_html(page, "tunnel.echo-1mib");
  const std::string chain = case_html(page, "chain.forwards-connect");
  const std::string alone = case_html(page, "tunnel.client-only");
  auto headings = [](const std::string& html) {
    std::vector<std::string> cols;
    std::regex th("<th scope=\"col\" class=\"c-([a-z]+)\">");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), th); it != std::sregex_iterator(); ++it)
      cols.push_back((*it)[1]);
    return cols;
  };
  CHECK(headings(big) == std::vector<std::string>{"client", "origin"});
  CHECK(headings(chain) == std::vector<std::string>{"client", "origin", "upstream"});
  CHECK(headings(alone) == std::vector<std::string>{"client"});
  // Directions in words, each event in its own leg's column on one time axis.
  CHECK(chain.find("<tr class=\"k-data fp\"><td class=\"t\">0.5</td><td></td><td></td><td class=\"c-upstream\"><div class=\"ev\">"
                   "<span class=\"dir\">proxy \xe2\x86\x92 upstream</span>") != std::string::npos);
  CHECK(chain.find("<span class=\"dir\">a#1 \xe2\x86\x92 proxy</span> <span class=\"kind\">EOF (FIN)</span>") != std::string::npos);
  CHECK(big.find("<span class=\"dir\">client \xe2\x86\x92 proxy</span> <span class=\"kind\">connect</span>") != std::string::npos);
  CHECK(big.find("<span class=\"dir\">proxy \xe2\x86\x92 main#1</span> <span class=\"kind\">accept</span>") != std::string::npos);
  // A pause on the time axis is marked.
  CHECK(big.find("<td class=\"t\">250.0<span class=\"gap\">+248 ms</span></td>") != std::string::npos);
  // An HTTP head reads line by line, with the CRLFs shown.
  CHECK(big.find("<pre class=\"b src\">CONNECT 127.0.0.1:9 HTTP/1.1<b>\\r\\n</b>\n<b>\\r\\n</b>\n</pre>") != std::string::npos);
}

TEST_CASE("large and truncated data events are summarised, their kept bytes behind a disclosure", "[report][html]") {
  ChainRun r;
  const std::string big = case_html(render_html(r.run, r.results), "tunnel.echo-1mib");
  // 1 MiB of which 4 KiB were kept: the size, the first 64 bytes, the rest of the kept bytes
  // behind a disclosure, then what was not kept.
  CHECK(big.find("<span class=\"kind\">1048576 B (1.0 MiB), first 4096 kept</span>") != std::string::npos);
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 151 + 7) & 0xff);
  std::smatch parts;
  REQUIRE(std::regex_search(big, parts, std::regex("<div class=\"big\"><pre class=\"b src bin\">([^<]*)</pre><details class=\"kept\" "
                                                   "data-b64=\"([A-Za-z0-9+/=]+)\"><summary>\xe2\x80\xa6 4032 more bytes kept</summary>"
                                                   "<p class=\"needs-js\">[^<]*</p></details><p class=\"elided\">1044480 bytes after these "
                                                   "were not kept [^<]*</p></div>")));
  // Binary bytes carry no markup per escape; the kept ones beyond the first travel as base64.
  CHECK(bytes_from_visible(text_of(parts[1])) == binary.substr(0, 64));
  CHECK(from_base64(parts[2]) == binary.substr(64));
  // A large event kept whole: its HTTP head, the middle behind a disclosure, its last 64 bytes;
  // in order, the parts are the event's bytes.
  REQUIRE(std::regex_search(big, parts, std::regex("<div class=\"big\">(<pre class=\"b src\">HTTP/1.1 200 OK[^]*?</pre>)"
                                                   "<details class=\"kept\"><summary>\xe2\x80\xa6 2843 more bytes</summary>"
                                                   "(<pre class=\"b src\">x+</pre>)</details>(<pre class=\"b src\">x{57}THE-END</pre>)</div>")));
  CHECK(parts[1] == "<pre class=\"b src\">HTTP/1.1 200 OK<b>\\r\\n</b>\nContent-Length: 2900<b>\\r\\n</b>\n<b>\\r\\n</b>\n</pre>");
  CHECK(bytes_from_visible(text_of(parts[1].str() + parts[2].str() + parts[3].str())) == r.results[0].transcript[4].bytes);
  // Streams: size, digest, first and last bytes; equal digests are pointed out.
  CHECK(big.find("<h3>Streams</h3>") != std::string::npos);
  CHECK(big.find("<code class=\"sha\">" + std::string(64, 'c') + "</code><span class=\"same\">= proxy \xe2\x86\x92 main#1</span>") !=
        std::string::npos);
  CHECK(big.find("<pre class=\"b\">tail</pre>") != std::string::npos);
}

TEST_CASE("a long run of data events whose bytes were not kept is folded under one row", "[report][html]") {
  ChainRun r;
  auto& transcript = r.results[0].transcript;
  auto not_kept = [](double t, const char* leg, bool from_proxy) {
    WireEvent e = event(t, leg, from_proxy, WireEvent::Kind::data);
    e.size = 65536;
    e.truncated = true;
    return e;
  };
  for (int i = 0; i < 8; ++i) transcript.push_back(not_kept(300 + i, i % 2 ? "client" : "origin main#1", true));
  transcript.push_back(event(310, "client", false, WireEvent::Kind::close));
  for (int i = 0; i < 5; ++i) transcript.push_back(not_kept(320 + i, "client", true));
  const std::string big = case_html(render_html(r.run, r.results), "tunnel.echo-1mib");
  CHECK(count(big, "<tr class=\"fold-head\">") == 1);
  CHECK(big.find("<button class=\"fold-btn\" aria-expanded=\"false\">show</button> 8 data events, 300.0\xe2\x80\x93" "307.0 ms, "
                 "bytes not kept: <span class=\"fold-dir\">proxy \xe2\x86\x92 main#1 262144 B (256.0 KiB)</span> \xc2\xb7 "
                 "<span class=\"fold-dir\">proxy \xe2\x86\x92 client 262144 B (256.0 KiB)</span></td></tr>") != std::string::npos);
  // The folded rows are all still there (the script hides them; without it they show).
  CHECK(count(big, "<tr class=\"k-data fp folded\">") == 8);
  CHECK(count(big, "65536 B (64.0 KiB), not kept") == 13);
  CHECK(big.find("<tr class=\"k-close\"><td class=\"t\">310.0</td>") != std::string::npos);
}

TEST_CASE("the proxy log of the case's window is shown for failed and errored cases only", "[report][html]") {
  ChainRun r;
  const std::string page = render_html(r.run, r.results);
  CHECK(case_html(page, "tunnel.echo-1mib").find("Proxy log") == std::string::npos);
  CHECK(page.find("a passing case&#39;s log") == std::string::npos);
  const std::string chain = case_html(page, "chain.forwards-connect");
  CHECK(chain.find("<h3>Proxy log while the case ran</h3>") != std::string::npos);
  CHECK(chain.find("<pre class=\"log\">upstream refused</pre>") != std::string::npos);
  testing::SampleResults sample;
  sample.results[1].outcome = Outcome::warn;
  CHECK(render_html(sample.run, sample.results).find("Proxy log") == std::string::npos);
  sample.results[1].outcome = Outcome::error;
  CHECK(render_html(sample.run, sample.results).find("Proxy log") != std::string::npos);
}

TEST_CASE("each requirement is shown with its RFC section and summary, else the case's RFC", "[report][html]") {
  testing::SampleResults sample;
  RequirementNotes notes{{"R1", {"RFC 9110 \xc2\xa7" "7.8", "A proxy <forwards> it", "", ""}}};
  const std::string bad = case_html(render_html(sample.run, sample.results, notes), "target.port-zero");
  CHECK(bad.find("<li><code class=\"req\">R1</code> <span class=\"rfc\">RFC 9110 \xc2\xa7" "7.8</span> <span class=\"rsum\">"
                 "\xe2\x80\x94 A proxy &lt;forwards&gt; it</span></li>") != std::string::npos);
  CHECK(bad.find("<li><code class=\"req\">R2</code> <span class=\"rfc\">RFC 9110 \xc2\xa7" "9.3.6</span></li>") != std::string::npos);
  CHECK(bad.find("<code>cases/target/port-zero.toml:1:1</code>") != std::string::npos);
  // Expected vs observed for each check; the failed one is marked.
  CHECK(bad.find("<tr class=\"g-failed\" data-level=\"MUST\"><td data-col=\"step\">3</td><td data-col=\"check\"><code>expect_status</code>") !=
        std::string::npos);
  CHECK(bad.find("<td data-col=\"expected\" class=\"val\">4xx (400 preferred)</td><td data-col=\"observed\" class=\"val\">200</td>") !=
        std::string::npos);
  // The filters' data: outcome, level, tags (with the topic).
  CHECK(bad.find("data-outcome=\"fail\" data-level=\"SHOULD\" data-tags=\"target authority-form\"") != std::string::npos);
}

TEST_CASE("an empty run still makes a valid page", "[report][html]") {
  RunInfo run;
  const std::string page = render_html(run, {});
  CHECK(page.find("<h1>(unnamed proxy)</h1>") != std::string::npos);
  CHECK(page.find("Needs attention") == std::string::npos);
  CHECK(page.find("</html>") != std::string::npos);
}

TEST_CASE("each check row shows its level badge, requirement, RFC section, keyword and paraphrase", "[report][html]") {
  const testing::GradedResults g;
  const std::string page = render_html(g.run, g.results, g.notes);
  const std::string failed = case_html(page, "target.port-missing");
  const std::string warned = case_html(page, "headers.proxy-connection");
  const std::string noted = case_html(page, "target.port-zero");
  // A MUST violated: red badge, the requirement cited, above the reason on the summary line.
  CHECK(failed.find("<span class=\"why\"><span class=\"lvb lv-MUST\">MUST</span> <code class=\"req\">R9110-9.3.6-b</code> "
                    "<span class=\"rfc\">RFC 9110 \xc2\xa7" "9.3.6</span> <span class=\"kw kw-must\" title=\"the keyword of the "
                    "sentence\">MUST</span> <span class=\"rsum\">a CONNECT to an invalid port is rejected</span></span><span "
                    "class=\"reason\">expect_status: expected status 4xx") != std::string::npos);
  CHECK(failed.find("<tr class=\"g-failed\" data-level=\"MUST\"><td data-col=\"step\">1</td><td data-col=\"check\"><code>"
                    "expect_status</code></td><td data-col=\"grade\"><span class=\"grade\">failed</span></td><td data-col=\"level\">"
                    "<span class=\"lvb lv-MUST\">MUST</span></td><td data-col=\"requirement\" class=\"cite\"><code class=\"req\">"
                    "R9110-9.3.6-b</code>") != std::string::npos);
  // Not reached: greyed, with the step that failed first.
  CHECK(failed.find("<tr class=\"g-not_reached\" data-level=\"MUST\"><td data-col=\"step\">2</td>") != std::string::npos);
  CHECK(failed.find("<span class=\"grade\">not reached</span>") != std::string::npos);
  CHECK(failed.find("<span class=\"cause\">not reached: step 1 (expect_status) failed first</span>") != std::string::npos);
  // A SHOULD not followed in a MUST case: the amber SHOULD badge, not the case's MUST.
  CHECK(warned.find("<span class=\"why\"><span class=\"lvb lv-SHOULD\">SHOULD</span> <code class=\"req\">R9110-7.6.1-c</code>") !=
        std::string::npos);
  CHECK(warned.find("<tr class=\"g-warned\" data-level=\"SHOULD\">") != std::string::npos);
  // The keywords as words: definitional (no keyword) and preference (the usual answer).
  CHECK(warned.find("<span class=\"kw kw-definitional\" title=\"the keyword of the sentence\">definitional</span>") !=
        std::string::npos);
  CHECK(warned.find("<span class=\"kw kw-preference\" title=\"the keyword of the sentence\">preference</span>") != std::string::npos);
  CHECK(warned.find("<span class=\"lvb lv-INFO\">INFO</span>") != std::string::npos);
  // The requirements list gives each one's keyword and whom it binds.
  CHECK(warned.find("<li><code class=\"req\">R9110-7.6.1-c</code> <span class=\"rfc\">RFC 9110 \xc2\xa7" "7.6.1</span> <span "
                    "class=\"kw kw-should\" title=\"the keyword of the sentence\">SHOULD</span> <span class=\"rsum\">\xe2\x80\x94 a "
                    "proxy removes Proxy-Connection before forwarding</span> <span class=\"role\">(binds: proxy, forwarding-proxy)"
                    "</span></li>") != std::string::npos);
  // A pass with a note says so on its summary line, and in its check row.
  CHECK(noted.find("<span class=\"reason note\">note: 503 where 400 is usual</span></summary>") != std::string::npos);
  CHECK(noted.find("<tr class=\"g-noted\"") != std::string::npos);
  CHECK(noted.find("<span class=\"note\">note: 503 where 400 is usual</span>") != std::string::npos);
  CHECK(noted.find("class=\"why\"") == std::string::npos);
  // Needs attention: each entry with the level of the check that decided it and what it enforces.
  const auto attention = page.find("<section class=\"attention\"");
  REQUIRE(attention != std::string::npos);
  const std::string list = page.substr(attention, page.find("</section>", attention) - attention);
  CHECK(list.find("<a href=\"#case-target.port-missing\"><span class=\"badge o-fail\">fail</span><span class=\"lvb lv-MUST\">MUST"
                  "</span>") != std::string::npos);
  CHECK(list.find("<a href=\"#case-headers.proxy-connection\"><span class=\"badge o-warn\">warn</span><span class=\"lvb "
                  "lv-SHOULD\">SHOULD</span>") != std::string::npos);
  CHECK(list.find("<span class=\"cite\"><code class=\"req\">R9110-7.6.1-c</code>") != std::string::npos);
  CHECK(list.find("target.port-zero") == std::string::npos);
}

TEST_CASE("an unstable case says so, and is listed under Needs attention whatever it ended as", "[report][html]") {
  testing::GradedResults g;
  CaseResult& flaky = g.results[0];
  flaky.first_outcome = Outcome::fail;
  flaky.reruns = {Outcome::pass};
  flaky.unstable = true;
  flaky.outcome = Outcome::pass;
  flaky.reason = "unstable: fail then pass on re-run; " + flaky.reason;
  const std::string page = render_html(g.run, g.results, g.notes);
  const std::string html = case_html(page, "target.port-missing");
  CHECK(html.find("<span class=\"badge unstable\" title=\"the verdict changed on a re-run (--confirm)\">unstable: fail then pass</span>"
                  "<span class=\"reason\">unstable: fail then pass on re-run; expect_status:") != std::string::npos);
  CHECK(html.find("class=\"why\"") == std::string::npos);  // its checks are the first run's, not its verdict's
  CHECK(html.find("<dt>re-runs</dt><dd>fail then pass (unstable; the checks and transcript are the first run's)</dd>") !=
        std::string::npos);
  const auto attention = page.find("<section class=\"attention\"");
  REQUIRE(attention != std::string::npos);
  CHECK(page.find("<a href=\"#case-target.port-missing\"><span class=\"badge o-pass\">pass</span>", attention) < page.find("<main"));
}

TEST_CASE("a requirement's notes from a results file are text wherever a check cites them", "[report][html]") {
  testing::GradedResults g;
  g.notes["R9110-9.3.6-b"] = {"RFC <i>1</i>", "</td></table><script>alert(1)</script>", "MUST\" onclick=\"x()", "<b>proxy</b>"};
  const std::string page = render_html(g.run, g.results, g.notes);
  CHECK(page.find("<script>alert") == std::string::npos);
  CHECK(page.find("<i>1</i>") == std::string::npos);
  CHECK(page.find("onclick=\"") == std::string::npos);
  CHECK(page.find("<b>proxy</b>") == std::string::npos);
  CHECK(page.find("<span class=\"rsum\">&lt;/td&gt;&lt;/table&gt;&lt;script&gt;alert(1)&lt;/script&gt;</span>") != std::string::npos);
  CHECK(page.find("<span class=\"kw kw-must\" title=\"the keyword of the sentence\">MUST&quot; onclick=&quot;x()</span>") !=
        std::string::npos);
}

TEST_CASE("the HTML header names the protocol the run spoke", "[report][html][protocol]") {
  testing::SampleResults sample;
  sample.run.protocol = Protocol::h2;
  const std::string page = render_html(sample.run, sample.results);
  CHECK(page.find("<div><dt>protocol</dt><dd>h2</dd></div>") != std::string::npos);
}

TEST_CASE("a case names its origins and where they listened, as the transcript names them by address", "[report][html]") {
  testing::SampleResults sample;  // results[1]: main and v6
  const std::string page = render_html(sample.run, sample.results);
  const std::string bad = case_html(page, sample.results[1].test->id);
  CHECK(bad.find("<dt>origins</dt><dd><code>main</code> (echo) at <code>127.0.0.1:40123</code>; "
                 "<code>v6</code> (banner) at <code>[::1]:40124</code></dd>") != std::string::npos);
  CHECK(case_html(page, sample.results[0].test->id).find("<dt>origins</dt>") == std::string::npos);
}
