#include "http/response_head.hpp"

#include <algorithm>
#include <cctype>

namespace connectspec {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::size_t ResponseHead::count(std::string_view name) const {
  return std::count_if(fields.begin(), fields.end(), [&](const auto& f) { return iequals(f.first, name); });
}

std::optional<std::string> ResponseHead::get(std::string_view name) const {
  for (const auto& f : fields)
    if (iequals(f.first, name)) return f.second;
  return std::nullopt;
}

std::string ResponseHead::status_line() const {
  // Three digits as received: a proxy that sent "002" must not be quoted as having sent "2".
  std::string code = std::to_string(status);
  code.insert(0, code.size() < 3 ? 3 - code.size() : 0, '0');
  return version + " " + code + (reason.empty() ? "" : " " + reason);
}

namespace {

// A line with its bare CRs written \r, so that a message quoting it shows them.
std::string shown_cr(std::string_view line) {
  std::string out;
  for (char c : line) out += c == '\r' ? std::string("\\r") : std::string(1, c);
  return out;
}

bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

ParseResponse malformed(std::string why) {
  ParseResponse r;
  r.state = ParseResponse::State::malformed;
  r.error = std::move(why);
  return r;
}

}  // namespace

ParseResponse parse_response_head(std::string_view bytes) {
  // A response must start with "HTTP/"; say so as soon as the first bytes disagree, rather than
  // waiting for a CRLF CRLF that garbage may never contain.
  std::string_view prefix = "HTTP/";
  if (bytes.substr(0, prefix.size()) != prefix.substr(0, std::min(prefix.size(), bytes.size())))
    return malformed("response does not start with \"HTTP/\"");
  auto end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (bytes.size() > kMaxResponseHead) return malformed("response head is longer than 64 KiB");
    return {};
  }
  // The limit holds however the bytes arrived: in one read or in many.
  if (end + 4 > kMaxResponseHead) return malformed("response head is longer than 64 KiB");
  ParseResponse r;
  r.head.size = end + 4;
  std::string_view head = bytes.substr(0, end);
  auto line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  // RFC 9112 §2.2: a sender never generates a bare CR; a recipient takes the element as invalid
  // (or reads a space). Read as a line break it would split the line: "403 x\rX-Injected: 1".
  if (status_line.find('\r') != std::string_view::npos)
    return malformed("bare CR in the status line \"" + shown_cr(status_line.substr(0, 80)) + "\"");
  // status-line = HTTP-version SP status-code SP [ reason-phrase ]
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/" || !std::isdigit(static_cast<unsigned char>(status_line[5])) ||
      status_line[6] != '.' || !std::isdigit(static_cast<unsigned char>(status_line[7])) || status_line[8] != ' ')
    return malformed("malformed status line \"" + std::string(status_line.substr(0, 80)) + "\"");
  r.head.version = std::string(status_line.substr(0, 8));
  std::string_view code = status_line.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return malformed("status code \"" + std::string(code) + "\" is not three digits");
  r.head.status = std::stoi(std::string(code));
  if (status_line.size() > 12) {
    if (status_line[12] != ' ') return malformed("no space after the status code");
    r.head.reason = std::string(status_line.substr(13));
  }
  std::string_view rest = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
  while (!rest.empty()) {
    auto eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 2);
    if (line.front() == ' ' || line.front() == '\t') return malformed("obsolete line folding in header section");
    if (line.find('\r') != std::string_view::npos)
      return malformed("bare CR in the header line \"" + shown_cr(line.substr(0, 80)) + "\"");
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return malformed("header line without a field name: \"" + std::string(line.substr(0, 80)) + "\"");
    std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_tchar))
      return malformed("invalid header field name \"" + std::string(name.substr(0, 80)) + "\"");
    r.head.fields.emplace_back(std::string(name), std::string(trim_ows(line.substr(colon + 1))));
  }
  r.state = ParseResponse::State::complete;
  return r;
}

}  // namespace connectspec
