// The layout of the harness's JSON files (results, bench): diff-friendly, numbers in their
// shortest round-trip form (docs/results-schema.md, "Layout").
#pragma once

#include <boost/json.hpp>
#include <ostream>

namespace connectspec {

// Objects are expanded with a 2-space indent, while arrays of scalars and flat array elements
// (each check, each transcript event) take one line each. Ends with a newline.
void write_json_layout(std::ostream& out, const boost::json::value& doc);

// A number in its shortest round-trip form ("12.5"; Boost.JSON would write "1.25E1"), null when
// it is not finite.
void write_json_number(std::ostream& out, double d);

}  // namespace connectspec
