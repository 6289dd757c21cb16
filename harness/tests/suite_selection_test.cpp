// A run speaks one protocol to the proxy and selects the cases of its family (session/
// suite_selection.hpp): HTTP/1.1 cases for http/1.1, HTTP/2 cases for h2c and h2; and it says how
// many of the other family the flags would have selected, and how to run them.
#include <catch2/catch.hpp>

#include "session/suite_selection.hpp"

using namespace connectspec;

namespace {

LoadedSuite suite_of(int http1, int h2) {
  LoadedSuite s;
  for (int i = 0; i < http1; ++i) {
    Case c;
    c.id = "tunnel.h1-" + std::to_string(i);
    c.topic = "tunnel";
    s.cases.push_back(c);
  }
  for (int i = 0; i < h2; ++i) {
    Case c;
    c.id = "h2.case-" + std::to_string(i);
    c.topic = "h2";
    c.protocol = Protocol::h2;
    s.cases.push_back(c);
  }
  return s;
}

}  // namespace

TEST_CASE("a run selects the cases of its protocol's family", "[selection][protocol]") {
  const LoadedSuite suite = suite_of(3, 2);
  Selection sel;
  CHECK(select_cases(suite, sel).size() == 5);  // no protocol (list, coverage): every case
  sel.protocol = Protocol::http1;
  CHECK(select_cases(suite, sel).size() == 3);
  sel.protocol = Protocol::h2c;
  auto h2c = select_cases(suite, sel);
  REQUIRE(h2c.size() == 2);
  CHECK(h2c[0]->protocol == Protocol::h2);
  sel.protocol = Protocol::h2;
  CHECK(select_cases(suite, sel).size() == 2);
  CHECK(runs_over(Protocol::h2, Protocol::h2c));
  CHECK_FALSE(runs_over(Protocol::http1, Protocol::h2));
}

TEST_CASE("the cases of the other protocol are counted, with the flag that runs them", "[selection][protocol]") {
  const LoadedSuite suite = suite_of(128, 1);
  Selection sel;
  CHECK(other_protocol_note(suite, sel).empty());
  sel.protocol = Protocol::h2c;
  CHECK(other_protocol_note(suite, sel) == "128 HTTP/1.1 cases not selected: this run speaks h2c (use --protocol http/1.1)");
  sel.protocol = Protocol::http1;
  CHECK(other_protocol_note(suite, sel) == "1 HTTP/2 case not selected: this run speaks http/1.1 (use --protocol h2c or h2)");
  // Only what the other flags select counts; and a shard does not change the count.
  sel.filters = {"tunnel.*"};
  CHECK(other_protocol_note(suite, sel).empty());
  sel.filters.clear();
  sel.protocol = Protocol::h2;
  sel.shard = "1/2";
  CHECK(other_protocol_note(suite, sel) == "128 HTTP/1.1 cases not selected: this run speaks h2 (use --protocol http/1.1)");
}

TEST_CASE("a run leaves out the cases tagged offline unless no name lookup can leave the machine", "[selection][offline]") {
  LoadedSuite suite = suite_of(3, 0);
  suite.cases[1].id = "errors.dns-failure";
  suite.cases[1].tags = {"errors", kOfflineTag};
  suite.cases[2].tags = {"target", kOfflineTag};
  Selection sel;
  sel.protocol = Protocol::http1;
  CHECK(select_cases(suite, sel).size() == 3);  // unset (list, coverage): every case
  CHECK(offline_note(suite, sel).empty());
  sel.offline = true;
  CHECK(select_cases(suite, sel).size() == 3);
  CHECK(offline_note(suite, sel).empty());
  sel.offline = false;
  sel.not_offline_because = "network interface eth0 is up";
  auto run = select_cases(suite, sel);
  REQUIRE(run.size() == 1);
  CHECK(run[0]->id == "tunnel.h1-0");
  CHECK(offline_note(suite, sel) ==
        "2 cases that make the proxy look a name up not run, since network interface eth0 is up: errors.dns-failure, "
        "tunnel.h1-2 (run them under scripts/offline-run)");
  sel.filters = {"errors.*"};
  CHECK(select_cases(suite, sel).empty());
  CHECK(offline_note(suite, sel) ==
        "1 case that makes the proxy look a name up not run, since network interface eth0 is up: errors.dns-failure "
        "(run it under scripts/offline-run)");
  sel.filters = {"tunnel.h1-0"};
  CHECK(offline_note(suite, sel).empty());  // nothing the flags select was left out
}
