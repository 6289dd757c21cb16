// nearest_name: the suggestion an error message offers for a misspelt name.
#include <catch2/catch.hpp>

#include "input/nearest_name.hpp"

using namespace connectspec;

TEST_CASE("A misspelt name gets the nearest known one, a stranger none", "[input][suggest]") {
  const std::vector<std::string> commands{"run", "list", "validate", "coverage", "merge", "compare", "bench", "mutants"};
  CHECK(nearest_name("runn", commands) == "run");
  CHECK(nearest_name("rnu", commands) == "run");  // two letters swapped
  CHECK(nearest_name("valdiate", commands) == "validate");
  CHECK(nearest_name("COMPARE", commands) == "compare");
  CHECK(nearest_name("mutant", commands) == "mutants");
  CHECK_FALSE(nearest_name("xyz", commands));
  CHECK_FALSE(nearest_name("", commands));
  CHECK_FALSE(nearest_name(std::string(1000, 'r'), commands));
  const std::vector<std::string> keys{"expect_status", "expect_headers", "expect_data"};
  CHECK(nearest_name("expect_stauts", keys) == "expect_status");
}
