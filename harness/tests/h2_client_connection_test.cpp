// The client side of an HTTP/2 connection, driven by a scripted peer: the preface and SETTINGS,
// acknowledgements, a CONNECT stream and its answer, flow control both ways, resets, GOAWAY,
// and the peer's connection errors.
#include <catch2/catch.hpp>

#include <map>

#include "h2/client_connection.hpp"

using namespace connectspec::h2;

namespace {

// The proxy's end of the connection: reads what the client sends, writes what a case scripts.
struct Peer {
  FrameReader reader;
  HpackDecoder decoder;
  HpackEncoder encoder;
  std::vector<Frame> frames;

  // Reads the client's output (after the preface, when `preface` says it comes first).
  void read(ClientConnection& c, bool preface = false) {
    std::string out = c.take_output();
    if (preface) {
      REQUIRE(out.substr(0, kClientPreface.size()) == kClientPreface);
      out.erase(0, kClientPreface.size());
    }
    reader.feed(out);
    while (auto f = reader.next()) frames.push_back(std::move(*f));
    REQUIRE(reader.error().empty());
  }
  std::vector<Frame> take() { return std::exchange(frames, {}); }
  std::string headers(const HeaderList& fields) { return encoder.encode(fields); }
};

const HeaderList kConnect{{":method", "CONNECT"}, {":authority", "127.0.0.1:9"}};

std::size_t count(const std::vector<Frame>& frames, FrameType t) {
  return static_cast<std::size_t>(std::count_if(frames.begin(), frames.end(), [t](const Frame& f) { return f.is(t); }));
}

}  // namespace

TEST_CASE("The client opens with the preface, SETTINGS and its window: acknowledges SETTINGS and PING", "[h2][client]") {
  ClientConnection c(1 << 20);
  Peer peer;
  peer.read(c, true);
  auto first = peer.take();
  REQUIRE(first.size() == 2);
  REQUIRE(first[0].is(FrameType::settings));
  auto values = settings_values(first[0]);
  REQUIRE(values);
  CHECK(values->at(0) == std::pair<std::uint16_t, std::uint32_t>{0x2, 0});  // no push
  CHECK(first[1].is(FrameType::window_update));

  CHECK(c.feed(encode(settings_frame({{Setting::max_concurrent_streams, 100}, {Setting::enable_connect_protocol, 1}})) +
               encode(ping("abcdefgh")) + encode(settings_ack())));
  CHECK(c.peer_settings_received());
  CHECK(c.settings_acknowledged());
  CHECK(c.peer_settings().at(0x8) == 1);
  peer.read(c);
  auto answers = peer.take();
  REQUIRE(answers.size() == 2);
  CHECK((answers[0].is(FrameType::settings) && answers[0].has(flags::ack)));
  CHECK((answers[1].is(FrameType::ping) && answers[1].has(flags::ack) && answers[1].payload == "abcdefgh"));
  CHECK(c.received_frames().front() == "SETTINGS stream=0 length=12 [MAX_CONCURRENT_STREAMS=100, ENABLE_CONNECT_PROTOCOL=1]");
}

TEST_CASE("A CONNECT stream: its HEADERS, the 2xx, tunnel bytes both ways, END_STREAM", "[h2][client]") {
  ClientConnection c;
  Peer peer;
  peer.read(c, true);
  peer.take();
  const std::uint32_t id = c.open_stream(kConnect);
  CHECK(id == 1);
  CHECK(c.open_stream(kConnect) == 3);
  peer.read(c);
  auto opened = peer.take();
  REQUIRE(opened.size() == 2);
  CHECK(opened[0].has(flags::end_headers));
  CHECK_FALSE(opened[0].has(flags::end_stream));  // a tunnel stays open
  std::string error;
  CHECK(peer.decoder.decode(opened[0].payload, error) == kConnect);

  CHECK(c.feed(encode(headers_frame(1, peer.headers({{":status", "100"}}))) +
               encode(headers_frame(1, peer.headers({{":status", "200"}}))) + encode(data_frame(1, "hello")) +
               encode(data_frame(1, " world", true))));
  const StreamState* st = c.stream(1);
  REQUIRE(st);
  CHECK(st->informational.size() == 1);
  REQUIRE(st->response);
  CHECK(field_value(*st->response, ":status") == "200");
  CHECK(st->data == "hello world");
  CHECK(st->end_stream);
  peer.read(c);
  auto credit = peer.take();  // the connection's credit for both DATA; the stream's for the first only
  CHECK(count(credit, FrameType::window_update) == 3);

  c.send_data(1, "ping", true);
  peer.read(c);
  auto sent = peer.take();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].payload == "ping");
  CHECK(sent[0].has(flags::end_stream));
  CHECK(c.stream(1)->local_end);
}

