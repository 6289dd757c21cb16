#include "model/upstream_script.hpp"

#include <cstdio>

namespace connectspec {

std::string_view to_string(UpstreamScript::Framing f) {
  switch (f) {
    case UpstreamScript::Framing::content_length: return "content-length";
    case UpstreamScript::Framing::chunked: return "chunked";
    case UpstreamScript::Framing::close: return "close";
    case UpstreamScript::Framing::none: return "none";
  }
  return "?";
}

std::string_view to_string(UpstreamScript::Then t) {
  switch (t) {
    case UpstreamScript::Then::tunnel: return "tunnel";
    case UpstreamScript::Then::close: return "close";
    case UpstreamScript::Then::reset: return "reset";
    case UpstreamScript::Then::silent: return "silent";
    case UpstreamScript::Then::keep: return "keep";
  }
  return "?";
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "Connection Established";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 407: return "Proxy Authentication Required";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
  }
  return status / 100 == 2 ? "OK" : "Error";
}

std::string UpstreamScript::response_bytes() const {
  if (!respond) return after_head;
  if (!raw.empty()) return raw;
  std::string out;
  for (const auto& h : interim) out += h;
  out += (status_line.empty() ? "HTTP/1.1 " + std::to_string(status) + " " +
                                    (reason.empty() ? std::string(reason_phrase(status)) : reason)
                              : status_line) + "\r\n";
  for (const auto& h : headers) out += h + "\r\n";
  if (framing == Framing::content_length) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (framing == Framing::chunked) out += "Transfer-Encoding: chunked\r\n";
  out += "\r\n";
  if (framing == Framing::chunked) {
    if (!body.empty()) {
      char size[32];
      std::snprintf(size, sizeof size, "%zx\r\n", body.size());
      out += size + body + "\r\n";
    }
    out += "0\r\n\r\n";
  } else {
    out += body;
  }
  return out + after_head;
}

}  // namespace connectspec
