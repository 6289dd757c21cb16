#include "launch/h2_probe.hpp"

#include "h2/frame.hpp"

namespace connectspec {

namespace {

constexpr std::size_t kHeadKept = 128;

bool starts_like_http1(std::string_view head) {
  constexpr std::string_view kHttp = "HTTP/";
  const std::size_t n = std::min(head.size(), kHttp.size());
  return head.substr(0, n) == kHttp.substr(0, n);
}

}  // namespace

std::string first_line_shown(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    if (c == '\r' || c == '\n' || out.size() >= 60) break;
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) out += c;
    else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  if (out.size() >= 60) out += "...";
  return out;
}

H2ConnectAttempt::H2ConnectAttempt(std::string authority, std::string proxy_authorization, bool any_response,
                                   std::string_view protocol_name)
    : authority_(std::move(authority)), any_response_(any_response), protocol_(protocol_name) {
  h2::HeaderList fields = {{":method", "CONNECT"}, {":authority", authority_}};
  if (!proxy_authorization.empty()) fields.push_back({"proxy-authorization", proxy_authorization});
  stream_ = conn_.open_stream(fields);
}

std::string H2ConnectAttempt::take_output() { return conn_.take_output(); }

H2ProbeStep H2ConnectAttempt::feed(std::string_view bytes) {
  using K = H2ProbeStep::Kind;
  if (!framed_) {
    head_.append(bytes.substr(0, kHeadKept - std::min(head_.size(), kHeadKept)));
    if (starts_like_http1(head_)) {
      if (head_.size() < 5 || head_.find('\n') == std::string::npos) {
        if (head_.size() < kHeadKept) return {};  // wait for the whole status line
      }
      return {K::wrong_protocol, "the proxy does not speak " + protocol_ + ": it answered the preface with '" +
                                     first_line_shown(head_) + "'"};
    }
    if (head_.size() < h2::kFrameHeaderBytes) {
      conn_.feed(bytes);
      return {};
    }
    // A server's connection preface is a SETTINGS frame (RFC 9113 §3.4).
    if (head_[3] != static_cast<char>(h2::FrameType::settings) || head_[4] & ~h2::flags::ack || head_[5] || head_[6] ||
        head_[7] || head_[8])
      return {K::wrong_protocol, "the proxy does not speak " + protocol_ +
                                     ": its answer to the preface is not a SETTINGS frame ('" + first_line_shown(head_) + "')"};
    framed_ = true;
  }
  if (!conn_.feed(bytes))
    return {K::not_ready, "HTTP/2 connection error: " + conn_.connection_error()};
  return decide();
}

H2ProbeStep H2ConnectAttempt::decide() {
  using K = H2ProbeStep::Kind;
  const h2::StreamState* s = conn_.stream(stream_);
  const std::string what = "CONNECT " + authority_ + " over " + protocol_;
  if (s && s->response) {
    if (any_response_) return {K::ready, {}};
    const std::string status = h2::field_value(*s->response, ":status").value_or("");
    if (status.size() == 3 && status[0] == '2') return {K::ready, {}};
    return {K::not_ready, what + " answered :status " + (status.empty() ? "(none)" : status)};
  }
  if (s && s->reset) return {K::not_ready, what + ": the proxy reset the stream (" + h2::error_code_name(*s->reset) + ")"};
  if (const auto& g = conn_.goaway(); g && g->last_stream < stream_)
    return {K::not_ready, what + ": the proxy sent GOAWAY (" + h2::error_code_name(g->error_code) +
                              (g->debug.empty() ? "" : ", '" + first_line_shown(g->debug) + "'") + ")"};
  return {};
}

H2ProbeStep H2ConnectAttempt::closed(const std::string& error) const {
  using K = H2ProbeStep::Kind;
  if (head_.empty())
    return {K::silent_close, "the proxy does not speak " + protocol_ + ": it closed the connection on the preface without answering (" +
                                 error + ")"};
  if (!framed_ && starts_like_http1(head_))
    return {K::wrong_protocol, "the proxy does not speak " + protocol_ + ": it answered the preface with '" +
                                   first_line_shown(head_) + "'"};
  return {K::not_ready, "CONNECT " + authority_ + " over " + protocol_ + ": connection ended before a response (" + error + ")"};
}

}  // namespace connectspec
