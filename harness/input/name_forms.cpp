#include "input/name_forms.hpp"

namespace connectspec {

namespace {

bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool alnum(char c) { return lower_or_digit(c) || upper(c); }

// Splits s at every `sep` and checks each part; false for an empty part.
template <typename PartOk>
bool parts_ok(std::string_view s, char sep, PartOk part_ok) {
  for (std::size_t index = 0;; ++index) {
    const std::size_t end = s.find(sep);
    if (!part_ok(s.substr(0, end), index)) return false;
    if (end == std::string_view::npos) return true;
    s.remove_prefix(end + 1);
  }
}

}  // namespace

bool is_case_id(std::string_view s) {
  std::size_t parts = 0;
  const bool ok = parts_ok(s, '.', [&](std::string_view part, std::size_t index) {
    ++parts;
    if (part.empty() || !lower_or_digit(part[0])) return false;
    for (char c : part.substr(1))
      if (!lower_or_digit(c) && (index == 0 || c != '-')) return false;
    return true;
  });
  return ok && parts >= 2;
}

bool is_requirement_id(std::string_view s) {
  // Parts after the first may hold '.', so split on '-' only.
  std::size_t parts = 0;
  const bool ok = parts_ok(s, '-', [&](std::string_view part, std::size_t index) {
    ++parts;
    if (part.empty()) return false;
    if (index == 0 && !upper(part[0])) return false;
    for (char c : part)
      if (!alnum(c) && (index == 0 || c != '.')) return false;
    return true;
  });
  return ok && parts >= 2;
}

bool is_profile_name(std::string_view s) {
  if (s.empty() || !lower_or_digit(s[0])) return false;
  for (char c : s)
    if (!lower_or_digit(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

}  // namespace connectspec
