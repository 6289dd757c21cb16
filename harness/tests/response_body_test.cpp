// Where an error response's body ends: every framing a client must understand, and every way a
// proxy can get it wrong, reported as such rather than waited on.
#include <catch2/catch.hpp>

#include "http/response_body.hpp"

using namespace connectspec;
using State = ResponseBody::State;

namespace {

ResponseHead head(int status, std::vector<std::pair<std::string, std::string>> fields = {}) {
  ResponseHead h;
  h.version = "HTTP/1.1";
  h.status = status;
  h.fields = std::move(fields);
  return h;
}

}  // namespace

TEST_CASE("Content-Length bodies are complete once that many bytes arrived", "[response_body]") {
  auto h = head(400, {{"Content-Length", "5"}});
  CHECK(parse_response_body(h, "abc", false).state == State::incomplete);
  auto r = parse_response_body(h, "abcdeGET / HTTP/1.1\r\n", false);
  CHECK(r.state == State::complete);
  CHECK(r.body == "abcde");
  CHECK(r.size == 5);  // what follows is not the body's
  CHECK(r.framing == "Content-Length: 5");
}

TEST_CASE("a Content-Length body cut short by the close is malformed", "[response_body]") {
  auto r = parse_response_body(head(502, {{"Content-Length", "10"}}), "abc", true);
  CHECK(r.state == State::malformed);
  CHECK_THAT(r.error, Catch::Contains("3 of 10"));
}

TEST_CASE("invalid or conflicting Content-Length values are malformed", "[response_body]") {
  CHECK(parse_response_body(head(400, {{"Content-Length", "5x"}}), "abcde", false).state == State::malformed);
  CHECK(parse_response_body(head(400, {{"Content-Length", "-1"}}), "", false).state == State::malformed);
  auto r = parse_response_body(head(400, {{"Content-Length", "5"}, {"content-length", "6"}}), "abcdef", false);
  CHECK(r.state == State::malformed);
  CHECK_THAT(r.error, Catch::Contains("conflicting"));
}

TEST_CASE("chunked bodies are decoded up to the last chunk and trailers", "[response_body]") {
  auto h = head(407, {{"Transfer-Encoding", "chunked"}});
  std::string wire = "5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT";
  CHECK(parse_response_body(h, wire.substr(0, 10), false).state == State::incomplete);
  auto r = parse_response_body(h, wire, false);
  REQUIRE(r.state == State::complete);
  CHECK(r.body == "hello!");
  CHECK(r.size == wire.size() - 4);
  CHECK(r.framing == "chunked, 2 chunks");
}

TEST_CASE("chunked coding applies only when it is the final coding", "[response_body]") {
  auto r = parse_response_body(head(400, {{"Transfer-Encoding", "gzip, Chunked"}}), "0\r\n\r\n", false);
  CHECK(r.state == State::complete);
  auto close = parse_response_body(head(400, {{"Transfer-Encoding", "chunked, gzip"}}), "data", false);
  CHECK(close.state == State::incomplete);  // read to the close
  CHECK(parse_response_body(head(400, {{"Transfer-Encoding", "chunked, gzip"}}), "data", true).state == State::complete);
}

TEST_CASE("bad chunk framing is malformed, a close inside a chunk too", "[response_body]") {
  auto h = head(400, {{"Transfer-Encoding", "chunked"}});
  CHECK(parse_response_body(h, "zz\r\n", false).state == State::malformed);
  CHECK(parse_response_body(h, "3\r\nabcX\r\n", false).state == State::malformed);
  auto cut = parse_response_body(h, "5\r\nhel", true);
  CHECK(cut.state == State::malformed);
  CHECK_THAT(cut.error, Catch::Contains("ended inside the chunked body"));
  CHECK(parse_response_body(h, "5\r\nhel", false).state == State::incomplete);
}

TEST_CASE("without framing the body runs to the close", "[response_body]") {
  auto h = head(503);
  CHECK(parse_response_body(h, "partial", false).state == State::incomplete);
  auto r = parse_response_body(h, "all of it", true);
  CHECK(r.state == State::complete);
  CHECK(r.body == "all of it");
  CHECK(r.framing == "close-delimited");
}

TEST_CASE("1xx, 204 and 304 have no body", "[response_body]") {
  for (int status : {100, 204, 304}) {
    auto r = parse_response_body(head(status, {{"Content-Length", "10"}}), "next", false);
    CHECK(r.state == State::complete);
    CHECK(r.size == 0);
  }
}
