// The run's HTML report. Everything a reader needs is in the markup: the script (report.js) only
// filters, opens the case a link names, and draws hex views from the bytes already on the page.
#include "report/run/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include "http/base64.hpp"
#include "report/shared/counted.hpp"
#include "report/bench/bench_html.hpp"
#include "report/shared/check_citation.hpp"
#include "report/shared/html_text.hpp"
#include "report/shared/report_assets.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace {

// A data event whose kept bytes exceed this (or that was truncated) is summarised: its first
// and last bytes are shown and the rest sits behind a disclosure.
constexpr std::size_t kLargeEvent = 1024;
constexpr std::size_t kEdge = 64;          // first/last bytes of a large binary event
constexpr std::size_t kTextHead = 256;     // first bytes of a large text event...
constexpr std::size_t kHttpHeadMax = 1024; // ... or up to the blank line that ends an HTTP head
constexpr double kGapMs = 100;             // pauses at least this long are marked on the time axis

const char kArrow[] = "\xe2\x86\x92";  // →

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string fmt_ms(double ms) { return fmt("%.1f", ms); }

std::string fmt_duration(double ms) {
  if (ms < 1000) return fmt("%.0f ms", ms);
  if (ms < 60000) return fmt("%.2f s", ms / 1000);
  return fmt("%.0f s", ms / 1000);
}

std::string fmt_size(std::uint64_t n) {
  std::string s = std::to_string(n) + " B";
  if (n >= 1024 * 1024) s += fmt(" (%.1f MiB)", static_cast<double>(n) / (1024 * 1024));
  else if (n >= 1024) s += fmt(" (%.1f KiB)", static_cast<double>(n) / 1024);
  return s;
}

std::string badge(Outcome o) {
  const std::string name(to_string(o));
  return "<span class=\"badge o-" + name + "\">" + name + "</span>";
}

// The transcript's columns: client<->proxy, proxy<->origin(s), proxy<->upstream, anything else.
enum class Column { client, origin, upstream, other };
constexpr Column kColumns[] = {Column::client, Column::origin, Column::upstream, Column::other};

Column column_of(std::string_view leg) {
  if (leg == "client") return Column::client;
  if (leg.rfind("origin", 0) == 0) return Column::origin;
  if (leg.rfind("upstream", 0) == 0) return Column::upstream;
  return Column::other;
}

std::string_view column_name(Column c) {
  switch (c) {
    case Column::client: return "client";
    case Column::origin: return "origin";
    case Column::upstream: return "upstream";
    case Column::other: return "other";
  }
  return "other";
}

std::string column_heading(Column c) {
  switch (c) {
    case Column::client: return std::string("client ") + "\xe2\x86\x94" + " proxy";  // ↔
    case Column::origin: return std::string("proxy ") + "\xe2\x86\x94" + " origin";
    case Column::upstream: return std::string("proxy ") + "\xe2\x86\x94" + " upstream";
    case Column::other: return "other";
  }
  return "other";
}

// Who sent it to whom, in words: "client → proxy", "proxy → main#1", "upstream → proxy".
std::string direction(std::string_view leg, bool from_proxy) {
  std::string peer;
  switch (column_of(leg)) {
    case Column::client: peer = "client"; break;
    case Column::origin: {
      std::string_view rest = leg.substr(6);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      peer = rest.empty() ? "origin" : std::string(rest);
      break;
    }
    default: peer = std::string(leg);
  }
  peer = html_printable(peer);
  return from_proxy ? "proxy " + std::string(kArrow) + " " + peer : peer + " " + kArrow + " proxy";
}

std::string_view kind_words(WireEvent::Kind k) {
  switch (k) {
    case WireEvent::Kind::connect: return "connect";
    case WireEvent::Kind::accept: return "accept";
    case WireEvent::Kind::data: return "data";
    case WireEvent::Kind::eof: return "EOF (FIN)";
    case WireEvent::Kind::reset: return "RST";
    case WireEvent::Kind::close: return "close";
    case WireEvent::Kind::note: return "note";
    case WireEvent::Kind::frame: return "frame";
  }
  return "?";
}

bool is_plain(unsigned char c) { return c >= 0x20 && c <= 0x7e && c != '\\'; }

// Mostly bytes that are not text: shown without per-escape markup (it would double the size of
// a random 4 KiB block for no gain; the hex view is what reads such bytes).
bool looks_binary(std::string_view bytes) {
  if (bytes.size() < 16) return false;
  std::size_t odd = 0;
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (!is_plain(c) && c != '\r' && c != '\n' && c != '\t' && c != '\\') ++odd;
  }
  return odd * 8 > bytes.size();
}

