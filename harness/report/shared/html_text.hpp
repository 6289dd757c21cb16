// Escaping for the HTML reports (run report and comparison page): text that came from the wire,
// a proxy's log or a case file goes into markup only through these.
#pragma once

#include <string>
#include <string_view>

namespace connectspec {

// Text into HTML content or a double- or single-quoted attribute value: & < > " ' become
// entities, so nothing in it can end the element, the attribute, a comment or a script.
// The text is copied byte for byte otherwise (it should be valid UTF-8; see html_printable).
std::string html_escape(std::string_view text);
// One character as html_escape writes it, appended to out.
void append_html_escaped(std::string& out, char c);

// For text meant for people that may carry stray wire bytes (reasons, observed values, notes,
// proxy logs): printable_text (control characters and invalid UTF-8 as \xNN), then html_escape.
std::string html_printable(std::string_view text);

inline constexpr char kEmDash[] = "\xe2\x80\x94";  // —

// A JSON text made safe inside <script type="application/json">: "<", ">", "&" and the line
// separators U+2028/U+2029 are written as \u escapes, so "</script>" or "<!--" cannot appear.
// The input must already be valid JSON; the output is the same JSON value.
std::string script_safe_json(std::string_view json);

}  // namespace connectspec
