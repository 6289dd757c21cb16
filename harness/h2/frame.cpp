#include "h2/frame.hpp"

#include <array>
#include <stdexcept>

namespace connectspec::h2 {

namespace {

void put32(std::string& out, std::uint32_t v) {
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>((v >> shift) & 0xff);
}

struct Named {
  std::uint32_t code;
  std::string_view name;
};

constexpr std::array<Named, 14> kErrorNames{{
    {0x0, "NO_ERROR"}, {0x1, "PROTOCOL_ERROR"}, {0x2, "INTERNAL_ERROR"}, {0x3, "FLOW_CONTROL_ERROR"},
    {0x4, "SETTINGS_TIMEOUT"}, {0x5, "STREAM_CLOSED"}, {0x6, "FRAME_SIZE_ERROR"}, {0x7, "REFUSED_STREAM"},
    {0x8, "CANCEL"}, {0x9, "COMPRESSION_ERROR"}, {0xa, "CONNECT_ERROR"}, {0xb, "ENHANCE_YOUR_CALM"},
    {0xc, "INADEQUATE_SECURITY"}, {0xd, "HTTP_1_1_REQUIRED"},
}};

std::string hex(std::uint32_t v) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[v & 0xf]);
    v >>= 4;
  } while (v != 0);
  return "0x" + out;
}

}  // namespace

std::uint32_t read_u32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

std::string_view to_string(FrameType t) {
  switch (t) {
    case FrameType::data: return "DATA";
    case FrameType::headers: return "HEADERS";
    case FrameType::priority: return "PRIORITY";
    case FrameType::rst_stream: return "RST_STREAM";
    case FrameType::settings: return "SETTINGS";
    case FrameType::push_promise: return "PUSH_PROMISE";
    case FrameType::ping: return "PING";
    case FrameType::goaway: return "GOAWAY";
    case FrameType::window_update: return "WINDOW_UPDATE";
    case FrameType::continuation: return "CONTINUATION";
  }
  return "?";
}

std::optional<std::uint32_t> error_code_named(std::string_view name) {
  for (const auto& n : kErrorNames)
    if (n.name == name) return n.code;
  return std::nullopt;
}

std::string error_code_list() {
  std::string out;
  for (const auto& n : kErrorNames) out += (out.empty() ? "" : ", ") + std::string(n.name);
  return out;
}

namespace {
constexpr std::array<Named, 7> kSettingNames{{
    {0x1, "HEADER_TABLE_SIZE"}, {0x2, "ENABLE_PUSH"}, {0x3, "MAX_CONCURRENT_STREAMS"}, {0x4, "INITIAL_WINDOW_SIZE"},
    {0x5, "MAX_FRAME_SIZE"}, {0x6, "MAX_HEADER_LIST_SIZE"}, {0x8, "ENABLE_CONNECT_PROTOCOL"},
}};
}  // namespace

std::optional<Setting> setting_named(std::string_view name) {
  for (const auto& n : kSettingNames)
    if (n.name == name) return static_cast<Setting>(n.code);
  return std::nullopt;
}

std::string setting_name(std::uint16_t id) {
  for (const auto& n : kSettingNames)
    if (n.code == id) return std::string(n.name);
  return hex(id);
}

std::optional<FrameType> frame_type_named(std::string_view name) {
  for (std::uint8_t t = 0; t <= static_cast<std::uint8_t>(FrameType::continuation); ++t)
    if (to_string(static_cast<FrameType>(t)) == name) return static_cast<FrameType>(t);
  return std::nullopt;
}

std::string error_code_name(std::uint32_t code) {
  for (const auto& n : kErrorNames)
    if (n.code == code) return std::string(n.name);
  return hex(code);
}

