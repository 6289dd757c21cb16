#include "model/result.hpp"

namespace connectspec {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::pass: return "pass";
    case Outcome::fail: return "fail";
    case Outcome::warn: return "warn";
    case Outcome::info: return "info";
    case Outcome::skip: return "skip";
    case Outcome::error: return "error";
  }
  return "?";
}

std::string_view to_string(WireEvent::Kind kind) {
  using K = WireEvent::Kind;
  switch (kind) {
    case K::connect: return "connect";
    case K::accept: return "accept";
    case K::data: return "data";
    case K::eof: return "eof";
    case K::reset: return "reset";
    case K::close: return "close";
    case K::note: return "note";
    case K::frame: return "frame";
  }
  return "?";
}

std::string_view to_string(CheckResult::Grade grade) {
  switch (grade) {
    case CheckResult::Grade::ok: return "ok";
    case CheckResult::Grade::failed: return "failed";
    case CheckResult::Grade::warned: return "warned";
    case CheckResult::Grade::info: return "info";
    case CheckResult::Grade::noted: return "noted";
    case CheckResult::Grade::not_reached: return "not_reached";
  }
  return "?";
}

std::string CheckResult::summary() const {
  std::string s = keyword + ": expected " + expected + ", observed " + observed;
  if (!pos.file.empty()) s += " (" + pos.str() + ")";
  return s;
}

void Summary::add(Outcome o) {
  switch (o) {
    case Outcome::pass: ++passed; break;
    case Outcome::fail: ++failed; break;
    case Outcome::warn: ++warned; break;
    case Outcome::info: ++info; break;
    case Outcome::skip: ++skipped; break;
    case Outcome::error: ++errored; break;
  }
}

Summary summarize(const std::vector<CaseResult>& results) {
  Summary s;
  for (const auto& r : results) s.add(r.outcome);
  return s;
}

}  // namespace connectspec
