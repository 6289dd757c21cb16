#include "report/shared/check_citation.hpp"

#include <cctype>

namespace connectspec {

std::string keyword_words(std::string_view keyword) {
  if (keyword == "usual") return "preference";
  if (keyword == "none") return "definitional";
  return std::string(keyword);
}

const CheckResult* first_check(const CaseResult& r, CheckResult::Grade g) {
  for (const auto& c : r.checks)
    if (c.grade == g) return &c;
  return nullptr;
}

const CheckResult* deciding_check(const CaseResult& r) {
  using G = CheckResult::Grade;
  for (G g : {G::failed, G::warned, G::info, G::noted})
    if (const CheckResult* c = first_check(r, g)) return c;
  return nullptr;
}

CheckCitation cite(const CheckResult& check, const Case* test, const RequirementNotes& notes) {
  CheckCitation c;
  c.level = check.level;
  c.requirement = check.requirement;
  if (auto it = notes.find(check.requirement); !check.requirement.empty() && it != notes.end()) {
    c.rfc = it->second.rfc;
    c.keyword = keyword_words(it->second.keyword);
    c.summary = it->second.summary;
    c.role = it->second.role;
  }
  // The case's own section stands for its first requirement (or for a check that cites none), not
  // for the others it cites, which may be in another RFC.
  const bool first = check.requirement.empty() || (test && !test->requirements.empty() && check.requirement == test->requirements.front());
  if (c.rfc.empty() && test && first) c.rfc = test->rfc;
  return c;
}

std::string citation_text(const CheckCitation& c) {
  std::string paren = c.rfc;
  if (!c.keyword.empty() && c.keyword != to_string(c.level)) paren += (paren.empty() ? "" : ", ") + c.keyword;
  std::string out = c.requirement;
  if (!paren.empty()) out += (out.empty() ? "(" : " (") + paren + ")";
  if (!c.summary.empty()) out += (out.empty() ? "" : ": ") + c.summary;
  return out;
}

std::string citation_line(const CheckCitation& c) {
  std::string text = citation_text(c);
  return std::string(to_string(c.level)) + (text.empty() ? "" : " " + text);
}

namespace {

// The three digits after "HTTP/x.y " at the start of `s`, or "".
std::string status_of(std::string_view s) {
  if (s.rfind("HTTP/", 0) != 0) return "";
  auto space = s.find(' ');
  if (space == std::string_view::npos || s.size() < space + 4) return "";
  std::string_view code = s.substr(space + 1, 3);
  for (char ch : code)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return "";
  return std::string(code);
}

// N in "... (N preferred)", or "".
std::string preferred_of(std::string_view s) {
  auto at = s.rfind(" preferred)");
  if (at == std::string_view::npos) return "";
  auto open = s.rfind('(', at);
  if (open == std::string_view::npos) return "";
  std::string_view n = s.substr(open + 1, at - open - 1);
  if (n.empty()) return "";
  for (char ch : n)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return "";
  return std::string(n);
}

}  // namespace

std::string note_words(const CheckResult& check) {
  const std::string status = status_of(check.observed), preferred = preferred_of(check.expected);
  if (!status.empty() && !preferred.empty()) return status + " where " + preferred + " is usual";
  return check.keyword + ": " + check.observed;
}

std::string grade_words(CheckResult::Grade g) {
  return g == CheckResult::Grade::not_reached ? "not reached" : std::string(to_string(g));
}

std::string check_words(const CheckResult& check) {
  if (check.grade != CheckResult::Grade::not_reached) return check.summary();
  std::string s = check.keyword + ": " + (check.observed.empty() ? std::string("not reached") : check.observed);
  if (!check.pos.file.empty()) s += " (" + check.pos.str() + ")";
  return s;
}

}  // namespace connectspec