// How many leading bytes of a large event to show: an HTTP head whole when it is short enough.
std::size_t head_length(std::string_view bytes, bool binary) {
  if (binary) return std::min(bytes.size(), kEdge);
  const auto blank = bytes.substr(0, kHttpHeadMax).find("\r\n\r\n");
  if (blank != std::string_view::npos) return blank + 4;
  return std::min(bytes.size(), kTextHead);
}

std::string hex_button() {
  return "<button class=\"hx\">hex</button>";  // (no form on the page: a plain button; the script labels it)
}

std::string bytes_block(std::string_view bytes, bool source, bool binary) {
  std::string out = "<pre class=\"b";
  if (source) out += " src";
  if (binary) out += " bin";
  out += "\">";
  out += html_wire_bytes(bytes, !binary);
  out += "</pre>";
  return out;
}

// The cell of one event in its leg's column.
std::string event_cell(const WireEvent& e) {
  std::string out = "<div class=\"ev\"><span class=\"dir\">" + direction(e.leg, e.from_proxy) + "</span> ";
  if (e.kind == WireEvent::Kind::frame)  // an HTTP/2 frame: its description is the readable form of its bytes
    return out + "<span class=\"kind\">" + html_printable(e.text) + "</span></div>";
  if (e.kind != WireEvent::Kind::data) {
    out += "<span class=\"kind\">" + std::string(kind_words(e.kind)) + "</span></div>";
    return out;
  }
  const std::string_view kept = e.bytes;
  const bool large = e.truncated || kept.size() > kLargeEvent;
  out += "<span class=\"kind\">" + fmt_size(e.size);
  if (e.truncated) out += kept.empty() ? std::string(", not kept") : ", first " + std::to_string(kept.size()) + " kept";
  out += "</span>";
  if (!kept.empty()) out += " " + hex_button();
  out += "</div>";
  if (kept.empty()) return out;
  const bool binary = looks_binary(kept);
  if (!large) return out + bytes_block(kept, true, binary);
  // Summarised: the first bytes, the middle behind a disclosure, then the last bytes when the
  // event was kept whole, or what was not kept. The parts are in order, so the page's script
  // joins them back into the event's bytes for the hex view.
  const std::size_t head = head_length(kept, binary);
  std::size_t tail = 0;
  if (!e.truncated) tail = kept.size() > head + kEdge ? kEdge : kept.size() - head;
  const std::string_view middle = kept.substr(head, kept.size() - head - tail);
  out += "<div class=\"big\">" + bytes_block(kept.substr(0, head), true, binary);
  if (!middle.empty()) {
    const std::string what = "\xe2\x80\xa6 " + std::to_string(middle.size()) + (e.truncated ? " more bytes kept" : " more bytes");
    if (binary) {
      // Binary bytes travel as base64 (a third of the size of their escapes) and are drawn by the
      // script when opened; the first bytes, sizes and the streams' digests need no script.
      out += "<details class=\"kept\" data-b64=\"" + base64(middle) + "\"><summary>" + what +
             "</summary><p class=\"needs-js\">(binary bytes: shown by the page's script, which is not running)</p></details>";
    } else {
      out += "<details class=\"kept\"><summary>" + what + "</summary>" + bytes_block(middle, true, false) + "</details>";
    }
  }
  if (tail > 0) out += bytes_block(kept.substr(kept.size() - tail), true, binary);
  if (e.truncated)
    out += "<p class=\"elided\">" + std::to_string(e.size - kept.size()) +
           " bytes after these were not kept (the case's streams give the sizes and digests)</p>";
  return out + "</div>";
}

// Data events whose bytes were not kept at all (the cap was reached earlier in the stream).
bool bytes_not_kept(const WireEvent& e) { return e.kind == WireEvent::Kind::data && e.bytes.empty() && e.size > 0; }

// A run of at least this many such events is folded under one row that sums it up.
constexpr std::size_t kFoldRun = 6;

