// HTTP/2 frames: the writer puts exactly what it is given on the wire, the reader cuts any byte
// stream into the same frames, and a frame over the maximum size stops the reader.
#include <catch2/catch.hpp>

#include "h2/frame.hpp"

using namespace connectspec::h2;

namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out += static_cast<char>(b);
  return out;
}

}  // namespace

TEST_CASE("A frame is its 9-byte header and its payload (RFC 9113 §4.1)", "[h2][frame]") {
  CHECK(encode(data_frame(1, "hi", true)) == bytes({0, 0, 2, 0x0, 0x1, 0, 0, 0, 1, 'h', 'i'}));
  CHECK(encode(settings_ack()) == bytes({0, 0, 0, 0x4, 0x1, 0, 0, 0, 0}));
  CHECK(encode(rst_stream(3, static_cast<std::uint32_t>(ErrorCode::connect_error))) ==
        bytes({0, 0, 4, 0x3, 0, 0, 0, 0, 3, 0, 0, 0, 0xa}));
  CHECK(encode(window_update(0, 65535)) == bytes({0, 0, 4, 0x8, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}));
  CHECK(encode(settings_frame({{Setting::enable_connect_protocol, 1}})) ==
        bytes({0, 0, 6, 0x4, 0, 0, 0, 0, 0, 0, 0x8, 0, 0, 0, 1}));
  CHECK(encode(goaway(5, 0, "bye")).size() == 9 + 8 + 3);
  CHECK(encode(ping("12345678")).size() == 9 + 8);
}

TEST_CASE("The writer sends malformed frames as asked", "[h2][frame]") {
  Frame f = data_frame(0, "x");  // DATA on stream 0 is a PROTOCOL_ERROR; the harness must be able to send it
  f.reserved_bit = true;
  f.flags = 0xff;
  CHECK(encode(f) == bytes({0, 0, 1, 0x0, 0xff, 0x80, 0, 0, 0, 'x'}));
  Frame unknown{0x42, 0, 7, "?"};
  CHECK(encode(unknown)[3] == 0x42);
  Frame huge{0, 0, 1, std::string(0x1000000, 'a')};
  CHECK_THROWS_AS(encode(huge), std::length_error);
}

TEST_CASE("The reader returns each frame once complete, whatever the pieces", "[h2][frame]") {
  std::string wire = encode(settings_frame({{Setting::max_concurrent_streams, 100}, {Setting::initial_window_size, 1 << 20}})) +
                     encode(headers_frame(1, "block", false)) + encode(data_frame(1, "payload", true)) +
                     encode(rst_stream(1, 0xa));
  for (std::size_t piece : {std::size_t{1}, std::size_t{4}, std::size_t{9}, wire.size()}) {
    FrameReader reader;
    std::vector<Frame> frames;
    for (std::size_t at = 0; at < wire.size(); at += piece) {
      reader.feed(std::string_view(wire).substr(at, piece));
      while (auto f = reader.next()) frames.push_back(std::move(*f));
    }
    REQUIRE(frames.size() == 4);
    CHECK(frames[0].is(FrameType::settings));
    auto values = settings_values(frames[0]);
    REQUIRE(values);
    CHECK(values->at(1) == std::pair<std::uint16_t, std::uint32_t>{0x4, 1u << 20});
    CHECK(frames[1].is(FrameType::headers));
    CHECK(frames[1].has(flags::end_headers));
    CHECK_FALSE(frames[1].has(flags::end_stream));
    CHECK(frames[1].payload == "block");
    CHECK(frames[2].payload == "payload");
    CHECK(frames[2].has(flags::end_stream));
    CHECK(frame_error_code(frames[3]) == 0xau);
    CHECK(reader.buffered() == 0);
    CHECK(reader.error().empty());
  }
}

TEST_CASE("A frame over the maximum frame size stops the reader with FRAME_SIZE_ERROR", "[h2][frame]") {
  FrameReader reader(16384);
  reader.feed(encode(Frame{0, 0, 1, std::string(16385, 'a')}));
  CHECK_FALSE(reader.next());
  CHECK_THAT(reader.error(), Catch::Contains("16385 bytes") && Catch::Contains("FRAME_SIZE_ERROR"));
  reader.feed(encode(settings_ack()));
  CHECK_FALSE(reader.next());  // nothing after the error
}

TEST_CASE("A frame is described for a transcript", "[h2][frame]") {
  CHECK(describe(headers_frame(1, "abc", true)) == "HEADERS stream=1 flags=END_STREAM|END_HEADERS length=3");
  CHECK(describe(rst_stream(3, 0xa)) == "RST_STREAM stream=3 length=4 error=CONNECT_ERROR");
  CHECK(describe(goaway(0, 0x1f)) == "GOAWAY stream=0 length=8 error=0x1f last_stream=0");
  CHECK(describe(settings_ack()) == "SETTINGS stream=0 flags=ACK length=0");
  Frame odd = data_frame(1, "");
  odd.flags = 0x1 | 0x40;
  CHECK(describe(odd) == "DATA stream=1 flags=END_STREAM|0x40 length=0");
  CHECK(describe(Frame{0x42, 0, 0, ""}) == "type 0x42 stream=0 length=0");
}
