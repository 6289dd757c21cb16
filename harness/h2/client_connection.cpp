#include "h2/client_connection.hpp"

#include <algorithm>

namespace connectspec::h2 {

namespace {

constexpr std::int64_t kDefaultWindow = 65535;  // RFC 9113 §6.9.2

// The part of a DATA or HEADERS payload after its padding length (and HEADERS' priority
// fields), without the padding; nullopt when the padding does not fit (PROTOCOL_ERROR, §6.1).
std::optional<std::string> unpadded(const Frame& f, std::size_t priority_bytes) {
  std::size_t start = 0, pad = 0;
  if (f.has(flags::padded)) {
    if (f.payload.empty()) return std::nullopt;
    pad = static_cast<unsigned char>(f.payload[0]);
    start = 1;
  }
  start += priority_bytes;
  if (start + pad > f.payload.size()) return std::nullopt;
  return f.payload.substr(start, f.payload.size() - start - pad);
}

}  // namespace

ClientConnection::ClientConnection(std::uint32_t window) : window_(window) {
  output_ = std::string(kClientPreface);
  // No server push: a proxy has nothing to push for a tunnel, and a PUSH_PROMISE is then an error to record.
  emit(settings_frame({{Setting::enable_push, 0}, {Setting::initial_window_size, window_}}));
  if (window_ > kDefaultWindow) emit(window_update(0, static_cast<std::uint32_t>(window_ - kDefaultWindow)));
}

std::string ClientConnection::take_output() { return std::exchange(output_, {}); }

std::vector<FrameNote> ClientConnection::take_log() { return std::exchange(log_, {}); }

void ClientConnection::emit(const Frame& f, const HeaderList* fields) {
  std::string bytes = encode(f);
  if (transcript_)
    log_.push_back({false, describe(f) + (fields ? " " + describe_fields(*fields) : std::string()), bytes.size()});
  output_ += bytes;
}

std::uint32_t ClientConnection::peer_max_frame_size() const {
  auto it = peer_settings_.find(static_cast<std::uint16_t>(Setting::max_frame_size));
  return it == peer_settings_.end() ? kDefaultMaxFrameSize : it->second;
}

std::uint32_t ClientConnection::open_stream(const HeaderList& fields, bool end_stream) {
  const std::uint32_t id = next_stream_;
  next_stream_ += 2;
  StreamState& st = streams_[id];
  st.send_window = initial_stream_window_;
  st.local_end = end_stream;
  const std::string block = encoder_.encode(fields);
  const std::size_t max = peer_max_frame_size();
  // HEADERS, then CONTINUATIONs, each at most the peer's frame size; END_HEADERS on the last.
  std::size_t at = std::min(block.size(), max);
  Frame headers = headers_frame(id, block.substr(0, at), end_stream, at == block.size());
  emit(headers, &fields);
  while (at < block.size()) {
    const std::size_t n = std::min(block.size() - at, max);
    Frame c{static_cast<std::uint8_t>(FrameType::continuation), 0, id, block.substr(at, n)};
    at += n;
    if (at == block.size()) c.flags = flags::end_headers;
    emit(c);
  }
  return id;
}

void ClientConnection::send_data(std::uint32_t stream, std::string_view bytes, bool end_stream, std::size_t frame_size) {
  StreamState& st = streams_[stream];
  st.pending += bytes;
  st.pending_end = st.pending_end || end_stream;
  if (frame_size > 0) st.frame_size = frame_size;
  flush_pending(stream);
}

void ClientConnection::flush_pending(std::uint32_t stream) {
  StreamState& st = streams_[stream];
  while (send_one_frame(stream, st)) {
  }
  end_if_drained(stream, st);
}

// The connection's window, shared out one frame at a time to each waiting stream in turn, starting
// after the one served last: one busy stream cannot starve the others of it.
void ClientConnection::flush_all() {
  for (bool sent = true; sent && connection_send_window_ > 0;) {
    sent = false;
    auto it = streams_.upper_bound(last_served_);
    for (std::size_t i = 0; i < streams_.size() && connection_send_window_ > 0; ++i, ++it) {
      if (it == streams_.end()) it = streams_.begin();
      if (send_one_frame(it->first, it->second)) {
        sent = true;
        last_served_ = it->first;
      }
    }
  }
  for (auto& [id, st] : streams_) end_if_drained(id, st);
}

// One DATA frame of what `st` has pending, as far as both windows allow; false when none can go.
bool ClientConnection::send_one_frame(std::uint32_t id, StreamState& st) {
  if (st.local_end || st.reset || st.pending_bytes() == 0) return false;
  const std::size_t max = st.frame_size > 0 ? st.frame_size : std::max<std::size_t>(1, peer_max_frame_size());
  const std::int64_t allowed = std::min(st.send_window, connection_send_window_);
  if (allowed <= 0) return false;
  const std::size_t n = std::min({st.pending_bytes(), max, static_cast<std::size_t>(allowed)});
  const bool last = n == st.pending_bytes() && st.pending_end;
  emit(data_frame(id, std::string_view(st.pending).substr(st.pending_at, n), last));
  st.pending_at += n;
  // The sent part is dropped only once it is most of the buffer: erasing each frame's bytes from
  // the front of a 64 MiB upload would copy the rest every time.
  if (st.pending_at == st.pending.size() || st.pending_at > st.pending.size() / 2) {
    st.pending.erase(0, st.pending_at);
    st.pending_at = 0;
  }
  st.send_window -= static_cast<std::int64_t>(n);
  connection_send_window_ -= static_cast<std::int64_t>(n);
  if (last) st.local_end = true;
  return true;
}

void ClientConnection::end_if_drained(std::uint32_t id, StreamState& st) {
  if (st.pending_end && !st.local_end && !st.reset && st.pending_bytes() == 0) {
    emit(data_frame(id, "", true));  // an empty DATA carries END_STREAM, needing no credit
    st.local_end = true;
  }
}

void ClientConnection::send_rst(std::uint32_t stream, std::uint32_t error_code) {
  StreamState& st = streams_[stream];
  st.pending.clear();
  st.pending_at = 0;
  st.local_end = true;
  emit(rst_stream(stream, error_code));
}

void ClientConnection::send_frame(const Frame& frame) { emit(frame); }

bool ClientConnection::feed(std::string_view bytes) {
  if (!connection_error_.empty()) return false;
  reader_.feed(bytes);
  // Each frame consumes at least its 9-byte header of what was fed.
  while (connection_error_.empty()) {
    auto f = reader_.next();
    if (!f) break;
    on_frame(*f);
  }
  if (connection_error_.empty() && !reader_.error().empty()) fail(reader_.error());
  return connection_error_.empty();
}

const StreamState* ClientConnection::stream(std::uint32_t id) const {
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : &it->second;
}

std::string ClientConnection::take_data(std::uint32_t stream) {
  auto it = streams_.find(stream);
  return it == streams_.end() ? std::string() : std::exchange(it->second.data, {});
}

void ClientConnection::forget_stream(std::uint32_t stream) { streams_.erase(stream); }

// Every stream this client opened is in streams_ until forgotten; the peer opens none (no push).
bool ClientConnection::forgotten(std::uint32_t stream) const {
  return stream % 2 == 1 && stream < next_stream_ && !streams_.contains(stream);
}

std::size_t ClientConnection::open_streams() const {
  return static_cast<std::size_t>(std::count_if(streams_.begin(), streams_.end(), [](const auto& entry) {
    const StreamState& st = entry.second;
    return !st.reset && !(st.end_stream && st.local_end);
  }));
}

void ClientConnection::fail(std::string why) {
  if (connection_error_.empty()) connection_error_ = std::move(why);
}

void ClientConnection::note_received(const Frame& f) {
  if (!transcript_) return;
  received_frames_.push_back(describe(f));
  log_.push_back({true, received_frames_.back(), kFrameHeaderBytes + f.payload.size()});
}

void ClientConnection::on_frame(const Frame& f) {
  note_received(f);
  if (continuing_ && !(f.is(FrameType::continuation) && f.stream == *continuing_)) {
    fail("a header block of stream " + std::to_string(*continuing_) + " was cut by " + describe(f) +
         " where a CONTINUATION was due (PROTOCOL_ERROR, RFC 9113 §6.10)");
    return;
  }
  if (f.is(FrameType::data)) {
    on_data(f);
  } else if (f.is(FrameType::headers)) {
    auto fragment = unpadded(f, f.has(flags::priority) ? 5 : 0);
    if (!fragment) return fail("a HEADERS frame whose padding is longer than it (PROTOCOL_ERROR, RFC 9113 §6.2)");
    if (f.has(flags::end_headers)) return on_header_block(f.stream, *fragment, f.has(flags::end_stream));
    continuing_ = f.stream;
    continuing_end_stream_ = f.has(flags::end_stream);
    header_block_ = *fragment;
  } else if (f.is(FrameType::continuation)) {
    if (!continuing_) return fail("a CONTINUATION with no header block to continue (PROTOCOL_ERROR, RFC 9113 §6.10)");
    header_block_ += f.payload;
    if (f.has(flags::end_headers)) {
      const std::uint32_t stream = *continuing_;
      continuing_.reset();
      on_header_block(stream, std::exchange(header_block_, {}), continuing_end_stream_);
    }
  } else if (f.is(FrameType::settings)) {
    on_settings(f);
  } else if (f.is(FrameType::ping)) {
    if (!f.has(flags::ack) && f.payload.size() == 8) emit(ping(f.payload, true));
  } else if (f.is(FrameType::window_update)) {
    if (f.payload.size() != 4) return fail("a WINDOW_UPDATE of " + std::to_string(f.payload.size()) + " bytes (FRAME_SIZE_ERROR, RFC 9113 §6.9)");
    const std::int64_t increment = read_u32(f.payload, 0) & 0x7fffffffu;
    if (f.stream == 0) {
      connection_send_window_ += increment;
      flush_all();
    } else if (!forgotten(f.stream)) {
      streams_[f.stream].send_window += increment;
      flush_pending(f.stream);
    }
  } else if (f.is(FrameType::rst_stream)) {
    if (auto code = frame_error_code(f); code && !forgotten(f.stream)) {
      StreamState& st = streams_[f.stream];
      if (!st.reset) st.ended_before_reset = st.end_stream;
      st.reset = *code;
    }
  } else if (f.is(FrameType::goaway)) {
    if (f.payload.size() >= 8) goaway_ = Goaway{read_u32(f.payload, 0) & 0x7fffffffu, read_u32(f.payload, 4), f.payload.substr(8)};
  }
  // PRIORITY, PUSH_PROMISE and unknown types: recorded above, nothing to do.
}

void ClientConnection::on_header_block(std::uint32_t stream, const std::string& block, bool end_stream) {
  std::string error;
  auto fields = decoder_.decode(block, error);
  if (!fields) return fail("stream " + std::to_string(stream) + ": " + error + " (COMPRESSION_ERROR, RFC 9113 §4.3)");
  // The decoded fields join the description of the frame that completed the block.
  if (transcript_) {
    received_frames_.back() += " " + describe_fields(*fields);
    log_.back().text = received_frames_.back();
  }
  if (forgotten(stream)) return;  // decoded all the same: the HPACK table must follow the peer's
  StreamState& st = streams_[stream];
  const auto status = field_value(*fields, ":status");
  if (!st.response && status && status->size() == 3 && (*status)[0] == '1') st.informational.push_back(std::move(*fields));
  else if (!st.response) st.response = std::move(*fields);
  else st.trailers = std::move(*fields);
  if (end_stream) st.end_stream = true;
}

void ClientConnection::on_settings(const Frame& f) {
  if (f.has(flags::ack)) {
    settings_acked_ = true;
    return;
  }
  auto values = settings_values(f);
  if (!values) return fail("a SETTINGS frame of " + std::to_string(f.payload.size()) + " bytes, not a multiple of 6 (FRAME_SIZE_ERROR, RFC 9113 §6.5)");
  for (const auto& [id, value] : *values) {
    // Values outside their range end the connection (§6.5.2); they would also stall or flood the
    // sender (a maximum frame size of 0 could never carry a byte).
    if (id == static_cast<std::uint16_t>(Setting::max_frame_size) && (value < kDefaultMaxFrameSize || value > 0xffffff))
      return fail("SETTINGS_MAX_FRAME_SIZE " + std::to_string(value) + ", outside 16384 to 16777215 (PROTOCOL_ERROR, RFC 9113 §6.5.2)");
    if (id == static_cast<std::uint16_t>(Setting::initial_window_size) && value > 0x7fffffffu)
      return fail("SETTINGS_INITIAL_WINDOW_SIZE " + std::to_string(value) + ", over 2^31-1 (FLOW_CONTROL_ERROR, RFC 9113 §6.5.2)");
    peer_settings_[id] = value;
    if (id == static_cast<std::uint16_t>(Setting::initial_window_size)) {
      // A new initial window changes every open stream's window by the difference (§6.9.2).
      const std::int64_t delta = static_cast<std::int64_t>(value) - initial_stream_window_;
      initial_stream_window_ = value;
      for (auto& [sid, st] : streams_) st.send_window += delta;
    }
  }
  peer_settings_received_ = true;
  emit(settings_ack());
  flush_all();
}

void ClientConnection::on_data(const Frame& f) {
  auto bytes = unpadded(f, 0);
  if (!bytes) return fail("a DATA frame whose padding is longer than it (PROTOCOL_ERROR, RFC 9113 §6.1)");
  const auto length = static_cast<std::uint32_t>(f.payload.size());
  if (forgotten(f.stream)) {
    // The bytes are dropped, but they used the connection's window all the same (§6.9).
    if (length > 0) emit(window_update(0, length));
    return;
  }
  StreamState& st = streams_[f.stream];
  st.data += *bytes;
  if (f.has(flags::end_stream)) st.end_stream = true;
  // The credit goes back at once: the harness keeps (or drains) every byte, so it never wants to
  // slow the peer.
  if (length == 0) return;
  emit(window_update(0, length));
  if (!st.end_stream) emit(window_update(f.stream, length));
}

}  // namespace connectspec::h2