void write_transcript(std::ostream& out, const std::vector<WireEvent>& events) {
  std::set<Column> present;
  for (const auto& e : events) present.insert(column_of(e.leg));
  std::vector<Column> columns;
  for (Column c : kColumns)
    if (present.count(c)) columns.push_back(c);
  out << "<div class=\"tx-wrap\"><table class=\"tx cols-" << columns.size() << "\"><thead><tr><th class=\"t\" scope=\"col\">ms</th>";
  for (Column c : columns) out << "<th scope=\"col\" class=\"c-" << column_name(c) << "\">" << column_heading(c) << "</th>";
  out << "</tr></thead><tbody>\n";
  double previous = 0;
  std::size_t fold_end = 0;  // events before this index are in the current fold
  for (std::size_t i = 0; i < events.size(); ++i) {
    const WireEvent& e = events[i];
    if (i >= fold_end && bytes_not_kept(e)) {
      std::size_t j = i;
      while (j < events.size() && bytes_not_kept(events[j])) ++j;
      if (j - i >= kFoldRun) {
        // One row sums the run up; the rows follow (folded away by the script, shown without it).
        std::vector<std::pair<std::string, std::uint64_t>> totals;
        for (std::size_t k = i; k < j; ++k) {
          const std::string dir = direction(events[k].leg, events[k].from_proxy);
          auto it = std::find_if(totals.begin(), totals.end(), [&](const auto& t) { return t.first == dir; });
          if (it == totals.end()) totals.emplace_back(dir, events[k].size);
          else it->second += events[k].size;
        }
        out << "<tr class=\"fold-head\"><td class=\"t\">" << fmt_ms(e.t_ms) << "</td><td class=\"fold\" colspan=\"" << columns.size()
            << "\"><button class=\"fold-btn\" aria-expanded=\"false\">show</button> " << (j - i)
            << " data events, " << fmt_ms(e.t_ms) << "\xe2\x80\x93" << fmt_ms(events[j - 1].t_ms)
            << " ms, bytes not kept:";
        const char* sep = " ";
        for (const auto& [dir, total] : totals) {
          out << sep << "<span class=\"fold-dir\">" << dir << " " << fmt_size(total) << "</span>";
          sep = " \xc2\xb7 ";
        }
        out << "</td></tr>\n";
        fold_end = j;
      }
    }
    const bool folded = i < fold_end;
    const Column col = column_of(e.leg);
    out << "<tr class=\"k-" << to_string(e.kind) << (e.from_proxy ? " fp" : "") << (folded ? " folded" : "")
        << "\"><td class=\"t\">" << fmt_ms(e.t_ms);
    if (e.t_ms - previous >= kGapMs) out << "<span class=\"gap\">+" << fmt_duration(e.t_ms - previous) << "</span>";
    previous = e.t_ms;
    out << "</td>";
    if (e.kind == WireEvent::Kind::note) {
      // The harness's own remark about the case: across every column.
      out << "<td class=\"note\" colspan=\"" << columns.size() << "\"><span class=\"dir\">" << html_printable(e.leg)
          << "</span> " << html_printable(e.text) << "</td></tr>\n";
      continue;
    }
    for (Column c : columns) {
      if (c != col)
        out << "<td></td>";
      else
        out << "<td class=\"c-" << column_name(c) << "\">" << event_cell(e) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n";
}

std::string stream_name(const StreamSummary& s) { return direction(s.leg, s.from_proxy); }

void write_streams(std::ostream& out, const std::vector<StreamSummary>& streams) {
  out << "<h3>Streams</h3><div class=\"tbl-wrap\"><table class=\"streams\"><thead><tr><th scope=\"col\">stream</th>"
         "<th scope=\"col\">size</th><th scope=\"col\">SHA-256</th><th scope=\"col\">first bytes</th>"
         "<th scope=\"col\">last bytes</th></tr></thead><tbody>\n";
  // Streams with the same bytes, by digest: each row names at most a few of the others, so that a
  // case with thousands of identical streams stays linear in size.
  constexpr std::size_t kSameNamed = 4;
  std::map<std::pair<std::string, std::uint64_t>, std::vector<const StreamSummary*>> by_content;
  for (const auto& s : streams)
    if (!s.sha256.empty()) by_content[{s.sha256, s.size}].push_back(&s);
  for (const auto& s : streams) {
    std::string same;
    if (!s.sha256.empty()) {
      std::size_t named = 0, others = 0;
      for (const StreamSummary* other : by_content[{s.sha256, s.size}]) {
        if (other == &s) continue;
        if (named < kSameNamed) same += (named++ ? ", " : "") + stream_name(*other);
        ++others;
      }
      if (others > named) same += " and " + std::to_string(others - named) + " more";
    }
    out << "<tr><td data-col=\"stream\">" << stream_name(s) << "</td><td data-col=\"size\">" << fmt_size(s.size)
        << "</td><td data-col=\"SHA-256\"><code class=\"sha\">" << html_printable(s.sha256) << "</code>";
    if (!same.empty()) out << "<span class=\"same\">= " << same << "</span>";
    out << "</td><td data-col=\"first bytes\">" << bytes_block(s.head, false, false) << "</td><td data-col=\"last bytes\">"
        << bytes_block(s.tail, false, false) << "</td></tr>\n";
  }
  out << "</tbody></table></div>\n";
}

// The level a check is graded at: MUST red, SHOULD amber, MAY and INFO grey.
std::string level_badge(Level l) {
  const std::string name(to_string(l));
  return "<span class=\"lvb lv-" + name + "\">" + name + "</span>";
}

// The keyword of the sentence a requirement rests on, as keyword_words gives it: "MUST NOT",
// "preference" (grey), "definitional" (no keyword: the protocol's own definition).
std::string keyword_chip(const std::string& words) {
  if (words.empty()) return "";
  std::string cls = "kw-other";
  if (words.rfind("MUST", 0) == 0) cls = "kw-must";
  else if (words.rfind("SHOULD", 0) == 0) cls = "kw-should";
  else if (words == "MAY") cls = "kw-may";
  else if (words == "preference") cls = "kw-preference";
  else if (words == "definitional") cls = "kw-definitional";
  return "<span class=\"kw " + cls + "\" title=\"the keyword of the sentence\">" + html_printable(words) + "</span>";
}

// Requirement ID, RFC section, keyword chip, then the paraphrase (when `summary`).
std::string citation_html(const CheckCitation& c, bool summary) {
  std::string out;
  if (!c.requirement.empty()) out += "<code class=\"req\">" + html_printable(c.requirement) + "</code>";
  if (!c.rfc.empty()) out += (out.empty() ? "" : " ") + std::string("<span class=\"rfc\">") + html_printable(c.rfc) + "</span>";
  if (!c.keyword.empty()) out += (out.empty() ? "" : " ") + keyword_chip(c.keyword);
  if (summary && !c.summary.empty()) out += " <span class=\"rsum\">" + html_printable(c.summary) + "</span>";
  return out;
}

// One line above a failed or warned case's reason: what the deciding check enforces.
std::string why_html(const CheckResult& k, const Case& c, const RequirementNotes& notes) {
  const CheckCitation cited = cite(k, &c, notes);
  return "<span class=\"why\">" + level_badge(cited.level) + " " + citation_html(cited, true) + "</span>";
}

// --confirm's re-runs in words: "fail then pass" (the first run's verdict, then the re-runs').
std::string reruns_words(const CaseResult& r) {
  std::string out = std::string(to_string(r.first_outcome)) + " then";
  for (std::size_t i = 0; i < r.reruns.size(); ++i) out += (i ? ", " : " ") + std::string(to_string(r.reruns[i]));
  return out;
}

void write_checks(std::ostream& out, const CaseResult& r, const RequirementNotes& notes) {
  out << "<h3>Checks</h3><div class=\"tbl-wrap\"><table class=\"checks\"><thead><tr><th scope=\"col\">step</th>"
         "<th scope=\"col\">check</th><th scope=\"col\">grade</th><th scope=\"col\">level</th>"
         "<th scope=\"col\">requirement</th><th scope=\"col\">expected</th>"
         "<th scope=\"col\">observed</th><th scope=\"col\">at</th></tr></thead><tbody>\n";
  for (const auto& k : r.checks) {
    const bool reached = k.grade != CheckResult::Grade::not_reached;
    out << "<tr class=\"g-" << to_string(k.grade) << "\" data-level=\"" << to_string(k.level) << "\"><td data-col=\"step\">"
        << k.step + 1 << "</td><td data-col=\"check\"><code>" << html_printable(k.keyword)
        << "</code></td><td data-col=\"grade\"><span class=\"grade\">" << grade_words(k.grade)
        << "</span></td><td data-col=\"level\">" << level_badge(k.level) << "</td><td data-col=\"requirement\" class=\"cite\">"
        << citation_html(cite(k, r.test, notes), true) << "</td><td data-col=\"expected\" class=\"val\">"
        << html_printable(k.expected) << "</td><td data-col=\"observed\" class=\"val\">";
    // Not reached: the cause (which step failed first) is all there is to say.
    if (!reached) out << "<span class=\"cause\">" << html_printable(k.observed.empty() ? "not reached" : k.observed) << "</span>";
    else out << html_printable(k.observed);
    if (k.grade == CheckResult::Grade::noted) out << "<span class=\"note\">note: " << html_printable(note_words(k)) << "</span>";
    out << "</td><td data-col=\"at\" class=\"at\">" << html_printable(k.pos.file.empty() ? "" : k.pos.str()) << "</td></tr>\n";
  }
  out << "</tbody></table></div>\n";
}

std::string reason_line(const CaseResult& r) {
  if (r.outcome == Outcome::info) {
    using G = CheckResult::Grade;
    const bool met = std::none_of(r.checks.begin(), r.checks.end(),
                                  [](const CheckResult& k) { return k.grade == G::failed || k.grade == G::warned || k.grade == G::info; });
    return std::string(met ? "observed" : "not observed") + (r.reason.empty() ? "" : ": " + r.reason);
  }
  return r.reason;
}

bool needs_log(Outcome o) { return o == Outcome::fail || o == Outcome::error; }

void write_case(std::ostream& out, const CaseResult& r, const RequirementNotes& notes) {
  const Case& c = *r.test;
  const std::string outcome(to_string(r.outcome));
  const std::string level(to_string(c.level));
  std::string tags;
  for (const auto& t : c.tags) tags += (tags.empty() ? "" : " ") + t;
  if (std::find(c.tags.begin(), c.tags.end(), c.topic) == c.tags.end()) tags += (tags.empty() ? "" : " ") + c.topic;
  const std::string id = html_printable(c.id);
  out << "<details class=\"case o-" << outcome << "\" id=\"case-" << id << "\" data-id=\"" << id << "\" data-outcome=\""
      << outcome << "\" data-level=\"" << level << "\" data-tags=\"" << html_printable(tags) << "\">\n<summary>" << badge(r.outcome)
      << "<span class=\"lvl l-" << level << "\">" << level << "</span><code class=\"cid\">" << id
      << "</code><span class=\"ctitle\">" << html_printable(c.title) << "</span><span class=\"dur\">"
      << fmt_duration(r.duration_ms) << "</span>";
  const std::string reason = reason_line(r);
  // An unstable case keeps its first run's checks: they do not say why its verdict is what it is.
  const CheckResult* decided = r.unstable ? nullptr : deciding_check(r);
  const bool judged = decided && (decided->grade == CheckResult::Grade::failed || decided->grade == CheckResult::Grade::warned);
  if (r.unstable)
    out << "<span class=\"badge unstable\" title=\"the verdict changed on a re-run (--confirm)\">unstable: " << reruns_words(r)
        << "</span>";
  if (judged && r.outcome != Outcome::pass) out << why_html(*decided, c, notes);
  if ((r.outcome != Outcome::pass || r.unstable) && !reason.empty())
    out << "<span class=\"reason\">" << html_printable(reason) << "</span>";
  // A pass that met a check with an unusual answer, or left a MAY check unmet: said, not judged.
  const CheckResult* noted = r.unstable ? nullptr : first_check(r, CheckResult::Grade::noted);
  if (r.outcome == Outcome::pass && noted)
    out << "<span class=\"reason note\">note: " << html_printable(note_words(*noted)) << "</span>";
  if (r.outcome == Outcome::pass && decided && decided->grade == CheckResult::Grade::info)
    out << "<span class=\"reason note\">not observed (" << to_string(decided->level) << "): " << html_printable(r.reason) << "</span>";
  out << "</summary>\n<div class=\"cbody\">\n";
  if (!c.description.empty()) out << "<p class=\"desc\">" << html_printable(c.description) << "</p>\n";
  out << "<dl class=\"facts\">";
  out << "<dt>requirements</dt><dd>";
  if (c.requirements.empty()) {
    out << (c.rfc.empty() ? std::string("none cited") : "<span class=\"rfc\">" + html_printable(c.rfc) + "</span>");
  } else {
    out << "<ul class=\"reqs\">";
    for (const auto& req : c.requirements) {
      auto note = notes.find(req);
      const std::string rfc = note != notes.end() && !note->second.rfc.empty() ? note->second.rfc : c.rfc;
      out << "<li><code class=\"req\">" << html_printable(req) << "</code>";
      if (!rfc.empty()) out << " <span class=\"rfc\">" << html_printable(rfc) << "</span>";
      if (note != notes.end() && !note->second.keyword.empty()) out << " " << keyword_chip(keyword_words(note->second.keyword));
      if (note != notes.end() && !note->second.summary.empty())
        out << " <span class=\"rsum\">" << kEmDash << " " << html_printable(note->second.summary) << "</span>";
      if (note != notes.end() && !note->second.role.empty())
        out << " <span class=\"role\">(binds: " << html_printable(note->second.role) << ")</span>";
      out << "</li>";
    }
    out << "</ul>";
  }
  out << "</dd><dt>file</dt><dd><code>" << html_printable(c.pos.str()) << "</code></dd>";
  if (!c.tags.empty()) {
    out << "<dt>tags</dt><dd>";
    for (const auto& t : c.tags) out << "<span class=\"tag\">" << html_printable(t) << "</span> ";
    out << "</dd>";
  }
  if (!r.origins.empty()) {
    // The transcript names origins by address: this says which is which.
    out << "<dt>origins</dt><dd>";
    for (std::size_t i = 0; i < r.origins.size(); ++i)
      out << (i ? "; " : "") << "<code>" << html_printable(r.origins[i].name) << "</code> (" << html_printable(r.origins[i].kind)
          << ") at <code>" << html_printable(r.origins[i].address) << "</code>";
    out << "</dd>";
  }
  if (!r.proxy_instance.empty()) out << "<dt>proxy instance</dt><dd>" << html_printable(r.proxy_instance) << "</dd>";
  if (!r.reruns.empty())
    out << "<dt>re-runs</dt><dd>" << reruns_words(r) << (r.unstable ? " (unstable; the checks and transcript are the first run's)" : "")
        << "</dd>";
  out << "<dt>duration</dt><dd>" << fmt_ms(r.duration_ms) << " ms</dd>";
  out << "<dt class=\"perma\">link</dt><dd class=\"perma\"><a href=\"#case-" << id << "\">#case-" << id << "</a></dd></dl>\n";
  if (!r.checks.empty()) write_checks(out, r, notes);
  if (r.transcript.empty()) {
    out << "<h3>Transcript</h3><p class=\"none\">No wire events were recorded.</p>\n";
  } else {
    out << "<h3>Transcript <span class=\"count\">" << r.transcript.size() << " events</span></h3>\n";
    write_transcript(out, r.transcript);
  }
  if (!r.streams.empty()) write_streams(out, r.streams);
  if (needs_log(r.outcome) && !r.proxy_log_tail.empty())
    out << "<h3>Proxy log while the case ran</h3><p class=\"note\">What the proxy wrote to its output and logs between "
           "the case's start and its end (cases running beside it may have written some lines too).</p>"
           "<pre class=\"log\">" << html_printable(r.proxy_log_tail) << "</pre>\n";
  out << "</div>\n</details>\n";
}

constexpr Outcome kSeverityOrder[] = {Outcome::fail, Outcome::error, Outcome::warn, Outcome::info, Outcome::skip, Outcome::pass};

int count_of(const Summary& s, Outcome o) {
  switch (o) {
    case Outcome::pass: return s.passed;
    case Outcome::fail: return s.failed;
    case Outcome::warn: return s.warned;
    case Outcome::info: return s.info;
    case Outcome::skip: return s.skipped;
    case Outcome::error: return s.errored;
  }
  return 0;
}

std::string counts_badges(const Summary& s, bool links) {
  std::string out;
  for (Outcome o : kSeverityOrder) {
    const int n = count_of(s, o);
    if (n == 0) continue;
    const std::string name(to_string(o));
    if (links)
      out += "<a class=\"badge o-" + name + "\" href=\"#outcome=" + name + "\">" + std::to_string(n) + " " + name + "</a> ";
    else
      out += "<span class=\"badge o-" + name + "\">" + std::to_string(n) + " " + name + "</span> ";
  }
  return out;
}

std::string bar(const Summary& s) {
  std::string out = "<div class=\"bar\" aria-hidden=\"true\">";
  for (Outcome o : {Outcome::pass, Outcome::info, Outcome::skip, Outcome::warn, Outcome::error, Outcome::fail})
    if (count_of(s, o) > 0)
      out += "<span class=\"o-" + std::string(to_string(o)) + "\" style=\"flex-grow:" + std::to_string(count_of(s, o)) + "\"></span>";
  return out + "</div>";
}

void write_header(std::ostream& out, const RunInfo& run, const Summary& s) {
  const std::string impl = run.implementation.empty() ? std::string("(unnamed proxy)") : run.implementation;
  out << "<header class=\"run\">\n<p class=\"kicker\">connectspec report</p>\n<h1>" << html_printable(impl) << "</h1>\n";
  out << "<p class=\"totals\"><span class=\"total\">" << counted(s.total(), "case", "cases") << "</span> " << counts_badges(s, true) << "</p>\n"
      << bar(s) << "\n";
  out << "<dl class=\"runinfo\">";
  auto item = [&](std::string_view term, const std::string& value_html) {
    out << "<div><dt>" << term << "</dt><dd>" << value_html << "</dd></div>";
  };
  if (!run.interrupted.empty())
    item("interrupted", "<strong>by " + html_printable(run.interrupted) +
                            "</strong>: the cases it stopped are skipped as not run");
  if (!run.not_started.empty())
    item("not started", "<strong>" + html_printable(run.not_started) + "</strong>: no case ran (exit 3)");
  // A fault injected on purpose: its failures are the point, so the header says so first.
  for (const auto& o : run.options)
    if (o.rfind("--refproxy-fault ", 0) == 0 || o.rfind("--refclient-fault ", 0) == 0)
      item("fault injected", "<strong>" + html_printable(o.substr(o.find(' ') + 1)) +
                                 "</strong>: a mutant of the reference implementation, not a clean run");
  if (!run.options.empty()) {
    std::string opts;
    for (const auto& o : run.options) opts += (opts.empty() ? "" : " ") + std::string("<code>") + html_printable(o) + "</code>";
    item("options", opts);
  }
  if (!run.target.empty()) item("target", "<code>" + html_printable(run.target) + "</code>");
  item("profile", run.profile.empty() ? std::string("attached (--proxy)") : html_printable(run.profile));
  item("protocol", html_printable(std::string(to_string(run.protocol))));
  std::string caps;
  for (const auto& c : run.capabilities) caps += (caps.empty() ? "" : ", ") + html_printable(c);
  item("capabilities", caps.empty() ? std::string("none") : caps);
  item("started", html_printable(run.started_at));
  item("wall time", fmt_duration(run.wall_ms));
  item("harness", "connectspec " + html_printable(run.harness_version));
  item("jobs", std::to_string(run.jobs));
  if (!run.network.empty()) item("network", run.network);
  item("timeout scale", fmt("%g", run.timeout_scale));
  item("strict", run.strict ? "yes" : "no");
  if (!run.cases_dir.empty()) item("cases", "<code>" + html_printable(run.cases_dir) + "</code>");
  if (!run.shard.empty())
    item("shard", html_printable(run.shard) + " (of " + std::to_string(run.shard_of_cases) + " selected cases)");
  if (!run.merged_from.empty()) {
    std::string files;
    for (const auto& f : run.merged_from) files += "<code>" + html_printable(f) + "</code> ";
    item("merged from", files);
  }
  out << "</dl>\n</header>\n";
}

struct Topic {
  std::string name;
  std::vector<const CaseResult*> results;
  Summary summary;
};

std::vector<Topic> group_by_topic(const std::vector<CaseResult>& results) {
  std::vector<Topic> topics;
  std::map<std::string, std::size_t> index;
  for (const auto& r : results) {
    const std::string& name = r.test->topic;
    auto [it, inserted] = index.emplace(name, topics.size());
    if (inserted) topics.push_back({name, {}, {}});
    topics[it->second].results.push_back(&r);
    topics[it->second].summary.add(r.outcome);
  }
  return topics;
}

void write_filters(std::ostream& out, const std::vector<CaseResult>& results, const Summary& s) {
  out << "<nav class=\"filters\" aria-label=\"Filter cases\">\n<div class=\"fgroup\" role=\"group\" aria-label=\"Outcome\">"
         "<span class=\"flabel\">outcome</span>";
  for (Outcome o : kSeverityOrder) {
    const int n = count_of(s, o);
    const std::string name(to_string(o));
    out << "<button type=\"button\" class=\"fb o-" << name << "\" data-filter=\"outcome\" data-value=\"" << name
        << "\" aria-pressed=\"false\"" << (n == 0 ? " disabled" : "") << ">" << name << " <span class=\"n\">" << n
        << "</span></button>";
  }
  out << "</div>\n<div class=\"fgroup\" role=\"group\" aria-label=\"Level\"><span class=\"flabel\">level</span>";
  std::map<Level, int> levels;
  std::map<std::string, int> tags;
  for (const auto& r : results) {
    ++levels[r.test->level];
    std::set<std::string> own(r.test->tags.begin(), r.test->tags.end());
    own.insert(r.test->topic);
    for (const auto& t : own) ++tags[t];
  }
  for (auto [level, n] : levels)
    out << "<button type=\"button\" class=\"fb\" data-filter=\"level\" data-value=\"" << to_string(level)
        << "\" aria-pressed=\"false\">" << to_string(level) << " <span class=\"n\">" << n << "</span></button>";
  out << "</div>\n<label class=\"fgroup\"><span class=\"flabel\">tag</span><select id=\"f-tag\"><option value=\"\">any</option>";
  for (const auto& [tag, n] : tags)
    out << "<option value=\"" << html_printable(tag) << "\">" << html_printable(tag) << " (" << n << ")</option>";
  out << "</select></label>\n<label class=\"fgroup\"><span class=\"flabel\">search</span><input type=\"search\" id=\"f-q\" "
         "placeholder=\"case id or title\" autocomplete=\"off\" spellcheck=\"false\"></label>\n"
         "<div class=\"fgroup actions\"><button type=\"button\" id=\"f-clear\">clear filters</button>"
         "<button type=\"button\" id=\"f-expand\">expand all</button><button type=\"button\" id=\"f-collapse\">collapse all</button>"
         "<span id=\"f-count\" aria-live=\"polite\"></span></div>\n</nav>\n";
}

bool is_listed(Outcome o) { return o == Outcome::error || o == Outcome::fail || o == Outcome::warn; }

void write_attention(std::ostream& out, const std::vector<CaseResult>& results, const RequirementNotes& notes) {
  std::vector<const CaseResult*> list;
  for (Outcome o : {Outcome::error, Outcome::fail, Outcome::warn})
    for (const auto& r : results)
      if (r.outcome == o) list.push_back(&r);
  for (const auto& r : results)  // a verdict that changed on a re-run, whatever it ended as
    if (r.unstable && !is_listed(r.outcome)) list.push_back(&r);
  if (list.empty()) return;
  out << "<section class=\"attention\" aria-labelledby=\"attention-h\"><h2 id=\"attention-h\">Needs attention <span class=\"count\">"
      << list.size() << "</span></h2>\n<ul>\n";
  for (const auto* r : list) {
    const std::string id = html_printable(r->test->id);
    // The level of the check that failed or warned it (a MUST case may warn on a SHOULD check),
    // and what that check enforces above the reason; the case's level when no check decided it.
    const CheckResult* k = r->unstable ? nullptr : deciding_check(*r);
    if (k && k->grade != CheckResult::Grade::failed && k->grade != CheckResult::Grade::warned) k = nullptr;
    const Level level = k ? k->level : r->test->level;
    out << "<li data-case=\"" << id << "\"><a href=\"#case-" << id << "\">" << badge(r->outcome) << level_badge(level)
        << "<code class=\"cid\">" << id << "</code></a> <span class=\"reason\">";
    if (k) out << "<span class=\"cite\">" << citation_html(cite(*k, r->test, notes), true) << "</span>";
    out << html_printable(r->reason) << "</span></li>\n";
  }
  out << "</ul>\n</section>\n";
}

void write_toc(std::ostream& out, const std::vector<Topic>& topics) {
  out << "<nav class=\"toc\" aria-label=\"Topics\"><span class=\"flabel\">topics</span>";
  for (const auto& t : topics) {
    const std::string name = html_printable(t.name);
    const int bad = t.summary.failed + t.summary.errored;
    out << "<a href=\"#topic-" << name << "\"" << (bad ? " class=\"has-fail\"" : "") << ">" << name << " <span class=\"n\">"
        << t.summary.total();
    if (bad) out << ", " << bad << " failed";
    out << "</span></a>";
  }
  out << "</nav>\n";
}

std::string_view asset(std::string_view name, std::string_view closing_tag) {
  std::string_view text = report_asset(name);
  // Inlined as is: it must not end its own element early.
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find(closing_tag) != std::string::npos)
    throw std::logic_error(std::string(name) + " contains " + std::string(closing_tag));
  return text;
}

}  // namespace

