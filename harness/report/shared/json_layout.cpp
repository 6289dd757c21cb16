#include "report/shared/json_layout.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace connectspec {

namespace json = boost::json;

namespace {

bool is_scalar(const json::value& v) { return !v.is_object() && !v.is_array(); }

bool is_flat(const json::value& v) {
  if (v.is_array()) {
    for (const auto& e : v.get_array())
      if (!is_scalar(e)) return false;
    return true;
  }
  if (v.is_object()) {
    for (const auto& kv : v.get_object())
      if (!is_scalar(kv.value())) return false;
    return true;
  }
  return true;
}

void write_scalar(std::ostream& out, const json::value& v) {
  if (v.is_double())
    write_json_number(out, v.get_double());
  else
    out << json::serialize(v);
}

void write_inline(std::ostream& out, const json::value& v) {
  if (v.is_array()) {
    out << '[';
    const char* sep = "";
    for (const auto& e : v.get_array()) {
      out << sep;
      write_scalar(out, e);
      sep = ", ";
    }
    out << ']';
  } else if (v.is_object()) {
    out << '{';
    const char* sep = "";
    for (const auto& kv : v.get_object()) {
      out << sep << json::serialize(kv.key()) << ": ";
      write_scalar(out, kv.value());
      sep = ", ";
    }
    out << '}';
  } else {
    write_scalar(out, v);
  }
}

// Diff-friendly layout: objects are expanded with a 2-space indent, while arrays of scalars and
// flat array elements (each check, each transcript event) take one line each.
void write_pretty(std::ostream& out, const json::value& v, int depth) {
  const std::string pad(2 * (depth + 1), ' ');
  if (v.is_object() && !v.get_object().empty()) {
    out << "{\n";
    const char* sep = "";
    for (const auto& kv : v.get_object()) {
      out << sep << pad << json::serialize(kv.key()) << ": ";
      write_pretty(out, kv.value(), depth + 1);
      sep = ",\n";
    }
    out << '\n' << std::string(2 * depth, ' ') << '}';
  } else if (v.is_array() && !is_flat(v)) {
    out << "[\n";
    const char* sep = "";
    for (const auto& e : v.get_array()) {
      out << sep << pad;
      if (is_flat(e))
        write_inline(out, e);
      else
        write_pretty(out, e, depth + 1);
      sep = ",\n";
    }
    out << '\n' << std::string(2 * depth, ' ') << ']';
  } else {
    write_inline(out, v);
  }
}

}  // namespace

void write_json_number(std::ostream& out, double d) {
  if (!std::isfinite(d)) {
    out << "null";
    return;
  }
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, d);
  out.write(buf, res.ptr - buf);
}

void write_json_layout(std::ostream& out, const json::value& doc) {
  write_pretty(out, doc, 0);
  out << '\n';
}

}  // namespace connectspec
