// How every report names what a check enforces: the level it is graded at, the requirement ID,
// that requirement's RFC section and keyword, and the catalogue's one-line paraphrase. Console,
// JUnit, HTML and the compare matrix all word it the same way, so a reader tells "violates a
// MUST" from "does not follow a SHOULD" from "answers 503 where 400 is usual" at a glance.
#pragma once

#include <string>
#include <string_view>

#include "model/result.hpp"

namespace connectspec {

// The keyword as reports show it: "usual" (the text names the typical answer) is a preference,
// "none" (no keyword: the protocol's own definition) is definitional; the rest as written.
std::string keyword_words(std::string_view keyword);

// The check that decided a case's outcome: its first failed check, else its first warned, else
// its first info (a MAY or INFO check not met), else its first noted one. Null when none is.
const CheckResult* deciding_check(const CaseResult& r);

// The first check with that grade; null when none has it.
const CheckResult* first_check(const CaseResult& r, CheckResult::Grade g);

struct CheckCitation {
  Level level = Level::must;  // the level the check is graded at
  std::string requirement;    // the requirement ID it enforces; may be empty
  std::string rfc;            // its RFC section (without notes: the case's `rfc` for its first requirement); may be empty
  std::string keyword;        // keyword_words of the sentence's keyword; empty when unknown
  std::string summary;        // the paraphrase of what the text demands; may be empty
  std::string role;           // whom the sentence binds ("proxy, tunnel"); may be empty
};

// `test` may be null (then only the notes give the RFC section).
CheckCitation cite(const CheckResult& check, const Case* test, const RequirementNotes& notes);

// "R9110-9.3.6-b (RFC 9110 §9.3.6): a CONNECT to an invalid port is rejected", without the
// level; the keyword joins the parenthesis when it is not the level's own word ("MUST NOT",
// "definitional", "preference"). Parts that are unknown are left out.
std::string citation_text(const CheckCitation& c);

// The level's word ("MUST", "SHOULD", "MAY", "INFO") then citation_text.
std::string citation_line(const CheckCitation& c);

// A noted check in a few words: "503 where 400 is usual" for a status that was not the preferred
// one, else "expect_x: <observed>".
std::string note_words(const CheckResult& check);

// A check's grade as reports word it: "not reached", else its name ("failed", "warned", ...).
std::string grade_words(CheckResult::Grade g);

// Between a check's citation and its words: "MUST R9110-9.3.6-b (...) — expect_status: ...".
inline constexpr char kCitationDash[] = " \xe2\x80\x94 ";  // " — "

// A check's expected/observed line: CheckResult::summary(), or for a check not reached
// "expect_x: not reached: step 2 (expect_status) failed first (file:line:col)".
std::string check_words(const CheckResult& check);

}  // namespace connectspec