TEST_CASE("DATA waits for the peer's flow-control credit, in frames of the size asked", "[h2][client]") {
  ClientConnection c;
  Peer peer;
  peer.read(c, true);
  peer.take();
  CHECK(c.feed(encode(settings_frame({{Setting::initial_window_size, 1000}}))));
  const std::uint32_t id = c.open_stream(kConnect);
  c.send_data(id, std::string(2500, 'x'), true, 300);
  peer.read(c);
  auto first = peer.take();
  std::size_t sent = 0;
  for (const auto& f : first)
    if (f.is(FrameType::data)) {
      CHECK(f.payload.size() <= 300);
      CHECK_FALSE(f.has(flags::end_stream));
      sent += f.payload.size();
    }
  CHECK(sent == 1000);
  CHECK(c.feed(encode(window_update(id, 5000))));
  peer.read(c);
  sent = 0;
  bool ended = false;
  for (const auto& f : peer.take()) {
    sent += f.payload.size();
    ended = f.has(flags::end_stream);
  }
  CHECK(sent == 1500);
  CHECK(ended);
  // A lower initial window in a later SETTINGS shrinks the open streams' windows (§6.9.2).
  const std::uint32_t second = c.open_stream(kConnect);
  CHECK(c.feed(encode(settings_frame({{Setting::initial_window_size, 0}}))));
  peer.read(c);
  peer.take();
  c.send_data(second, "held");
  peer.read(c);
  CHECK(count(peer.take(), FrameType::data) == 0);
}

TEST_CASE("RST_STREAM and GOAWAY are kept with their error codes", "[h2][client]") {
  ClientConnection c;
  const std::uint32_t id = c.open_stream(kConnect);
  CHECK(c.feed(encode(rst_stream(id, static_cast<std::uint32_t>(ErrorCode::connect_error))) +
               encode(goaway(id, 0, "going"))));
  REQUIRE(c.stream(id)->reset);
  CHECK(*c.stream(id)->reset == 0xau);
  REQUIRE(c.goaway());
  CHECK(c.goaway()->last_stream == id);
  CHECK(c.goaway()->debug == "going");
  CHECK(c.received_frames().back() == "GOAWAY stream=0 length=13 error=NO_ERROR last_stream=" + std::to_string(id));
}

TEST_CASE("A header block in HEADERS and CONTINUATION frames is joined", "[h2][client]") {
  ClientConnection c;
  HpackEncoder encoder;
  const std::string block = encoder.encode({{":status", "200"}, {"server", std::string(100, 's')}});
  Frame headers = headers_frame(1, block.substr(0, 10), false, false);
  Frame continuation{static_cast<std::uint8_t>(FrameType::continuation), flags::end_headers, 1, block.substr(10)};
  CHECK(c.feed(encode(headers) + encode(continuation)));
  REQUIRE(c.stream(1)->response);
  CHECK(field_value(*c.stream(1)->response, "server")->size() == 100);
}

