#include "report/run/junit_report.hpp"

#include <algorithm>
#include <cstdio>
#include <deque>

#include "report/shared/check_citation.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace {

// Large enough for the checks and the tail of the exchange, small enough that CI pages that
// inline failure bodies stay usable.
constexpr std::size_t kBodyCap = 8 * 1024;
constexpr std::size_t kJunitEventDataCap = 256;

// printable_text already removed everything XML 1.0 forbids; what is left is markup escaping.
// In attributes, \t \n \r must be character references or attribute normalisation turns them
// into spaces.
std::string xml_escape(std::string_view raw, bool attribute) {
  std::string out;
  for (char c : printable_text(raw)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;  // also keeps "]]>" out of character data
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;  // a raw \r in text would be read back as \n
      default: out += c;
    }
  }
  return out;
}

std::string attr(std::string_view s) { return xml_escape(s, true); }
std::string body(std::string_view s) { return xml_escape(s, false); }

std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms / 1000);
  return buf;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// Keeps the end of text when it is too long: for logs the last lines say the most.
std::string tail(const std::string& text, std::size_t cap) {
  if (text.size() <= cap) return text;
  return "...\n" + text.substr(text.size() - cap);
}

// Each check that was not simply met, one line each, cited as the console cites it:
// "failed: MUST R9110-9.3.6-b (RFC 9110 §9.3.6): a CONNECT ... — expect_status: expected 4xx, ...".
std::string non_ok_checks(const CaseResult& r, const RequirementNotes& notes) {
  std::string out;
  for (const auto& c : r.checks)
    if (c.grade != CheckResult::Grade::ok)
      out += grade_words(c.grade) + ": " + citation_line(cite(c, r.test, notes)) + kCitationDash + check_words(c) + "\n";
  return out;
}

// The check that decided a fail or warn; null when none did, or when the case is unstable (its
// checks are its first run's, not those of the verdict).
const CheckResult* judged_by(const CaseResult& r) {
  if (r.unstable) return nullptr;
  const CheckResult* k = deciding_check(r);
  return k && (k->grade == CheckResult::Grade::failed || k->grade == CheckResult::Grade::warned) ? k : nullptr;
}

// The failed checks, then as many of the last transcript events as fit under kBodyCap.
std::string failure_body(const CaseResult& r, const RequirementNotes& notes) {
  std::string out = tail(non_ok_checks(r, notes), kBodyCap / 2);
  if (r.transcript.empty()) return out;
  std::deque<std::string> lines;
  std::size_t used = out.size();
  for (auto it = r.transcript.rbegin(); it != r.transcript.rend(); ++it) {
    std::string line = describe_event(*it, kJunitEventDataCap) + "\n";
    if (used + line.size() > kBodyCap) break;
    used += line.size();
    lines.push_front(std::move(line));
  }
  if (!r.origins.empty()) out += (out.empty() ? "origins: " : "\norigins: ") + describe_origins(r.origins);
  out += out.empty() ? "transcript" : "\ntranscript";
  if (lines.size() < r.transcript.size())
    out += " (last " + std::to_string(lines.size()) + " of " + std::to_string(r.transcript.size()) +
           " events)";
  out += ":\n";
  for (const auto& l : lines) out += l;
  return out;
}

struct Suite {
  std::string topic;
  std::vector<const CaseResult*> results;
  int failures = 0, errors = 0, skipped = 0;
  double ms = 0;
};

