// websocket: a WebSocket echo server (RFC 6455). It answers an opening handshake (a GET with
// `Upgrade: websocket`, `Sec-WebSocket-Key` and `Sec-WebSocket-Version: 13`) with `101` and the
// key's `Sec-WebSocket-Accept`, then sends back each masked client frame unmasked, with the same
// opcode: a Ping's answer is a Pong, a Close is echoed and ends the connection. Anything else gets
// a `400` and a close. It is what a WebSocket client finds at the far end of a tunnel (RFC 8441
// §7: through a forward proxy, WebSocket rides inside a plain CONNECT), so a case can check a whole
// round trip, and the fixed answer lets it expect the bytes exactly.
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "http/base64.hpp"
#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

constexpr std::string_view kRejected = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
constexpr std::size_t kMaxHead = 16 * 1024;
constexpr std::size_t kMaxPayload = 64 * 1024;  // a larger frame is closed with 1009 (too big)

// The value of header field `name` (lowercase) in `head`, trimmed; nullopt if absent.
std::optional<std::string> field(std::string_view head, std::string_view name) {
  std::size_t at = head.find("\r\n");
  while (at != std::string_view::npos && at + 2 < head.size()) {
    at += 2;
    std::size_t end = head.find("\r\n", at);
    std::string_view line = head.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    auto colon = line.find(':');
    if (colon == name.size() &&
        std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        })) {
      std::string_view v = line.substr(colon + 1);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      return std::string(v);
    }
    at = end;
  }
  return std::nullopt;
}

bool contains_token(std::string value, std::string_view token) {
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  return value.find(token) != std::string::npos;
}

// RFC 6455 §4.2.2: base64(SHA-1(key + the protocol's GUID)).
std::string accept_for(const std::string& key) {
  const std::string input = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr);
  return base64(std::string_view(reinterpret_cast<const char*>(digest), length));
}

// The 101 for a valid opening handshake, or nullopt.
std::optional<std::string> handshake_answer(std::string_view head) {
  if (head.substr(0, 4) != "GET ") return std::nullopt;
  auto upgrade = field(head, "upgrade");
  auto key = field(head, "sec-websocket-key");
  auto version = field(head, "sec-websocket-version");
  if (!upgrade || !contains_token(*upgrade, "websocket") || !key || key->empty() || version != "13")
    return std::nullopt;
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " + accept_for(*key) + "\r\n\r\n";
}

enum class Frame { incomplete, bad, too_big, ok };

// Parses one client frame at the start of `in`: its length in `used`, its reply (unmasked, same
// opcode; Ping → Pong) in `reply`, and whether it was a Close.
Frame parse_frame(std::string_view in, std::size_t& used, std::string& reply, bool& close) {
  if (in.size() < 2) return Frame::incomplete;
  const auto b0 = static_cast<unsigned char>(in[0]), b1 = static_cast<unsigned char>(in[1]);
  if (!(b1 & 0x80)) return Frame::bad;  // RFC 6455 §5.1: a client masks every frame
  std::size_t length = b1 & 0x7f, at = 2;
  if (length == 127) return Frame::too_big;
  if (length == 126) {
    if (in.size() < 4) return Frame::incomplete;
    length = (static_cast<unsigned char>(in[2]) << 8) | static_cast<unsigned char>(in[3]);
    at = 4;
  }
  if (length > kMaxPayload) return Frame::too_big;
  if (in.size() < at + 4 + length) return Frame::incomplete;
  const std::string_view mask = in.substr(at, 4);
  std::string payload(in.substr(at + 4, length));
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
  const unsigned opcode = b0 & 0x0f;
  close = opcode == 0x8;
  reply.clear();
  reply += static_cast<char>(opcode == 0x9 ? (b0 & 0xf0) | 0xa : b0);
  if (length < 126) {
    reply += static_cast<char>(length);
  } else {
    reply += static_cast<char>(126);
    reply += static_cast<char>(length >> 8);
    reply += static_cast<char>(length & 0xff);
  }
  reply += payload;
  used = at + 4 + length;
  return Frame::ok;
}

class WebSocketOrigin final : public ListeningOrigin {
 public:
  using ListeningOrigin::ListeningOrigin;

 protected:
  asio::awaitable<void> serve(std::shared_ptr<OriginSession> session) override {
    std::string pending, chunk;
    std::size_t head_end = std::string::npos;
    while ((head_end = pending.find("\r\n\r\n")) == std::string::npos) {
      if (pending.size() > kMaxHead || !co_await session->read_some(chunk)) co_return session->close();
      pending += chunk;
    }
    auto answer = handshake_answer(std::string_view(pending).substr(0, head_end + 2));
    if (!answer) {
      session->on_note("websocket: not a valid opening handshake (RFC 6455 §4.1): 400");
      co_await session->write(kRejected);
      co_return session->close();
    }
    if (!co_await session->write(*answer)) co_return;
    pending.erase(0, head_end + 4);
    std::string reply;
    for (;;) {
      std::size_t used = 0;
      bool close = false;
      switch (parse_frame(pending, used, reply, close)) {
        case Frame::bad:
          session->on_note("websocket: an unmasked client frame (RFC 6455 §5.1): closed with 1002");
          co_await session->write(std::string_view("\x88\x02\x03\xea", 4));
          co_return session->close();
        case Frame::too_big:
          session->on_note("websocket: a frame over 64 KiB: closed with 1009");
          co_await session->write(std::string_view("\x88\x02\x03\xf1", 4));
          co_return session->close();
        case Frame::ok:
          pending.erase(0, used);
          if (!co_await session->write(reply)) co_return;
          if (close) co_return session->close();
          continue;
        case Frame::incomplete:
          break;
      }
      if (!co_await session->read_some(chunk)) co_return session->close();
      pending += chunk;
    }
  }
};

}  // namespace

std::shared_ptr<Origin> make_websocket_origin(asio::io_context& io, const OriginSpec& spec,
                                              CaseTracePtr trace) {
  return std::make_shared<WebSocketOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