std::string html_wire_bytes(std::string_view bytes, bool styled) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  char open = 0;  // the element a run of escapes is in: 'b', 'i' or none
  auto close = [&] {
    if (open) {
      out += "</";
      out += open;
      out += '>';
      open = 0;
    }
  };
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_plain(c)) {
      close();
      append_html_escaped(out, ch);
      continue;
    }
    const char want = (c == '\r' || c == '\n') ? 'b' : 'i';
    if (styled && open != want) {
      close();
      out += '<';
      out += want;
      out += '>';
      open = want;
    }
    append_visible_byte(out, c);
    if (c == '\n') {
      close();
      out += '\n';
    }
  }
  close();
  return out;
}

void write_html_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results,
                       const RequirementNotes& notes) {
  const Summary s = summarize(results);
  const std::vector<Topic> topics = group_by_topic(results);
  const std::string impl = run.implementation.empty() ? std::string("(unnamed proxy)") : run.implementation;
  std::string verdict;
  if (s.failed + s.errored == 0)
    verdict = "no failures";
  else
    verdict = std::to_string(s.failed) + " failed" + (s.errored ? ", " + std::to_string(s.errored) + " errors" : "");
  out << "<!DOCTYPE html>\n<html lang=\"en\" class=\"no-js\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"color-scheme\" content=\"light dark\">\n"
         "<meta name=\"generator\" content=\"connectspec "
      << html_printable(run.harness_version) << "\">\n<title>" << html_printable(impl) << " " << kEmDash << " " << verdict << " of "
      << counted(s.total(), "case", "cases") << " " << kEmDash << " connectspec</title>\n<style>\n"
      << asset("report.css", "</style") << "\n</style>\n</head>\n<body>\n";
  write_header(out, run, s);
  if (run.bench) write_bench_section(out, *run.bench);
  write_filters(out, results, s);
  write_attention(out, results, notes);
  write_toc(out, topics);
  out << "<main id=\"cases\">\n<p class=\"empty-msg\" hidden>No case matches the filters.</p>\n";
  for (const auto& t : topics) {
    const std::string name = html_printable(t.name);
    out << "<section class=\"topic\" id=\"topic-" << name << "\" data-topic=\"" << name << "\">\n<h2>" << name
        << " <span class=\"tcounts\">" << counts_badges(t.summary, false) << "</span></h2>\n";
    for (const auto* r : t.results) write_case(out, *r, notes);
    out << "</section>\n";
  }
  out << "</main>\n<footer>connectspec " << html_printable(run.harness_version) << " " << kEmDash << " "
      << html_printable(run.started_at) << "</footer>\n<script>\n"
      << asset("report.js", "</script") << "\n</script>\n</body>\n</html>\n";
}

}  // namespace connectspec
