#include "report/shared/visible_bytes.hpp"

#include <algorithm>
#include <cstdio>

namespace connectspec {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_escape(std::string& out, unsigned char c) {
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xf];
}

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when there is none.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the second byte
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  return len;
}

bool is_unwanted_character(std::string_view seq) {
  const auto c0 = static_cast<unsigned char>(seq[0]);
  if (seq.size() == 1) return (c0 < 0x20 && c0 != '\t' && c0 != '\n' && c0 != '\r') || c0 == 0x7f;
  const auto c1 = static_cast<unsigned char>(seq[1]);
  if (seq.size() == 2) return c0 == 0xc2 && c1 < 0xa0;  // C1 controls U+0080..U+009F
  // U+FFFE and U+FFFF are not XML characters.
  return seq.size() == 3 && c0 == 0xef && c1 == 0xbf && static_cast<unsigned char>(seq[2]) >= 0xbe;
}

}  // namespace

void append_visible_byte(std::string& out, unsigned char c) {
  switch (c) {
    case '\\': out += "\\\\"; break;
    case '\r': out += "\\r"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\0': out += "\\0"; break;
    default:
      if (c >= 0x20 && c <= 0x7e)
        out += static_cast<char>(c);
      else
        append_hex_escape(out, c);
  }
}

std::string visible_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) append_visible_byte(out, static_cast<unsigned char>(ch));
  return out;
}

std::optional<std::string> bytes_from_visible(std::string_view visible) {
  auto hex_digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  out.reserve(visible.size());
  for (std::size_t i = 0; i < visible.size(); ++i) {
    const auto c = static_cast<unsigned char>(visible[i]);
    if (c < 0x20 || c > 0x7e) return std::nullopt;
    if (c != '\\') {
      out += visible[i];
      continue;
    }
    if (++i == visible.size()) return std::nullopt;
    switch (visible[i]) {
      case '\\': out += '\\'; break;
      case 'r': out += '\r'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case 'x': {
        if (i + 2 >= visible.size()) return std::nullopt;
        const int hi = hex_digit(visible[i + 1]), lo = hex_digit(visible[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        const auto byte = static_cast<unsigned char>(hi * 16 + lo);
        // Each byte has one spelling: "\x41" is not how visible_bytes writes 'A'.
        std::string spelled;
        append_visible_byte(spelled, byte);
        if (spelled.size() != 4) return std::nullopt;
        out += static_cast<char>(byte);
        i += 2;
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

std::string hex_dump(std::string_view bytes, std::size_t max_bytes) {
  const std::size_t shown = std::min(bytes.size(), max_bytes);
  std::string out;
  char offset[24];
  for (std::size_t line = 0; line < shown; line += 16) {
    std::snprintf(offset, sizeof offset, "%08zx  ", line);
    out += offset;
    std::string ascii;
    for (std::size_t k = 0; k < 16; ++k) {
      if (line + k < shown) {
        const auto c = static_cast<unsigned char>(bytes[line + k]);
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
        out += ' ';
        ascii += (c >= 0x20 && c <= 0x7e) ? static_cast<char>(c) : '.';
      } else {
        out += "   ";  // keeps the ASCII column aligned on the last line
      }
      if (k == 7) out += ' ';
    }
    out += " |" + ascii + "|\n";
  }
  if (shown < bytes.size()) out += "... " + std::to_string(bytes.size() - shown) + " more bytes\n";
  return out;
}

std::string printable_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      append_hex_escape(out, static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    const std::string_view seq = text.substr(i, len);
    if (is_unwanted_character(seq)) {
      for (char c : seq) append_hex_escape(out, static_cast<unsigned char>(c));
    } else {
      out += seq;
    }
    i += len;
  }
  return out;
}

std::string describe_event(const WireEvent& event, std::size_t max_data) {
  char time[32];
  std::snprintf(time, sizeof time, "%8.1f ms  ", event.t_ms);
  std::string out = time + printable_text(event.leg) + "  ";
  if (event.kind == WireEvent::Kind::note) return out + "note: " + printable_text(event.text);
  out += event.from_proxy ? "from proxy  " : "to proxy    ";
  out += to_string(event.kind);
  if (event.kind == WireEvent::Kind::frame) return out + " " + printable_text(event.text);
  if (event.kind != WireEvent::Kind::data) return out;
  // Appended piece by piece: `"literal" + std::string` trips a false -Wrestrict in GCC 12 at -O3.
  out += ' ';
  out += std::to_string(event.size);
  out += ": ";
  const std::string_view bytes = event.bytes;
  out += visible_bytes(bytes.substr(0, max_data));
  // Count what is missing against the real size, so a truncated capture is not under-reported.
  const std::uint64_t shown = std::min<std::uint64_t>(bytes.size(), max_data);
  if (shown < event.size) {
    out += "... (";
    out += std::to_string(event.size - shown);
    out += " more bytes)";
  }
  return out;
}

std::string describe_origins(const std::vector<OriginAddress>& origins) {
  std::string out;
  for (const auto& o : origins)
    out += (out.empty() ? "" : "; ") + printable_text(o.name) + " (" + printable_text(o.kind) + ") at " + printable_text(o.address);
  return out;
}

}  // namespace connectspec
