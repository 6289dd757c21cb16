// ${...} placeholders: expansion of endpoints, offsets, raw bytes, repeats and escapes, and the
// error for each malformed form.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "casefile/placeholders.hpp"

using namespace connectspec;
using namespace std::string_literals;

namespace {

const PlaceholderValues kValues{
    {"main", Endpoint{"127.0.0.1", 8080}},
    {"six", Endpoint{"::1", 9000}},
    {"proxy", Endpoint{"127.0.0.1", 3128}},
};

const std::vector<std::string> kKnown{"main", "proxy"};

std::string expand(std::string_view text) { return expand_placeholders(text, kValues); }

// The error check_placeholders gives, or "" when the text is fine.
std::string problem(std::string_view text) { return check_placeholders(text, kKnown).value_or(""); }

}  // namespace

TEST_CASE("Endpoint::authority brackets IPv6 only", "[placeholders]") {
  CHECK(Endpoint{"127.0.0.1", 80}.authority() == "127.0.0.1:80");
  CHECK_FALSE(Endpoint{"127.0.0.1", 80}.is_v6());
  CHECK(Endpoint{"::1", 443}.authority() == "[::1]:443");
  CHECK(Endpoint{"::1", 443}.is_v6());
}

TEST_CASE("host, port and authority of IPv4 and IPv6 endpoints", "[placeholders]") {
  CHECK(expand("${main.host}") == "127.0.0.1");
  CHECK(expand("${main.port}") == "8080");
  CHECK(expand("${main.authority}") == "127.0.0.1:8080");
  CHECK(expand("${six.host}") == "::1");  // no brackets: host is the bare address
  CHECK(expand("${six.port}") == "9000");
  CHECK(expand("${six.authority}") == "[::1]:9000");
  CHECK(expand("${proxy.authority}") == "127.0.0.1:3128");
  CHECK(expand("CONNECT ${main.authority} HTTP/1.1\r\nHost: ${six.authority}\r\n\r\n") ==
        "CONNECT 127.0.0.1:8080 HTTP/1.1\r\nHost: [::1]:9000\r\n\r\n");
  CHECK(expand("${main.host}:${main.port}${main.port}") == "127.0.0.1:80808080");
}

TEST_CASE("port offsets: the 16-bit wrap and neighbours", "[placeholders]") {
  CHECK(expand("${main.port+65536}") == "73616");
  CHECK(expand("${main.port-1}") == "8079");
  CHECK(expand("${main.port+0}") == "8080");
  CHECK(expand("${six.port+1}") == "9001");
  // No clamping: an offset below zero gives a negative number, which is what a case asks for.
  CHECK(expand("${main.port-8081}") == "-1");
}

TEST_CASE("port_hex: the port in lowercase hex digits, without 0x", "[placeholders]") {
  CHECK(expand("${main.port_hex}") == "1f90");  // 8080
  CHECK(expand("0x${six.port_hex}") == "0x2328");  // 9000
  CHECK(problem("${main.port_hex+1}") == "only port takes an offset, in ${main.port_hex+1}");
}

TEST_CASE("${hex:..} writes raw bytes, NUL included", "[placeholders]") {
  std::string out = expand("${hex:0d 0a 00}");
  REQUIRE(out.size() == 3);
  CHECK(out == "\r\n\0"s);
  CHECK(expand("a${hex:FF7f}b") == "a\xff\x7f" "b"s);
  CHECK(expand("${hex:}").empty());
  CHECK(expand("${hex:00}${hex:00}") == "\0\0"s);
}

TEST_CASE("${repeat:N:TEXT} writes N copies", "[placeholders]") {
  CHECK(expand("${repeat:3:ab}") == "ababab");
  CHECK(expand("x${repeat:0:ab}y") == "xy");
  CHECK(expand("${repeat:2:a:b}") == "a:ba:b");  // only the first colon separates
  CHECK(expand("${repeat:10000:a}") == std::string(10000, 'a'));
}

TEST_CASE("$${ is a literal ${ and a lone $ stays", "[placeholders]") {
  CHECK(expand("$${main.host}") == "${main.host}");
  CHECK(expand("a$${b") == "a${b");
  CHECK(expand("$") == "$");
  CHECK(expand("cost: $5") == "cost: $5");
  CHECK(expand("end$") == "end$");
  CHECK(expand("$}") == "$}");
  CHECK(expand("no placeholders") == "no placeholders");
  CHECK(expand("") == "");
  CHECK(problem("$${not.a.reference") == "");
  CHECK(problem("$") == "");
}

TEST_CASE("check_placeholders accepts what expands", "[placeholders]") {
  for (const char* ok : {"${main.host}", "${proxy.port+65536}", "${main.port-1}", "${hex:0d 0a 00}",
                         "${repeat:3:ab}", "$${x", "plain", ""}) {
    INFO(ok);
    CHECK(problem(ok) == "");
  }
}