TEST_CASE("The peer's connection errors are named, and stop the connection", "[h2][client]") {
  SECTION("an HPACK block that does not decode") {
    ClientConnection c;
    CHECK_FALSE(c.feed(encode(headers_frame(1, "\xbe"))));
    CHECK_THAT(c.connection_error(), Catch::Contains("COMPRESSION_ERROR"));
  }
  SECTION("a frame between HEADERS and its CONTINUATION") {
    ClientConnection c;
    CHECK_FALSE(c.feed(encode(headers_frame(1, "\x88", false, false)) + encode(data_frame(1, "x"))));
    CHECK_THAT(c.connection_error(), Catch::Contains("CONTINUATION was due"));
  }
  SECTION("a frame over the maximum size") {
    ClientConnection c;
    CHECK_FALSE(c.feed(encode(data_frame(1, std::string(20000, 'a')))));
    CHECK_THAT(c.connection_error(), Catch::Contains("FRAME_SIZE_ERROR"));
  }
  SECTION("padding longer than the frame") {
    ClientConnection c;
    Frame f = data_frame(1, std::string("\x05" "ab", 3));
    f.flags = flags::padded;
    CHECK_FALSE(c.feed(encode(f)));
    CHECK_THAT(c.connection_error(), Catch::Contains("padding"));
  }
}

TEST_CASE("The peer's SETTINGS_MAX_FRAME_SIZE sizes what the client sends, not what it accepts", "[h2][client]") {
  ClientConnection c;
  Peer peer;
  peer.read(c, true);
  peer.take();
  CHECK(c.feed(encode(settings_frame({{Setting::max_frame_size, 20000}, {Setting::initial_window_size, 100000}}))));
  const std::uint32_t id = c.open_stream(kConnect);
  c.send_data(id, std::string(30000, 'y'));
  peer.reader.set_max_frame_size(20000);
  peer.read(c);
  std::vector<std::size_t> sizes;
  for (const auto& f : peer.take())
    if (f.is(FrameType::data)) sizes.push_back(f.payload.size());
  CHECK(sizes == std::vector<std::size_t>{20000, 10000});
  // Our own limit stays the default 16384: we never advertised more.
  CHECK_FALSE(c.feed(encode(data_frame(id, std::string(16385, 'z')))));
}

TEST_CASE("SETTINGS values out of range end the connection instead of stalling or flooding it", "[h2][client]") {
  SECTION("a maximum frame size of 0") {
    ClientConnection c;
    c.send_data(c.open_stream(kConnect), "x");
    CHECK_FALSE(c.feed(encode(settings_frame({{Setting::max_frame_size, 0}}))));
    CHECK_THAT(c.connection_error(), Catch::Contains("SETTINGS_MAX_FRAME_SIZE 0"));
  }
  SECTION("an initial window over 2^31-1") {
    ClientConnection c;
    CHECK_FALSE(c.feed(encode(settings_frame({{Setting::initial_window_size, 0x80000000u}}))));
    CHECK_THAT(c.connection_error(), Catch::Contains("FLOW_CONTROL_ERROR"));
  }
}

// What a long-lived connection (the bench) needs to stay small.
TEST_CASE("take_data drains a stream's DATA: credit still goes back for every byte", "[h2][client]") {
  ClientConnection c;
  Peer peer;
  peer.read(c, true);
  peer.take();
  const std::uint32_t id = c.open_stream(kConnect);
  CHECK(c.feed(encode(headers_frame(id, peer.headers({{":status", "200"}}))) + encode(data_frame(id, "abc"))));
  CHECK(c.take_data(id) == "abc");
  CHECK(c.stream(id)->data.empty());
  CHECK(c.feed(encode(data_frame(id, "de"))));
  CHECK(c.take_data(id) == "de");
  CHECK(c.take_data(id).empty());
  CHECK(c.take_data(99).empty());  // a stream it does not know
  peer.read(c);
  CHECK(count(peer.take(), FrameType::window_update) == 4);  // the connection's and the stream's, per DATA
}

