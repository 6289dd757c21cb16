// HTTP/2 frames as bytes (RFC 9113 §4.1, §6): one writer that puts any type, flags, stream and
// payload on the wire, well-formed or not (as h2spec does: a conformance harness must be able to
// send what a library refuses to), and one reader that cuts a byte stream into frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connectspec::h2 {

// The client connection preface (RFC 9113 §3.4), before the client's first SETTINGS.
inline constexpr std::string_view kClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
inline constexpr std::size_t kFrameHeaderBytes = 9;
inline constexpr std::uint32_t kDefaultMaxFrameSize = 16384;  // SETTINGS_MAX_FRAME_SIZE's initial value

enum class FrameType : std::uint8_t {
  data = 0x0, headers = 0x1, priority = 0x2, rst_stream = 0x3, settings = 0x4,
  push_promise = 0x5, ping = 0x6, goaway = 0x7, window_update = 0x8, continuation = 0x9,
};
std::string_view to_string(FrameType);  // "DATA", "HEADERS", ...

namespace flags {
inline constexpr std::uint8_t end_stream = 0x1;   // DATA, HEADERS
inline constexpr std::uint8_t ack = 0x1;          // SETTINGS, PING
inline constexpr std::uint8_t end_headers = 0x4;  // HEADERS, PUSH_PROMISE, CONTINUATION
inline constexpr std::uint8_t padded = 0x8;       // DATA, HEADERS, PUSH_PROMISE
inline constexpr std::uint8_t priority = 0x20;    // HEADERS
}  // namespace flags

// RFC 9113 §7. CONNECT_ERROR is what a proxy sends when the tunnel's TCP connection fails (§8.5).
enum class ErrorCode : std::uint32_t {
  no_error = 0x0, protocol_error = 0x1, internal_error = 0x2, flow_control_error = 0x3,
  settings_timeout = 0x4, stream_closed = 0x5, frame_size_error = 0x6, refused_stream = 0x7,
  cancel = 0x8, compression_error = 0x9, connect_error = 0xa, enhance_your_calm = 0xb,
  inadequate_security = 0xc, http_1_1_required = 0xd,
};
std::string error_code_name(std::uint32_t code);  // "CONNECT_ERROR", or "0x1f" for codes it does not know
std::optional<std::uint32_t> error_code_named(std::string_view name);  // "CONNECT_ERROR" -> 0xa
std::string error_code_list();  // "NO_ERROR, PROTOCOL_ERROR, ...": for messages about a bad name

// RFC 9113 §6.5.2 and RFC 8441 §3 (ENABLE_CONNECT_PROTOCOL).
enum class Setting : std::uint16_t {
  header_table_size = 0x1, enable_push = 0x2, max_concurrent_streams = 0x3,
  initial_window_size = 0x4, max_frame_size = 0x5, max_header_list_size = 0x6,
  enable_connect_protocol = 0x8,
};

std::optional<Setting> setting_named(std::string_view name);  // "ENABLE_CONNECT_PROTOCOL" -> 0x8
std::string setting_name(std::uint16_t id);                     // 0x8 -> "ENABLE_CONNECT_PROTOCOL", else hex
std::optional<FrameType> frame_type_named(std::string_view name);  // "WINDOW_UPDATE" -> 0x8

struct Frame {
  std::uint8_t type = 0;  // a FrameType, or any other value (unknown types must be ignored, §4.1)
  std::uint8_t flags = 0;
  std::uint32_t stream = 0;  // 31 bits
  std::string payload;
  bool reserved_bit = false;  // the bit before the stream identifier, which a sender must leave unset

  bool is(FrameType t) const { return type == static_cast<std::uint8_t>(t); }
  bool has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

// The 9-byte header and the payload. The length field is the payload's size, whatever it is: a
// payload over 2^24 - 1 bytes cannot be written and throws std::length_error.
std::string encode(const Frame& frame);

// The frames a client sends most, well-formed.
Frame settings_frame(const std::vector<std::pair<Setting, std::uint32_t>>& values);
Frame settings_ack();
Frame window_update(std::uint32_t stream, std::uint32_t increment);
Frame rst_stream(std::uint32_t stream, std::uint32_t error_code);
Frame goaway(std::uint32_t last_stream, std::uint32_t error_code, std::string_view debug = {});
Frame ping(std::string_view opaque8, bool ack = false);
Frame data_frame(std::uint32_t stream, std::string_view bytes, bool end_stream = false);
Frame headers_frame(std::uint32_t stream, std::string block, bool end_stream = false, bool end_headers = true);

// The values of a SETTINGS payload, or nullopt when its length is not a multiple of 6.
std::optional<std::vector<std::pair<std::uint16_t, std::uint32_t>>> settings_values(const Frame& frame);
// The error code of a RST_STREAM (4 bytes) or a GOAWAY (8 + debug), or nullopt when too short.
std::optional<std::uint32_t> frame_error_code(const Frame& frame);

// The 32-bit big-endian number at `at` (which must leave 4 bytes): payload fields of every frame type.
std::uint32_t read_u32(std::string_view bytes, std::size_t at);

// One line for a transcript: "HEADERS stream=1 flags=END_STREAM|END_HEADERS length=30".
std::string describe(const Frame& frame);

// Cuts what a peer sends into frames. Bytes arrive in any pieces; next() returns each frame once
// complete. A frame longer than max_frame_size is an error (FRAME_SIZE_ERROR, §4.2), after which
// the reader stops.
class FrameReader {
 public:
  explicit FrameReader(std::uint32_t max_frame_size = kDefaultMaxFrameSize) : max_frame_size_(max_frame_size) {}

  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // The next complete frame; nullopt when more bytes are needed or after an error (see error()).
  std::optional<Frame> next();
  const std::string& error() const { return error_; }
  std::size_t buffered() const { return buffer_.size() - offset_; }
  void set_max_frame_size(std::uint32_t n) { max_frame_size_ = n; }

 private:
  std::string buffer_;
  std::size_t offset_ = 0;
  std::uint32_t max_frame_size_;
  std::string error_;
};

}  // namespace connectspec::h2
