#include "report/run/console_reporter.hpp"

#include <algorithm>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "report/shared/check_citation.hpp"
#include "report/shared/counted.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace {

constexpr std::size_t kConsoleEventDataCap = 120;  // one terminal line or so per data event

// Upper case for the outcomes that need attention, so they stand out without colour too.
std::string_view label(Outcome o) {
  switch (o) {
    case Outcome::pass: return "pass ";
    case Outcome::fail: return "FAIL ";
    case Outcome::warn: return "WARN ";
    case Outcome::info: return "info ";
    case Outcome::skip: return "skip ";
    case Outcome::error: return "ERROR";
  }
  return "?    ";
}

std::string_view colour_code(Outcome o) {
  switch (o) {
    case Outcome::pass: return "\x1b[32m";
    case Outcome::fail:
    case Outcome::error: return "\x1b[31m";
    case Outcome::warn: return "\x1b[33m";
    case Outcome::info: return "\x1b[36m";
    case Outcome::skip: return "\x1b[2m";
  }
  return "";
}

// Padded to one width, so the levels after them line up.
std::string_view grade_label(CheckResult::Grade g) {
  switch (g) {
    case CheckResult::Grade::ok: return "ok         ";
    case CheckResult::Grade::failed: return "FAILED     ";
    case CheckResult::Grade::warned: return "WARNED     ";
    case CheckResult::Grade::info: return "info       ";
    case CheckResult::Grade::noted: return "noted      ";
    case CheckResult::Grade::not_reached: return "not reached";
  }
  return "?          ";
}

std::string padded(std::string_view s, std::size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}


std::string duration(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "(%.0f ms)", ms);
  return buf;
}

}  // namespace

bool color_enabled(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(fd) == 1 && (no_color == nullptr || *no_color == '\0');
}

ConsoleReporter::ConsoleReporter(std::ostream& out, bool color, bool verbose, RequirementNotes notes)
    : out_(out), color_(color), verbose_(verbose), notes_(std::move(notes)) {}

std::string ConsoleReporter::paint(std::string_view text, Outcome outcome) const {
  if (!color_) return std::string(text);
  return std::string(colour_code(outcome)) + std::string(text) + "\x1b[0m";
}

std::string ConsoleReporter::dim(std::string_view text) const {
  if (!color_) return std::string(text);
  return "\x1b[2m" + std::string(text) + "\x1b[0m";
}

// The reason comes from the wire at times; printable_text keeps escape sequences a broken proxy
// sent from reaching the terminal.
std::string ConsoleReporter::case_line(const CaseResult& r) const {
  const Case& c = *r.test;
  std::string line = "  " + paint(label(r.outcome), r.outcome) + "  " + printable_text(c.id) + "  ";
  // --confirm saw this verdict change on a re-run ("UNSTABLE fail then pass").
  if (r.unstable) {
    std::string seen = std::string(to_string(r.first_outcome)) + " then";
    for (std::size_t i = 0; i < r.reruns.size(); ++i) seen += (i ? ", " : " ") + std::string(to_string(r.reruns[i]));
    line += paint("UNSTABLE", Outcome::warn) + " " + seen + "  ";
  }
  using G = CheckResult::Grade;
  switch (r.outcome) {
    case Outcome::pass: {
      line += dim(duration(r.duration_ms));
      // Met, but not with the usual answer; or a MAY check not met: a difference, not a verdict.
      if (const CheckResult* k = first_check(r, G::noted)) line += "  (note: " + printable_text(note_words(*k)) + ")";
      if (const CheckResult* k = first_check(r, G::info))
        line += "  (not observed: " + std::string(to_string(k->level)) + (k->requirement.empty() ? "" : " ") +
                printable_text(k->requirement) + " " + printable_text(k->keyword) + ")";
      return line;
    }
    case Outcome::fail:
    case Outcome::warn:
    case Outcome::error: {
      // The check that decided it (a failed MUST check, or a SHOULD one that warned or, under
      // --strict, failed), cited; a case with none (an error) gives its own level.
      const CheckResult* k = r.outcome == Outcome::error ? first_check(r, G::failed) : deciding_check(r);
      if (!k || (k->grade != G::failed && k->grade != G::warned))
        return line + std::string(to_string(c.level)) + "  " + printable_text(r.reason);
      return line + printable_text(citation_line(cite(*k, &c, notes_))) + kCitationDash + printable_text(r.reason);
    }
    case Outcome::info: {
      // Recorded, not judged; but a reader must see whether the behaviour was there.
      bool met = std::none_of(r.checks.begin(), r.checks.end(),
                              [](const CheckResult& k) { return k.grade == G::failed || k.grade == G::warned || k.grade == G::info; });
      return line + (met ? "observed: " : "not observed: ") + printable_text(r.reason);
    }
    case Outcome::skip:
      return line + printable_text(r.reason);
  }
  return line;
}

