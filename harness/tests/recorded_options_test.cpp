// What a run records of its flags: the ones that change what it measured, as typed, and never a
// password.
#include <catch2/catch.hpp>

#include "session/recorded_options.hpp"

using namespace connectspec;

TEST_CASE("recorded_options: faults, next proxy, credentials without the password, selection, timeouts",
          "[session][options]") {
  RunOptions plain;
  CHECK(recorded_options(plain).empty());  // a plain, whole run records nothing

  RunOptions o;
  o.refproxy_faults = {"no-port-check"};
  o.next_profile = "squid";
  o.credentials = "alice:s3cret";
  o.selection.filters = {"target.*"};
  o.selection.levels = {"MUST"};
  o.capabilities = {"basic-auth"};
  o.timeout_scale = 2.5;
  o.strict = true;
  o.host_network = true;
  auto r = recorded_options(o);
  CHECK(r == std::vector<std::string>{"--refproxy-fault no-port-check", "--next-proxy squid", "--host-network",
                                      "--credentials alice:***",
                                      "--filter target.*", "--level MUST", "--capability basic-auth",
                                      "--timeout-scale 2.5", "--strict"});
  for (const auto& s : r) CHECK(s.find("s3cret") == std::string::npos);

  ClientOptions c;
  c.refclient_faults = {"no-port"};
  c.selection.tags = {"auth"};
  CHECK(recorded_options(c) == std::vector<std::string>{"--refclient-fault no-port", "--tag auth"});
}
