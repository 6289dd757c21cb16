// HOST:PORT parsing for --proxy, and the loopback check that bounds where traffic goes.
#include <catch2/catch.hpp>

#include <string>

#include "net/endpoint.hpp"

using namespace connectspec;

namespace {

// The error parse_host_port gives for text it rejects (and fails the test if it accepts it).
std::string rejection(const std::string& text) {
  std::string error;
  auto ep = parse_host_port(text, error);
  INFO(text);
  CHECK_FALSE(ep.has_value());
  CHECK_FALSE(error.empty());
  return error;
}

}  // namespace

TEST_CASE("parse_host_port accepts IPv4, bracketed IPv6 and names", "[endpoint]") {
  std::string error;
  auto v4 = parse_host_port("127.0.0.1:3128", error);
  REQUIRE(v4.has_value());
  CHECK(v4->host == "127.0.0.1");
  CHECK(v4->port == 3128);
  CHECK(v4->authority() == "127.0.0.1:3128");

  auto v6 = parse_host_port("[::1]:8080", error);
  REQUIRE(v6.has_value());
  CHECK(v6->host == "::1");  // without the brackets
  CHECK(v6->port == 8080);
  CHECK(v6->is_v6());
  CHECK(v6->authority() == "[::1]:8080");

  auto name = parse_host_port("localhost:1", error);
  REQUIRE(name.has_value());
  CHECK(name->host == "localhost");
  CHECK(name->port == 1);

  auto top = parse_host_port("127.0.0.1:65535", error);
  REQUIRE(top.has_value());
  CHECK(top->port == 65535);

  auto full_v6 = parse_host_port("[0:0:0:0:0:0:0:1]:9", error);
  REQUIRE(full_v6.has_value());
  CHECK(full_v6->host == "0:0:0:0:0:0:0:1");
  CHECK(full_v6->port == 9);
}

TEST_CASE("parse_host_port rejects bad text and says why", "[endpoint]") {
  CHECK(rejection("127.0.0.1") == "'127.0.0.1' is not HOST:PORT");
  CHECK(rejection(":3128") == "':3128' is not HOST:PORT");
  CHECK(rejection("") == "'' is not HOST:PORT");
  CHECK(rejection("127.0.0.1:0") == "port '0' is not a number from 1 to 65535");
  CHECK(rejection("127.0.0.1:65536") == "port '65536' is not a number from 1 to 65535");
  CHECK(rejection("127.0.0.1:99999999999999999999") ==
        "port '99999999999999999999' is not a number from 1 to 65535");
  CHECK(rejection("127.0.0.1:abc") == "port 'abc' is not a number from 1 to 65535");
  CHECK(rejection("127.0.0.1:") == "port '' is not a number from 1 to 65535");
  CHECK(rejection("127.0.0.1:80x") == "port '80x' is not a number from 1 to 65535");
  CHECK(rejection("127.0.0.1:-1") == "port '-1' is not a number from 1 to 65535");
  CHECK(rejection("127.0.0.1:+80") == "port '+80' is not a number from 1 to 65535");
  CHECK(rejection("127.0.0.1: 80") == "port ' 80' is not a number from 1 to 65535");
  CHECK(rejection("::1:80") == "IPv6 addresses need brackets: [::1]:PORT");
  CHECK(rejection("[::1]") == "'[::1]' is not [IPv6]:PORT");
  CHECK(rejection("[::1]80") == "'[::1]80' is not [IPv6]:PORT");
  CHECK(rejection("[::1") == "'[::1' is not [IPv6]:PORT");
  CHECK(rejection("[::1]:") == "port '' is not a number from 1 to 65535");
  CHECK(rejection("[nothex]:80") == "'nothex' is not an IPv6 address");
  CHECK(rejection("[127.0.0.1]:80") == "'127.0.0.1' is not an IPv6 address");
}

TEST_CASE("parse_host_port leaves the endpoint unset and reports, on every rejection", "[endpoint]") {
  std::string error = "stale";
  auto ep = parse_host_port("nope", error);
  CHECK_FALSE(ep.has_value());
  CHECK(error == "'nope' is not HOST:PORT");
}

TEST_CASE("is_loopback_host", "[endpoint]") {
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.9.9.9"));
  CHECK(is_loopback_host("127.255.255.255"));
  CHECK(is_loopback_host("::1"));
  CHECK(is_loopback_host("0:0:0:0:0:0:0:1"));
  CHECK(is_loopback_host("localhost"));

  CHECK_FALSE(is_loopback_host("10.0.0.1"));
  CHECK_FALSE(is_loopback_host("0.0.0.0"));
  CHECK_FALSE(is_loopback_host("128.0.0.1"));
  CHECK_FALSE(is_loopback_host("126.255.255.255"));
  CHECK_FALSE(is_loopback_host("::"));
  CHECK_FALSE(is_loopback_host("::2"));
  CHECK_FALSE(is_loopback_host("example.com"));
  CHECK_FALSE(is_loopback_host("[::1]"));  // brackets belong to authorities, not hosts
  CHECK_FALSE(is_loopback_host("127.0.0.1:80"));
  CHECK_FALSE(is_loopback_host(""));
  CHECK_FALSE(is_loopback_host("localhost.example.com"));
}

TEST_CASE("refuse_host: loopback always: elsewhere only an IP address, and only when allowed", "[endpoint]") {
  CHECK(refuse_host("127.0.0.1", false).empty());
  CHECK(refuse_host("::1", false).empty());
  CHECK(refuse_host("localhost", false).empty());
  CHECK_THAT(refuse_host("10.0.0.1", false), Catch::Contains("only sends traffic to loopback") &&
                                                 Catch::Contains("--allow-non-loopback"));
  CHECK_THAT(refuse_host("example.com", false), Catch::Contains("only sends traffic to loopback"));
  CHECK(refuse_host("10.0.0.1", true).empty());
  CHECK(refuse_host("2001:db8::1", true).empty());
  // A name would be resolved, and could lead anywhere: never, even when allowed.
  CHECK_THAT(refuse_host("example.com", true), Catch::Contains("must be an IP address"));
}