std::string encode(const Frame& f) {
  if (f.payload.size() > 0xffffff) throw std::length_error("an HTTP/2 frame payload cannot exceed 2^24 - 1 bytes");
  std::string out;
  out.reserve(kFrameHeaderBytes + f.payload.size());
  const auto length = static_cast<std::uint32_t>(f.payload.size());
  out += static_cast<char>((length >> 16) & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  out += static_cast<char>(length & 0xff);
  out += static_cast<char>(f.type);
  out += static_cast<char>(f.flags);
  put32(out, (f.stream & 0x7fffffffu) | (f.reserved_bit ? 0x80000000u : 0u));
  out += f.payload;
  return out;
}

Frame settings_frame(const std::vector<std::pair<Setting, std::uint32_t>>& values) {
  Frame f{static_cast<std::uint8_t>(FrameType::settings), 0, 0, {}};
  for (const auto& [id, value] : values) {
    const auto n = static_cast<std::uint16_t>(id);
    f.payload += static_cast<char>(n >> 8);
    f.payload += static_cast<char>(n & 0xff);
    put32(f.payload, value);
  }
  return f;
}

Frame settings_ack() { return Frame{static_cast<std::uint8_t>(FrameType::settings), flags::ack, 0, {}}; }

Frame window_update(std::uint32_t stream, std::uint32_t increment) {
  Frame f{static_cast<std::uint8_t>(FrameType::window_update), 0, stream, {}};
  put32(f.payload, increment & 0x7fffffffu);
  return f;
}

Frame rst_stream(std::uint32_t stream, std::uint32_t error_code) {
  Frame f{static_cast<std::uint8_t>(FrameType::rst_stream), 0, stream, {}};
  put32(f.payload, error_code);
  return f;
}

Frame goaway(std::uint32_t last_stream, std::uint32_t error_code, std::string_view debug) {
  Frame f{static_cast<std::uint8_t>(FrameType::goaway), 0, 0, {}};
  put32(f.payload, last_stream & 0x7fffffffu);
  put32(f.payload, error_code);
  f.payload += debug;
  return f;
}

Frame ping(std::string_view opaque8, bool ack) {
  Frame f{static_cast<std::uint8_t>(FrameType::ping), ack ? flags::ack : std::uint8_t{0}, 0, std::string(opaque8)};
  f.payload.resize(8, '\0');
  return f;
}

Frame data_frame(std::uint32_t stream, std::string_view bytes, bool end_stream) {
  return Frame{static_cast<std::uint8_t>(FrameType::data), end_stream ? flags::end_stream : std::uint8_t{0}, stream,
               std::string(bytes)};
}

Frame headers_frame(std::uint32_t stream, std::string block, bool end_stream, bool end_headers) {
  std::uint8_t fl = 0;
  if (end_stream) fl |= flags::end_stream;
  if (end_headers) fl |= flags::end_headers;
  return Frame{static_cast<std::uint8_t>(FrameType::headers), fl, stream, std::move(block)};
}

std::optional<std::vector<std::pair<std::uint16_t, std::uint32_t>>> settings_values(const Frame& f) {
  if (f.payload.size() % 6 != 0) return std::nullopt;
  std::vector<std::pair<std::uint16_t, std::uint32_t>> out;
  for (std::size_t at = 0; at < f.payload.size(); at += 6) {
    const auto id = static_cast<std::uint16_t>((static_cast<unsigned char>(f.payload[at]) << 8) |
                                               static_cast<unsigned char>(f.payload[at + 1]));
    out.emplace_back(id, read_u32(f.payload, at + 2));
  }
  return out;
}

std::optional<std::uint32_t> frame_error_code(const Frame& f) {
  if (f.is(FrameType::rst_stream) && f.payload.size() >= 4) return read_u32(f.payload, 0);
  if (f.is(FrameType::goaway) && f.payload.size() >= 8) return read_u32(f.payload, 4);
  return std::nullopt;
}

std::string describe(const Frame& f) {
  std::string out;
  if (f.type <= static_cast<std::uint8_t>(FrameType::continuation)) out = std::string(to_string(static_cast<FrameType>(f.type)));
  else out = "type " + hex(f.type);
  out += " stream=" + std::to_string(f.stream);
  // The flags this type defines, by name; any other bit set is shown as hex (a peer's stray flag is an observation).
  std::vector<std::pair<std::uint8_t, std::string_view>> defined;
  if (f.is(FrameType::settings) || f.is(FrameType::ping)) defined.emplace_back(flags::ack, "ACK");
  if (f.is(FrameType::data) || f.is(FrameType::headers)) defined.emplace_back(flags::end_stream, "END_STREAM");
  if (f.is(FrameType::headers) || f.is(FrameType::push_promise) || f.is(FrameType::continuation))
    defined.emplace_back(flags::end_headers, "END_HEADERS");
  if (f.is(FrameType::data) || f.is(FrameType::headers) || f.is(FrameType::push_promise))
    defined.emplace_back(flags::padded, "PADDED");
  if (f.is(FrameType::headers)) defined.emplace_back(flags::priority, "PRIORITY");
  std::string names;
  std::uint8_t rest = f.flags;
  for (const auto& [bit, name] : defined)
    if (f.has(bit)) {
      names += (names.empty() ? "" : "|") + std::string(name);
      rest &= static_cast<std::uint8_t>(~bit);
    }
  if (rest != 0) names += (names.empty() ? "" : "|") + hex(rest);
  if (!names.empty()) out += " flags=" + names;
  out += " length=" + std::to_string(f.payload.size());
  if (auto code = frame_error_code(f)) out += " error=" + error_code_name(*code);
  // What the payload says, where it is short enough to read: the transcript's substance.
  if (f.is(FrameType::goaway) && f.payload.size() >= 8) out += " last_stream=" + std::to_string(read_u32(f.payload, 0) & 0x7fffffffu);
  if (f.is(FrameType::window_update) && f.payload.size() == 4)
    out += " increment=" + std::to_string(read_u32(f.payload, 0) & 0x7fffffffu);
  if (f.is(FrameType::settings) && !f.has(flags::ack))
    if (auto values = settings_values(f); values && !values->empty()) {
      std::string list;
      for (const auto& [id, value] : *values) list += (list.empty() ? "" : ", ") + setting_name(id) + "=" + std::to_string(value);
      out += " [" + list + "]";
    }
  if (f.is(FrameType::data) && !f.payload.empty()) {
    constexpr std::size_t kExcerpt = 48;
    static const char kHex[] = "0123456789abcdef";
    std::string shown;
    for (unsigned char c : std::string_view(f.payload).substr(0, kExcerpt)) {
      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') shown += static_cast<char>(c);
      else shown += std::string("\\x") + kHex[c >> 4] + kHex[c & 0xf];
    }
    out += " \"" + shown + (f.payload.size() > kExcerpt ? "\"..." : "\"");
  }
  return out;
}

std::optional<Frame> FrameReader::next() {
  if (!error_.empty()) return std::nullopt;
  std::string_view rest(buffer_);
  rest.remove_prefix(offset_);
  if (rest.size() < kFrameHeaderBytes) return std::nullopt;
  const std::uint32_t length = (static_cast<std::uint32_t>(static_cast<unsigned char>(rest[0])) << 16) |
                               (static_cast<std::uint32_t>(static_cast<unsigned char>(rest[1])) << 8) |
                               static_cast<unsigned char>(rest[2]);
  if (length > max_frame_size_) {
    error_ = "a frame of " + std::to_string(length) + " bytes, over the maximum frame size of " +
             std::to_string(max_frame_size_) + " (FRAME_SIZE_ERROR, RFC 9113 §4.2)";
    return std::nullopt;
  }
  if (rest.size() < kFrameHeaderBytes + length) return std::nullopt;
  Frame f;
  f.type = static_cast<std::uint8_t>(rest[3]);
  f.flags = static_cast<std::uint8_t>(rest[4]);
  const std::uint32_t stream = read_u32(rest, 5);
  f.reserved_bit = (stream & 0x80000000u) != 0;
  f.stream = stream & 0x7fffffffu;
  f.payload.assign(rest.substr(kFrameHeaderBytes, length));
  offset_ += kFrameHeaderBytes + length;
  // Keep the buffer from growing without end on a long-lived connection.
  if (offset_ > 65536 && offset_ * 2 > buffer_.size()) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  return f;
}

}  // namespace connectspec::h2