void write_testcase(std::ostream& out, const CaseResult& r, const RequirementNotes& notes) {
  const Case& c = *r.test;
  const CheckResult* judged = judged_by(r);
  out << "    <testcase name=\"" << attr(c.id) << "\" classname=\"connectspec." << attr(c.topic)
      << "\" time=\"" << seconds(r.duration_ms) << "\" file=\"" << attr(c.pos.file) << "\" line=\""
      << c.pos.line << "\">\n";
  out << "      <properties>\n"
      << "        <property name=\"level\" value=\"" << attr(to_string(c.level)) << "\"/>\n"
      << "        <property name=\"requirements\" value=\"" << attr(join(c.requirements, ",")) << "\"/>\n"
      << "        <property name=\"rfc\" value=\"" << attr(c.rfc) << "\"/>\n";
  // --confirm re-ran it: the verdicts seen, and whether they differed (then the outcome is the best).
  if (!r.reruns.empty()) {
    std::string seen = std::string(to_string(r.first_outcome)) + " then";
    for (std::size_t i = 0; i < r.reruns.size(); ++i) seen += (i ? ", " : " ") + std::string(to_string(r.reruns[i]));
    out << "        <property name=\"reruns\" value=\"" << attr(seen) << "\"/>\n"
        << "        <property name=\"unstable\" value=\"" << (r.unstable ? "true" : "false") << "\"/>\n";
  }
  out << "      </properties>\n";
  switch (r.outcome) {
    case Outcome::fail:
      // The message stays the case's reason (what the JSON says); the type is the level of the
      // check that failed it (SHOULD for a warning that --strict made a failure), and the body
      // cites every check that was not met.
      out << "      <failure message=\"" << attr(r.reason) << "\" type=\""
          << attr(to_string(judged ? judged->level : c.level)) << "\">" << body(failure_body(r, notes)) << "</failure>\n";
      break;
    case Outcome::error:
      out << "      <error message=\"" << attr(r.reason) << "\" type=\"error\">"
          << body(failure_body(r, notes)) << "</error>\n";
      break;
    case Outcome::skip:
      out << "      <skipped message=\"" << attr(r.reason) << "\"/>\n";
      break;
    case Outcome::warn:
    case Outcome::info:
      out << "      <system-out>" << (r.outcome == Outcome::warn ? "WARN: " : "INFO: ");
      if (judged) out << body(citation_line(cite(*judged, r.test, notes))) << kCitationDash;
      out << body(r.reason) << "\n" << body(tail(non_ok_checks(r, notes), kBodyCap)) << "</system-out>\n";
      break;
    case Outcome::pass:
      // A verdict that changed on a re-run; met, but not every check with the usual answer; a MAY
      // check not met: said, not judged.
      if (r.unstable)
        out << "      <system-out>UNSTABLE: " << body(r.reason) << "\n" << body(tail(non_ok_checks(r, notes), kBodyCap))
            << "</system-out>\n";
      else if (const CheckResult* k = deciding_check(r))
        out << "      <system-out>" << (k->grade == CheckResult::Grade::noted ? "NOTE: " + body(note_words(*k)) : "INFO: " + body(r.reason))
            << "\n" << body(tail(non_ok_checks(r, notes), kBodyCap)) << "</system-out>\n";
      break;
  }
  if (!r.proxy_log_tail.empty())
    out << "      <system-err>" << body(tail(r.proxy_log_tail, kBodyCap)) << "</system-err>\n";
  out << "    </testcase>\n";
}

}  // namespace

void write_junit_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results,
                        const RequirementNotes& notes) {
  std::vector<Suite> suites;  // in order of first appearance, as the run listed them
  for (const auto& r : results) {
    auto it = std::find_if(suites.begin(), suites.end(),
                           [&](const Suite& s) { return s.topic == r.test->topic; });
    if (it == suites.end()) {
      it = suites.emplace(suites.end());
      it->topic = r.test->topic;
    }
    it->results.push_back(&r);
    it->failures += r.outcome == Outcome::fail;
    it->errors += r.outcome == Outcome::error;
    it->skipped += r.outcome == Outcome::skip;
    it->ms += r.duration_ms;
  }
  const Summary total = summarize(results);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"connectspec\" tests=\"" << total.total() << "\" failures=\""
      << total.failed << "\" errors=\"" << total.errored << "\" skipped=\"" << total.skipped
      << "\" time=\"" << seconds(run.wall_ms) << "\">\n";
  for (const auto& s : suites) {
    out << "  <testsuite name=\"" << attr(s.topic) << "\" tests=\"" << s.results.size()
        << "\" failures=\"" << s.failures << "\" errors=\"" << s.errors << "\" skipped=\""
        << s.skipped << "\" time=\"" << seconds(s.ms) << "\">\n";
    // The run's facts every suite shares: what the proxy was and how it was spoken to.
    out << "    <properties>\n"
        << "      <property name=\"implementation\" value=\"" << attr(run.implementation) << "\"/>\n"
        << "      <property name=\"protocol\" value=\"" << attr(to_string(run.protocol)) << "\"/>\n";
    if (!run.not_started.empty()) out << "      <property name=\"not_started\" value=\"" << attr(run.not_started) << "\"/>\n";
    if (!run.network.empty()) out << "      <property name=\"network\" value=\"" << attr(run.network) << "\"/>\n";
    if (!run.options.empty()) out << "      <property name=\"options\" value=\"" << attr(join(run.options, " ")) << "\"/>\n";
    out << "    </properties>\n";
    for (const CaseResult* r : s.results) write_testcase(out, *r, notes);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace connectspec
