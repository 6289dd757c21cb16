// The shapes of case ids, requirement IDs and profile names (input/name_forms.hpp), checked by
// hand with the same meaning as the regular expressions they replaced, and without recursion.
#include <catch2/catch.hpp>

#include <string>

#include "input/name_forms.hpp"

using namespace connectspec;

TEST_CASE("case ids: topic.name, lowercase, digits, '-' after the first part", "[name_forms]") {
  for (const char* ok : {"tunnel.echo", "t.a", "a1.b-2.c", "robustness.head-64k", "0.0"}) CHECK(is_case_id(ok));
  for (const char* bad : {"", "tunnel", "tunnel.", ".echo", "t..a", "t.-a", "tun-nel.echo", "t.Echo", "t.a_b", "t.a ", "t.é"})
    CHECK_FALSE(is_case_id(bad));
}

TEST_CASE("requirement IDs: R9110-9.3.6-b", "[name_forms]") {
  for (const char* ok : {"R9110-9.3.6-b", "R9112-3.2.3-a", "X-1", "Rfc9110-.-.", "A-b-C"}) CHECK(is_requirement_id(ok));
  for (const char* bad : {"", "R9110", "r9110-1", "R9110-", "R9110--1", "-1", "R9.1-1", "R9110-1 ", "R9110-a_b"})
    CHECK_FALSE(is_requirement_id(bad));
}

TEST_CASE("profile names: lowercase letters, digits, '.', '_' or '-'", "[name_forms]") {
  for (const char* ok : {"squid", "node-proxy", "a", "9", "a._-b"}) CHECK(is_profile_name(ok));
  for (const char* bad : {"", "-a", ".a", "_a", "Squid", "a b", "a/b"}) CHECK_FALSE(is_profile_name(bad));
}

TEST_CASE("a name of 300 KB is judged, not a stack overflow", "[name_forms]") {
  // Found while fuzzing (docs/fuzzing.md): std::regex_match recursed once per character and
  // `connectspec validate` died on a case file whose id was 300 KB long.
  const std::string long_part(300000, 'a');
  CHECK(is_case_id("t." + long_part));
  CHECK_FALSE(is_case_id("t." + long_part + "_"));
  CHECK(is_requirement_id("R9110-" + long_part));
  CHECK(is_profile_name(long_part));
}
