// Checking the regular expressions input files give (input/pattern_check.hpp): what std::regex
// refuses, and what it must never be given.
#include <catch2/catch.hpp>

#include <string>

#include "input/pattern_check.hpp"

using namespace connectspec;

TEST_CASE("regex_problem accepts patterns and counts their groups", "[pattern_check]") {
  std::size_t groups = 99;
  CHECK_FALSE(regex_problem("^([0-9]+)\\.([0-9]+)", &groups));
  CHECK(groups == 2);
  CHECK_FALSE(regex_problem("(a)\\1{2,3}x{12,345}"));
  CHECK_FALSE(regex_problem("\\\\12345678901"));  // an escaped backslash, then literal digits
  CHECK_FALSE(regex_problem("12345678901234567890"));  // literal digits
  CHECK(regex_problem("(unclosed").has_value());
}

TEST_CASE("regex_problem refuses a pattern too long to compile safely", "[pattern_check]") {
  CHECK_FALSE(regex_problem(std::string(kMaxPatternLength, 'a')));
  CHECK(regex_problem(std::string(kMaxPatternLength + 1, 'a')) == "it is 4097 characters long (at most 4096)");
}

TEST_CASE("regex_problem refuses back-references and repeat counts of more than 9 digits", "[pattern_check]") {
  // Found by fuzz-profile-file: libstdc++ read \555...5 into a long and overflowed (UBSan).
  CHECK(regex_problem("(a)\\" + std::string(70, '5')) ==
        "the number 55555555555555555555... has more than 9 digits");
  CHECK(regex_problem("a{99999999999999999999}") == "the number 99999999999999999999 has more than 9 digits");
  CHECK(regex_problem("a{1,1234567890}") == "the number 1234567890 has more than 9 digits");
  CHECK(regex_problem("(a)\\1234567890") == "the number 1234567890 has more than 9 digits");
}
