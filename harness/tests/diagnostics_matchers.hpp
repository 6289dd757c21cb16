// Catch2 helpers for tests of the input readers (cases, profiles, expected verdicts): find a
// reported problem by part of its message and require it at an exact file:line:col.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "input/diagnostics.hpp"

namespace connectspec::testing {

inline std::string dump(const Diagnostics& d) {
  std::string s = std::to_string(d.size()) + " problem(s):";
  for (const auto& p : d) s += "\n  " + p.str();
  return s;
}

inline const Diagnostic* find_problem(const Diagnostics& d, std::string_view part) {
  for (const auto& p : d)
    if (p.message.find(part) != std::string::npos) return &p;
  return nullptr;
}

}  // namespace connectspec::testing

// Requires a problem whose message holds `part`, at exactly file:line:col.
#define REQUIRE_PROBLEM_IN(problems, file_, line_, col_, part)                               \
  do {                                                                                       \
    INFO(::connectspec::testing::dump(problems));                                            \
    const ::connectspec::Diagnostic* found_ = ::connectspec::testing::find_problem((problems), (part)); \
    REQUIRE(found_ != nullptr);                                                              \
    CHECK(found_->pos.file == (file_));                                                      \
    CHECK(found_->pos.line == (line_));                                                      \
    CHECK(found_->pos.column == (col_));                                                     \
  } while (false)

#define REQUIRE_PROBLEM_COUNT(problems, n)                                                   \
  do {                                                                                       \
    INFO(::connectspec::testing::dump(problems));                                            \
    REQUIRE((problems).size() == (n));                                                       \
  } while (false)
