// The HTTP/2 readiness probe's decision on scripted answers (launch/h2_probe.hpp): ready on a 2xx,
// not ready (try again) on a refusal, and "does not speak h2c" at once, not after a timeout, when
// the proxy answers the preface with HTTP/1.x or with bytes that are not HTTP/2 frames.
#include <catch2/catch.hpp>

#include "h2/frame.hpp"
#include "h2/hpack.hpp"
#include "launch/h2_probe.hpp"

using namespace connectspec;
using K = H2ProbeStep::Kind;

namespace {

// What the attempt sent: the preface, then frames.
std::vector<h2::Frame> sent_frames(H2ConnectAttempt& a) {
  std::string out = a.take_output();
  REQUIRE(out.substr(0, h2::kClientPreface.size()) == h2::kClientPreface);
  h2::FrameReader reader;
  reader.feed(out.substr(h2::kClientPreface.size()));
  std::vector<h2::Frame> frames;
  while (auto f = reader.next()) frames.push_back(std::move(*f));
  return frames;
}

std::string server_settings() { return h2::encode(h2::settings_frame({})); }

std::string response(const h2::HeaderList& fields, std::uint32_t stream = 1) {
  h2::HpackEncoder enc;
  return h2::encode(h2::headers_frame(stream, enc.encode(fields)));
}

}  // namespace

TEST_CASE("h2 probe: one CONNECT stream with :method and :authority only", "[launch][probe][h2]") {
  H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
  auto frames = sent_frames(a);
  REQUIRE(frames.size() >= 2);
  CHECK(frames.front().is(h2::FrameType::settings));
  const h2::Frame& headers = frames.back();
  REQUIRE(headers.is(h2::FrameType::headers));
  CHECK(headers.stream == 1);
  CHECK_FALSE(headers.has(h2::flags::end_stream));  // a tunnel: the client's side stays open
  h2::HpackDecoder dec;
  std::string err;
  auto fields = dec.decode(headers.payload, err);
  REQUIRE(fields);
  CHECK(*fields == h2::HeaderList{{":method", "CONNECT"}, {":authority", "127.0.0.1:4000"}});
}

TEST_CASE("h2 probe: credentials go in proxy-authorization", "[launch][probe][h2]") {
  H2ConnectAttempt a("127.0.0.1:4000", "Basic YWxpY2U6czNjcmV0", false, "h2c");
  auto frames = sent_frames(a);
  h2::HpackDecoder dec;
  std::string err;
  auto fields = dec.decode(frames.back().payload, err);
  REQUIRE(fields);
  CHECK(h2::field_value(*fields, "proxy-authorization") == "Basic YWxpY2U6czNjcmV0");
}

TEST_CASE("h2 probe: ready on a 2xx, in whatever pieces it arrives", "[launch][probe][h2]") {
  H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
  a.take_output();
  const std::string bytes = server_settings() + h2::encode(h2::settings_ack()) + response({{":status", "200"}});
  H2ProbeStep last;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    last = a.feed(bytes.substr(i, 1));
    if (i + 1 < bytes.size()) REQUIRE(last.kind == K::waiting);
  }
  CHECK(last.kind == K::ready);
  CHECK_THAT(a.take_output(), Catch::Matchers::Contains(h2::encode(h2::settings_ack())));
}

TEST_CASE("h2 probe: a refusal is not ready yet, unless any response will do", "[launch][probe][h2]") {
  {
    H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
    auto step = a.feed(server_settings() + response({{":status", "407"}}));
    CHECK(step.kind == K::not_ready);
    CHECK(step.why == "CONNECT 127.0.0.1:4000 over h2c answered :status 407");
  }
  {
    H2ConnectAttempt a("127.0.0.1:4000", "", true, "h2c");
    CHECK(a.feed(server_settings() + response({{":status", "403"}})).kind == K::ready);
  }
  {
    H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
    auto step = a.feed(server_settings() + h2::encode(h2::rst_stream(1, 0x1)));
    CHECK(step.kind == K::not_ready);
    CHECK_THAT(step.why, Catch::Matchers::Contains("reset the stream (PROTOCOL_ERROR)"));
  }
  {
    H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
    auto step = a.feed(server_settings() + h2::encode(h2::goaway(0, 0xb, "calm down")));
    CHECK(step.kind == K::not_ready);
    CHECK_THAT(step.why, Catch::Matchers::Contains("GOAWAY (ENHANCE_YOUR_CALM, 'calm down')"));
  }
}

TEST_CASE("h2 probe: an HTTP/1.1 answer to the preface means the proxy does not speak h2c", "[launch][probe][h2]") {
  H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
  a.take_output();
  // In two pieces: the decision waits for the whole status line.
  CHECK(a.feed("HTTP/1.1 400 Bad").kind == K::waiting);
  auto step = a.feed(" Request\r\nContent-Length: 0\r\n\r\n");
  CHECK(step.kind == K::wrong_protocol);
  CHECK(step.why == "the proxy does not speak h2c: it answered the preface with 'HTTP/1.1 400 Bad Request'");
}

TEST_CASE("h2 probe: an HTTP/1.x head cut short by the close is still recognised", "[launch][probe][h2]") {
  H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2");
  CHECK(a.feed("HTTP/1.0 4").kind == K::waiting);
  auto step = a.closed("end of stream");
  CHECK(step.kind == K::wrong_protocol);
  CHECK(step.why == "the proxy does not speak h2: it answered the preface with 'HTTP/1.0 4'");
}

TEST_CASE("h2 probe: bytes that are not a SETTINGS frame mean the proxy does not speak h2c", "[launch][probe][h2]") {
  H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
  auto step = a.feed(std::string("\x15\x03\x01\x00\x02\x02\x46\x00\x00", 9));  // a TLS alert, say
  CHECK(step.kind == K::wrong_protocol);
  CHECK_THAT(step.why, Catch::Matchers::StartsWith("the proxy does not speak h2c: its answer to the preface is not a SETTINGS frame ('\\x15\\x03"));
}

TEST_CASE("h2 probe: a close without a byte, or before the answer", "[launch][probe][h2]") {
  {
    H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
    auto step = a.closed("end of stream");
    CHECK(step.kind == K::silent_close);
    CHECK(step.why == "the proxy does not speak h2c: it closed the connection on the preface without answering (end of stream)");
  }
  {
    H2ConnectAttempt a("127.0.0.1:4000", "", false, "h2c");
    CHECK(a.feed(server_settings()).kind == K::waiting);
    auto step = a.closed("Connection reset by peer");
    CHECK(step.kind == K::not_ready);
    CHECK(step.why == "CONNECT 127.0.0.1:4000 over h2c: connection ended before a response (Connection reset by peer)");
  }
}

TEST_CASE("h2 probe: the first line of an answer, shown printable and short", "[launch][probe][h2]") {
  CHECK(first_line_shown("HTTP/1.1 200 OK\r\nVia: x\r\n") == "HTTP/1.1 200 OK");
  CHECK(first_line_shown(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(first_line_shown(std::string(100, 'x')) == std::string(60, 'x') + "...");
}
