// The client side of one HTTP/2 connection as a state machine without I/O: bytes from the peer
// go in (feed), bytes to send come out (take_output). It keeps what the harness needs to judge a
// proxy's answer (each stream's response HEADERS, informational heads, DATA, END_STREAM,
// RST_STREAM code; GOAWAY; the peer's SETTINGS) and does the connection's chores that any client
// must: acknowledge SETTINGS and PING, return flow-control credit for received DATA, and hold
// DATA back until the peer's windows allow it (RFC 9113 §5.2, §6.5, §6.7, §6.9), sharing the
// connection's window among the streams that wait for it in turn. Anything can also be sent raw
// (send_frame), for the cases that test a proxy's answer to a malformed frame. A long-lived user
// (the bench) keeps it small: take_data drains what a stream received, forget_stream drops a
// finished stream, set_transcript(false) stops the frame log.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "h2/frame.hpp"
#include "h2/hpack.hpp"

namespace connectspec::h2 {

struct StreamState {
  std::vector<HeaderList> informational;  // 1xx heads, in order
  std::optional<HeaderList> response;     // the final response head
  std::optional<HeaderList> trailers;     // a HEADERS after the response
  std::string data;                       // every DATA byte received (since the last take_data)
  bool end_stream = false;                // the peer ended its side (END_STREAM)
  std::optional<std::uint32_t> reset;     // the RST_STREAM error code the peer sent
  bool ended_before_reset = false;        // END_STREAM came first: the stream was complete (RFC 9113 §8.1)
  bool local_end = false;                 // we sent END_STREAM
  std::string pending;                    // DATA waiting for flow-control credit, from pending_at on
  std::size_t pending_at = 0;             // what of `pending` has been sent (dropped in bulk, not per frame)
  std::size_t pending_bytes() const { return pending.size() - pending_at; }
  bool pending_end = false;               // END_STREAM to send once `pending` has gone
  std::size_t frame_size = 0;             // DATA frames at most this long (0: the peer's maximum)
  std::int64_t send_window = 65535;       // what the peer lets us send on this stream
};

// One frame in the transcript: sent or received, described with its decoded fields.
struct FrameNote {
  bool from_peer = false;
  std::string text;
  std::size_t size = 0;  // bytes on the wire, header included
};

struct Goaway {
  std::uint32_t last_stream = 0;
  std::uint32_t error_code = 0;
  std::string debug;
};

class ClientConnection {
 public:
  // `window`: the receive window the client advertises, for each stream and for the connection.
  explicit ClientConnection(std::uint32_t window = 1u << 20);

  // The preface and SETTINGS come first; after each feed, the acknowledgements and credit due.
  std::string take_output();
  // Every frame sent and received since the last call, in order, for the transcript.
  std::vector<FrameNote> take_log();
  // Off: no frame is described or kept (take_log, received_frames stay empty), which a connection
  // carrying gigabytes cannot afford. On by default.
  void set_transcript(bool on) { transcript_ = on; }

  // A new stream: its HEADERS (and CONTINUATIONs when the block is over the peer's frame size).
  std::uint32_t open_stream(const HeaderList& fields, bool end_stream = false);
  // DATA on `stream`, in frames of at most `frame_size` bytes (0: the peer's maximum), as far as
  // the windows allow; the rest goes as the peer grants credit.
  void send_data(std::uint32_t stream, std::string_view bytes, bool end_stream = false, std::size_t frame_size = 0);
  void send_rst(std::uint32_t stream, std::uint32_t error_code);
  void send_frame(const Frame& frame);  // as it is, no state kept

  // What the peer sent. Returns false once the connection is in error (see connection_error()).
  bool feed(std::string_view bytes);

  const StreamState* stream(std::uint32_t id) const;
  // The DATA bytes `stream` received since the last call (its StreamState::data, emptied).
  std::string take_data(std::uint32_t stream);
  // Drops what is kept of `stream` (opened by open_stream), unsent DATA included; whatever the peer
  // still sends on it is ignored, but for its DATA's connection credit, which is returned.
  void forget_stream(std::uint32_t stream);
  // Streams neither reset nor ended both ways: what counts against SETTINGS_MAX_CONCURRENT_STREAMS.
  std::size_t open_streams() const;
  const std::optional<Goaway>& goaway() const { return goaway_; }
  const std::map<std::uint16_t, std::uint32_t>& peer_settings() const { return peer_settings_; }
  bool peer_settings_received() const { return peer_settings_received_; }
  bool settings_acknowledged() const { return settings_acked_; }
  // A connection error the peer caused (bad HPACK, an oversized frame, a CONTINUATION out of place).
  const std::string& connection_error() const { return connection_error_; }
  // Every frame received, described in order ("HEADERS stream=1 flags=END_HEADERS length=12").
  const std::vector<std::string>& received_frames() const { return received_frames_; }

 private:
  void emit(const Frame& f, const HeaderList* fields = nullptr);
  void on_frame(const Frame& f);
  void on_header_block(std::uint32_t stream, const std::string& block, bool end_stream);
  void on_settings(const Frame& f);
  void on_data(const Frame& f);
  void flush_pending(std::uint32_t stream);
  void flush_all();
  bool send_one_frame(std::uint32_t id, StreamState& st);
  void end_if_drained(std::uint32_t id, StreamState& st);
  bool forgotten(std::uint32_t stream) const;
  void note_received(const Frame& f);
  void fail(std::string why);
  std::uint32_t peer_max_frame_size() const;

  std::uint32_t window_;
  std::string output_;
  FrameReader reader_;
  HpackEncoder encoder_;
  HpackDecoder decoder_;
  std::map<std::uint32_t, StreamState> streams_;
  std::uint32_t next_stream_ = 1;
  std::uint32_t last_served_ = 0;  // the stream that last got connection credit: the next turn is after it
  bool transcript_ = true;
  std::int64_t connection_send_window_ = 65535;
  std::int64_t initial_stream_window_ = 65535;  // the peer's SETTINGS_INITIAL_WINDOW_SIZE
  std::map<std::uint16_t, std::uint32_t> peer_settings_;
  bool peer_settings_received_ = false;
  bool settings_acked_ = false;
  std::optional<Goaway> goaway_;
  // A header block arriving in pieces: HEADERS without END_HEADERS, then CONTINUATIONs.
  std::optional<std::uint32_t> continuing_;
  bool continuing_end_stream_ = false;
  std::string header_block_;
  std::string connection_error_;
  std::vector<std::string> received_frames_;
  std::vector<FrameNote> log_;
};

}  // namespace connectspec::h2