TEST_CASE("A forgotten stream is gone: what the peer still sends on it is ignored but for the connection's credit",
          "[h2][client]") {
  ClientConnection c;
  Peer peer;
  peer.read(c, true);
  peer.take();
  const std::uint32_t first = c.open_stream(kConnect);
  const std::uint32_t second = c.open_stream(kConnect);
  c.send_rst(first, static_cast<std::uint32_t>(ErrorCode::cancel));
  c.forget_stream(first);
  CHECK(c.stream(first) == nullptr);
  CHECK(c.open_streams() == 1);
  peer.read(c);
  peer.take();
  // Frames in flight when it was forgotten: HEADERS (decoded, so the HPACK table stays in step),
  // DATA, WINDOW_UPDATE, RST_STREAM; then a response on the other stream that uses the table.
  // Encoded in order: the second block refers to the table entry the first one added.
  const std::string late_block = peer.headers({{":status", "200"}, {"server", "p"}});
  const std::string second_block = peer.headers({{":status", "200"}, {"server", "p"}});
  CHECK(c.feed(encode(headers_frame(first, late_block)) + encode(data_frame(first, "late")) +
               encode(window_update(first, 10)) + encode(rst_stream(first, static_cast<std::uint32_t>(ErrorCode::cancel))) +
               encode(headers_frame(second, second_block))));
  CHECK(c.stream(first) == nullptr);
  REQUIRE(c.stream(second)->response);
  CHECK(field_value(*c.stream(second)->response, "server") == "p");
  peer.read(c);
  auto credit = peer.take();
  REQUIRE(credit.size() == 1);  // the connection's 4 bytes back, nothing for the stream
  CHECK(credit[0].is(FrameType::window_update));
  CHECK(credit[0].stream == 0);
  CHECK(read_u32(credit[0].payload, 0) == 4);
}

TEST_CASE("With the transcript off, no frame is described or kept", "[h2][client]") {
  ClientConnection c;
  c.set_transcript(false);
  c.take_log();
  const std::uint32_t id = c.open_stream(kConnect);
  HpackEncoder encoder;
  CHECK(c.feed(encode(settings_frame({})) + encode(headers_frame(id, encoder.encode({{":status", "200"}}))) +
               encode(data_frame(id, "x"))));
  CHECK(c.take_log().empty());
  CHECK(c.received_frames().empty());
  REQUIRE(c.stream(id)->response);  // the state is kept all the same
  CHECK(c.stream(id)->data == "x");
}

TEST_CASE("The connection's window is shared among the streams waiting for it, a frame each in turn", "[h2][client]") {
  ClientConnection c;
  Peer peer;
  peer.read(c, true);
  peer.take();
  CHECK(c.feed(encode(settings_frame({{Setting::initial_window_size, 1 << 20}}))));
  const std::uint32_t a = c.open_stream(kConnect), b = c.open_stream(kConnect), d = c.open_stream(kConnect);
  // The first takes the whole initial connection window (65535): the others wait.
  c.send_data(a, std::string(200000, 'a'), false, 1000);
  c.send_data(b, std::string(200000, 'b'), false, 1000);
  c.send_data(d, std::string(200000, 'd'), false, 1000);
  peer.read(c);
  peer.take();
  CHECK(c.stream(b)->pending_bytes() == 200000);
  auto shares = [&](std::uint32_t credit) {
    CHECK(c.feed(encode(window_update(0, credit))));
    peer.read(c);
    std::map<std::uint32_t, std::size_t> sent;
    for (const auto& f : peer.take())
      if (f.is(FrameType::data)) sent[f.stream] += f.payload.size();
    return sent;
  };
  // 6000 bytes: two frames of 1000 each, and the turns go on from where they stopped.
  auto first = shares(6000);
  CHECK(first[a] == 2000);
  CHECK(first[b] == 2000);
  CHECK(first[d] == 2000);
  auto second = shares(4000);  // a, b, d, a: the turn after the last served (d) is a's
  CHECK(second[a] == 2000);
  CHECK(second[b] == 1000);
  CHECK(second[d] == 1000);
  auto third = shares(1000);  // then b's
  CHECK(third[b] == 1000);
}
