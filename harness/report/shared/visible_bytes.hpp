// Readable, unambiguous renderings of what crossed the wire, shared by every report writer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/result.hpp"

namespace connectspec {

// Lossless and pure ASCII, so the result can go into JSON, XML or a terminal as is:
// printable ASCII stays (a backslash doubles to "\\"), \r \n \t \0 are written as those escapes
// and every other byte as \xNN (lowercase hex).
std::string visible_bytes(std::string_view bytes);
// One byte as visible_bytes writes it, appended to out.
void append_visible_byte(std::string& out, unsigned char c);

// The inverse of visible_bytes; nothing for text that visible_bytes could not have written.
std::optional<std::string> bytes_from_visible(std::string_view visible);

// The classic `hexdump -C` layout (offset, 16 hex bytes, ASCII column), one line per 16 bytes,
// each ending in '\n'. At most max_bytes are dumped; a final "... N more bytes" line says what
// was left out.
std::string hex_dump(std::string_view bytes, std::size_t max_bytes);

// For text meant for people (reasons, expected/observed, notes, proxy logs) that may still carry
// stray wire bytes: valid UTF-8 is kept, including \t \n \r, but other control characters
// (C0, DEL, C1), non-characters U+FFFE/U+FFFF and bytes that are not valid UTF-8 become \xNN.
// The result is valid UTF-8, valid XML 1.0 character data and harmless on a terminal.
// Unlike visible_bytes it is not lossless: a backslash already in the text stays single.
std::string printable_text(std::string_view text);

// One transcript line, e.g. `  12.3 ms  client  to proxy  data 18: GET / HTTP/1.1\r\n`.
// At most max_data bytes of a data event are shown, then "..." and the count left out.
std::string describe_event(const WireEvent& event, std::size_t max_data);

// Which origin listened where, for a transcript's reader: "main (echo) at 127.0.0.1:40123; trap
// (trap) at 127.77.0.1:443". Empty when the case had none.
std::string describe_origins(const std::vector<OriginAddress>& origins);

}  // namespace connectspec
