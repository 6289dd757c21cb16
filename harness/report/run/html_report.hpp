// The HTML report of one run: one self-contained page (style and script inlined from
// reports/assets/report.css and report.js, no fetches), readable without JavaScript, printable.
// docs/reports.md describes what it shows and its URL hash filters.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.hpp"

namespace connectspec {

// Writes the page, cases grouped by topic in the order of results. Every result's test must be
// set. Each case is a <details id="case-<id>"> (opening the page at #case-<id> expands it). A run
// with a bench (`run --bench`) has its Performance section after the header (bench_html.hpp).
void write_html_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results,
                       const RequirementNotes& notes = {});

// Wire bytes as HTML text in the visible-bytes notation (visible_bytes.hpp): printable ASCII as
// itself (HTML-escaped), every other byte as an escape. With `styled`, runs of escapes are wrapped
// in <b> (\r \n) or <i> (the rest) so the page can set them apart. A real line break follows each
// \n, so an HTTP head reads line by line; the page's script drops those breaks before decoding
// the text back to bytes for the hex view. The output is pure ASCII.
std::string html_wire_bytes(std::string_view bytes, bool styled = true);

}  // namespace connectspec
