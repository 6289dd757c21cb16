#include "http/response_body.hpp"

#include <charconv>

namespace connectspec {

namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// The last transfer coding of a Transfer-Encoding value, lower-cased.
std::string last_coding(const std::string& value) {
  std::size_t comma = value.rfind(',');
  std::string_view last = std::string_view(value).substr(comma == std::string::npos ? 0 : comma + 1);
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
  auto semi = last.find(';');
  if (semi != std::string_view::npos) last = last.substr(0, semi);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
  std::string out(last);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ResponseBody chunked(std::string_view bytes, bool closed) {
  ResponseBody r;
  r.framing = "chunked";
  std::size_t at = 0;
  auto short_of = [&](std::string what) {
    if (closed) {
      r.state = ResponseBody::State::malformed;
      r.error = "the connection ended inside the chunked body (" + what + ") after " + std::to_string(r.body.size()) +
                " bytes of content";
    }
    return r;
  };
  for (int chunks = 0; chunks < 1000000; ++chunks) {
    std::size_t eol = bytes.find("\r\n", at);
    if (eol == std::string_view::npos) return short_of("in a chunk-size line");
    std::string_view line = bytes.substr(at, eol - at);
    std::size_t digits = 0;
    while (digits < line.size() && is_hex(line[digits])) ++digits;
    std::size_t rest = digits;
    while (rest < line.size() && (line[rest] == ' ' || line[rest] == '\t')) ++rest;
    if (digits == 0 || digits > 15 || (rest < line.size() && line[rest] != ';')) {
      r.state = ResponseBody::State::malformed;
      r.error = "invalid chunk-size line at body offset " + std::to_string(at);
      return r;
    }
    std::uint64_t size = 0;
    std::from_chars(line.data(), line.data() + digits, size, 16);
    at = eol + 2;
    if (size == 0) {
      // Trailer section: field lines up to an empty line.
      for (;;) {
        std::size_t end = bytes.find("\r\n", at);
        if (end == std::string_view::npos) return short_of("in the trailer section");
        bool empty = end == at;
        at = end + 2;
        if (empty) break;
      }
      r.state = ResponseBody::State::complete;
      r.size = at;
      r.framing += ", " + std::to_string(chunks) + " chunk" + (chunks == 1 ? "" : "s");
      return r;
    }
    if (bytes.size() < at + size + 2) return short_of("in a chunk of " + std::to_string(size) + " bytes");
    r.body.append(bytes.substr(at, size));
    at += size;
    if (bytes.substr(at, 2) != "\r\n") {
      r.state = ResponseBody::State::malformed;
      r.error = "chunk data not followed by CRLF at body offset " + std::to_string(at);
      return r;
    }
    at += 2;
  }
  r.state = ResponseBody::State::malformed;
  r.error = "too many chunks";
  return r;
}

}  // namespace

ResponseBody parse_response_body(const ResponseHead& head, std::string_view bytes, bool closed) {
  ResponseBody r;
  if (head.status / 100 == 1 || head.status == 204 || head.status == 304) {
    r.state = ResponseBody::State::complete;
    r.framing = "no body (" + std::to_string(head.status) + ")";
    return r;
  }
  if (auto te = head.get("Transfer-Encoding")) {
    if (last_coding(*te) == "chunked") return chunked(bytes, closed);
    r.framing = "close-delimited (Transfer-Encoding: " + *te + ")";
  } else if (head.count("Content-Length")) {
    auto cl = *head.get("Content-Length");
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(cl.data(), cl.data() + cl.size(), n);
    if (ec != std::errc{} || end != cl.data() + cl.size() || cl.empty()) {
      r.state = ResponseBody::State::malformed;
      r.error = "invalid Content-Length: " + cl;
      return r;
    }
    for (std::size_t i = 0; i < head.fields.size(); ++i)
      if (iequals(head.fields[i].first, "Content-Length") && head.fields[i].second != cl) {
        r.state = ResponseBody::State::malformed;
        r.error = "conflicting Content-Length values " + cl + " and " + head.fields[i].second;
        return r;
      }
    r.framing = "Content-Length: " + cl;
    if (bytes.size() >= n) {
      r.state = ResponseBody::State::complete;
      r.body = std::string(bytes.substr(0, n));
      r.size = n;
    } else if (closed) {
      r.state = ResponseBody::State::malformed;
      r.error = "the connection ended after " + std::to_string(bytes.size()) + " of " + cl + " body bytes";
    }
    return r;
  } else {
    r.framing = "close-delimited";
  }
  if (closed) {
    r.state = ResponseBody::State::complete;
    r.body = std::string(bytes);
    r.size = bytes.size();
  }
  return r;
}

}  // namespace connectspec
