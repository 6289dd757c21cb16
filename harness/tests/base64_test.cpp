// The one base64 of the program, against RFC 4648 §10's test vectors.
#include <catch2/catch.hpp>

#include "http/base64.hpp"
#include "model/case.hpp"

using namespace connectspec;

TEST_CASE("base64 matches RFC 4648's test vectors", "[http][base64]") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64(std::string("\xff\x00\xfe", 3)) == "/wD+");
}

TEST_CASE("Every origin kind has one name, read back to the same kind", "[model][origins]") {
  for (const auto& k : kOriginKinds) {
    CHECK(to_string(k.kind) == k.name);
    CHECK(origin_kind_named(k.name) == k.kind);
  }
  CHECK_FALSE(origin_kind_named("tls_echo"));
}
