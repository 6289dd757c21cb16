// HPACK with nghttp2: RFC 7541's own examples decode, what the encoder writes decodes back to the
// same fields (invalid ones included), and a broken block is an error, not a crash.
#include <catch2/catch.hpp>

#include "h2/hpack.hpp"

using namespace connectspec::h2;

namespace {

std::string unhex(std::string_view hex) {
  std::string out;
  std::string digits;
  for (char c : hex)
    if (c != ' ') digits += c;
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2) out += static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
  return out;
}

}  // namespace

TEST_CASE("RFC 7541 C.4: requests with Huffman coding decode, the dynamic table carried over", "[h2][hpack]") {
  HpackDecoder decoder;
  std::string error;
  auto first = decoder.decode(unhex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"), error);
  REQUIRE(first);
  CHECK(*first == HeaderList{{":method", "GET"}, {":scheme", "http"}, {":path", "/"}, {":authority", "www.example.com"}});
  auto second = decoder.decode(unhex("8286 84be 5886 a8eb 1064 9cbf"), error);  // C.4.2: indexes the first's entry
  REQUIRE(second);
  CHECK(*second == HeaderList{{":method", "GET"}, {":scheme", "http"}, {":path", "/"}, {":authority", "www.example.com"},
                              {"cache-control", "no-cache"}});
}

TEST_CASE("What the encoder writes decodes to the same fields, in order, valid or not", "[h2][hpack]") {
  HpackEncoder encoder;
  HpackDecoder decoder;
  const HeaderList connect{{":method", "CONNECT"}, {":authority", "127.0.0.1:8443"}};
  // A CONNECT with :scheme and :path (forbidden, RFC 9113 §8.5), a pseudo-header after a regular
  // field, a repeated :authority and an upper-case name: the harness must be able to send them all.
  const HeaderList malformed{{":method", "CONNECT"}, {"user-agent", "connectspec"}, {":authority", "a:1"},
                             {":authority", "b:2"}, {":scheme", "https"}, {":path", "/"}, {"X-Upper", "1"},
                             {"proxy-authorization", "Basic dTpw", true}};
  for (int round = 0; round < 3; ++round) {  // the dynamic table of both sides evolves in step
    std::string error;
    auto a = decoder.decode(encoder.encode(connect), error);
    REQUIRE(a);
    CHECK(*a == connect);
    auto b = decoder.decode(encoder.encode(malformed), error);
    REQUIRE(b);
    CHECK(*b == malformed);
    CHECK(field_value(*b, ":authority") == "a:1");
    CHECK_FALSE(field_value(*b, "content-length"));
  }
}

TEST_CASE("A broken header block is reported", "[h2][hpack]") {
  std::string error;
  CHECK_FALSE(HpackDecoder().decode(unhex("be"), error));  // index 62: no dynamic table entry yet
  CHECK_THAT(error, Catch::Contains("not a valid HPACK header block"));
  error.clear();
  CHECK_FALSE(HpackDecoder().decode(unhex("40 0a 63 75 73 74"), error));  // a literal cut short
  CHECK_FALSE(error.empty());
  error.clear();
  auto empty = HpackDecoder().decode("", error);
  REQUIRE(empty);
  CHECK(empty->empty());
}