// "         FAILED       MUST    R9110-9.3.6-b  expect_status: expected 4xx, observed 200 (f:3:1)";
// a check not reached is dimmed and says which step failed first.
std::string ConsoleReporter::check_line(const CheckResult& k) const {
  std::string line = "         " + std::string(grade_label(k.grade)) + "  " + padded(to_string(k.level), 6) + "  " +
                     (k.requirement.empty() ? std::string() : printable_text(k.requirement) + "  ") + printable_text(check_words(k));
  return k.grade == CheckResult::Grade::not_reached ? dim(line) : line;
}

void ConsoleReporter::on_start(const RunInfo& run, std::size_t total) {
  out_ << "connectspec " << run.harness_version << ": " << counted(total, "case", "cases") << " against "
       << printable_text(run.implementation);
  if (!run.target.empty() && run.target != run.implementation) out_ << " at " << printable_text(run.target);
  out_ << " over " << to_string(run.protocol) << "\n";
  if (!run.network.empty()) out_ << "  network: " << printable_text(run.network) << "\n";
  if (!run.options.empty()) {
    std::string opts;
    for (const auto& o : run.options) opts += (opts.empty() ? "" : " ") + o;
    out_ << "  with " << printable_text(opts) << "\n";
  }
  out_ << std::flush;
}

void ConsoleReporter::on_case_done(const CaseResult& r) {
  out_ << case_line(r) << "\n";
  if (verbose_) {
    for (const auto& check : r.checks) out_ << check_line(check) << "\n";
    if (r.outcome != Outcome::pass && r.outcome != Outcome::skip)
      for (const auto& e : r.transcript) out_ << "       " << describe_event(e, kConsoleEventDataCap) << "\n";
    if (!r.proxy_log_tail.empty()) out_ << dim("       proxy output:\n") << printable_text(r.proxy_log_tail) << "\n";
  }
  out_ << std::flush;
}

namespace {

// 60955 -> "60.96 s"
std::string fmt_seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000);
  return buf;
}

}  // namespace

void ConsoleReporter::on_finish(const RunInfo& run, const std::vector<CaseResult>& results) {
  const auto list = [&](std::string_view heading, auto wanted) {
    bool any = false;
    for (const auto& r : results) {
      if (!wanted(r.outcome)) continue;
      if (!any) out_ << "\n" << heading << ":\n";
      any = true;
      out_ << case_line(r) << "\n";
    }
  };
  list("Failures", [](Outcome o) { return o == Outcome::fail || o == Outcome::error; });
  list("Warnings", [](Outcome o) { return o == Outcome::warn; });
  if (slowest_ > 0 && !results.empty()) {
    std::vector<const CaseResult*> by_time;
    for (const auto& r : results) by_time.push_back(&r);
    std::stable_sort(by_time.begin(), by_time.end(),
                     [](const CaseResult* a, const CaseResult* b) { return a->duration_ms > b->duration_ms; });
    by_time.resize(std::min(by_time.size(), static_cast<std::size_t>(slowest_)));
    double total = 0;
    for (const auto& r : results) total += r.duration_ms;
    out_ << "\nSlowest " << counted(by_time.size(), "case", "cases") << " (of " << fmt_seconds(total)
         << " spent in cases, summed over the parallel jobs):\n";
    for (const CaseResult* r : by_time)
      out_ << "  " << std::string(std::max<int>(0, 8 - static_cast<int>(fmt_seconds(r->duration_ms).size())), ' ')
           << fmt_seconds(r->duration_ms) << "  " << (r->test ? r->test->id : std::string("?")) << "  ("
           << to_string(r->outcome) << ")\n";
  }

  const Summary s = summarize(results);
  char wall[32];
  std::snprintf(wall, sizeof wall, "%.2f", run.wall_ms / 1000);
  out_ << "\nconnectspec: " << counted(s.total(), "case", "cases") << " against " << printable_text(run.implementation)
       << " in " << wall << " s\n";
  if (!run.interrupted.empty())
    out_ << "interrupted by " << run.interrupted << ": the cases it stopped are counted as skipped (not run)\n";
  out_ << s.passed << " passed, " << s.failed << " failed, " << s.warned << " warned, " << s.info
       << " info, " << s.skipped << " skipped, " << s.errored << " errors\n"
       << std::flush;
}

}  // namespace connectspec