TEST_CASE("check_placeholders names each malformed form", "[placeholders]") {
  CHECK(problem("${main.nope}") == "unknown field 'nope' in ${main.nope} (host, port, port_hex or authority)");
  CHECK(problem("${hex:zz}") == "${hex:...} holds a non-hex character 'z'");
  CHECK(problem("${hex:0d0}") == "${hex:...} needs an even number of hex digits");
  CHECK(problem("${hex:0x0d}") == "${hex:...} holds a non-hex character 'x'");
  CHECK(problem("abc ${main.host") == "unterminated ${ placeholder");
  CHECK(problem("${") == "unterminated ${ placeholder");
  CHECK(problem("${repeat:x:ab}") == "${repeat:N:TEXT} needs a count and a text");
  CHECK(problem("${repeat:3}") == "${repeat:N:TEXT} needs a count and a text");
  CHECK(problem("${repeat::ab}") == "${repeat:N:TEXT} needs a count and a text");
  CHECK(problem("${repeat:-1:ab}") == "${repeat:N:TEXT} needs a count and a text");
  CHECK(problem("${repeat:99999999:a}") == "${repeat:...} count is over 16 MiB");
  // Found while writing the case-file fuzzer (docs/fuzzing.md): the count alone was bounded, so 1 KB of case file
  // (${repeat:16777216:<1000 bytes>}) made `connectspec validate` allocate 16 GB and abort.
  CHECK(problem("${repeat:16777216:ab}") == "${repeat:...} expands to over 16 MiB");
  CHECK(problem("${repeat:8388608:ab}") == "");
  CHECK(problem("${repeat:16777216:" + std::string(1000, 'a') + "}") == "${repeat:...} expands to over 16 MiB");
  CHECK(problem("${repeat:8388608:ab}${repeat:1:c}") == "the placeholders expand to over 16 MiB in all");
  CHECK(problem("${main}") ==
        "placeholder ${main} is not NAME.host, NAME.port, NAME.authority, hex:.. or repeat:..");
  CHECK(problem("${.port}").find("is not NAME.host") != std::string::npos);
  CHECK(problem("${}").find("is not NAME.host") != std::string::npos);
  CHECK(problem("${main.port+}") == "bad offset in ${main.port+}");
  CHECK(problem("${main.port+x}") == "bad offset in ${main.port+x}");
  CHECK(problem("${main.port+1x}") == "bad offset in ${main.port+1x}");
  // Found while writing the case-file fuzzer (docs/fuzzing.md): "port--N" parsed -N and negated it (INT64_MIN overflowed), and a huge
  // offset overflowed port + offset when the run expanded it.
  CHECK(problem("${main.port--5}") == "bad offset in ${main.port--5}");
  CHECK(problem("${main.port+-5}") == "bad offset in ${main.port+-5}");
  CHECK(problem("${main.port--9223372036854775808}") == "bad offset in ${main.port--9223372036854775808}");
  CHECK(problem("${main.port+9223372036854775807}") == "offset in ${main.port+9223372036854775807} is over 4294967296");
  CHECK(problem("${main.port-4294967296}") == "");
  CHECK(problem("${main.host+1}") == "only port takes an offset, in ${main.host+1}");
  CHECK(problem("${other.port}") ==
        "placeholder names 'other', which is not an origin of this case (known: main proxy)");
  CHECK(check_placeholders("${main.port}", {}).value_or("") ==
        "placeholder names 'main', which is not an origin of this case (known:)");
}

TEST_CASE("the first malformed placeholder is the one reported", "[placeholders]") {
  CHECK(problem("${main.host} ${hex:z} ${other.port}") == "${hex:...} holds a non-hex character 'z'");
  CHECK(problem("${other.port} ${hex:z}").find("'other'") != std::string::npos);
}

TEST_CASE("expand_placeholders throws on what check_placeholders rejects", "[placeholders]") {
  CHECK_THROWS_AS(expand("${main.nope}"), std::invalid_argument);
  CHECK_THROWS_WITH(expand("${hex:zz}"), "${hex:...} holds a non-hex character 'z'");
  CHECK_THROWS_WITH(expand("x ${main.port"), "unterminated ${ placeholder");
  CHECK_THROWS_WITH(expand("${repeat:3}"), "${repeat:N:TEXT} needs a count and a text");
  CHECK_THROWS_WITH(expand("${other.port}"), "no value for ${other.*}");
}

TEST_CASE("auth placeholders expand to the run's credentials", "[placeholders]") {
  const TextValues texts{{"auth.user", "u"}, {"auth.password", "p"}, {"auth.basic", "Basic dTpw"},
                         {"auth.base64", "dTpw"}};
  CHECK(expand_placeholders("${auth.user}:${auth.password}", kValues, texts) == "u:p");
  CHECK(expand_placeholders("P: ${auth.basic}", kValues, texts) == "P: Basic dTpw");
  CHECK(expand_placeholders("P: basic ${auth.base64}", kValues, texts) == "P: basic dTpw");
  CHECK(problem("${auth.token}") == "unknown field 'token' in ${auth.token} (user, password, basic or base64; user2, password2, "
                                          "basic2, base64_2 for a client case's second user)");
}
