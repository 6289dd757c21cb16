// The {{placeholder}} and {{#section}}...{{/section}} templates of profiles (docs/profile-format.md).
// A small, strict subset of mustache: no escaping, no partials; an unknown name or an unbalanced
// section is an error with its line and column, never silently left in a proxy's config.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace connectspec {

struct TemplateValues {
  std::map<std::string, std::string, std::less<>> values;   // {{name}}
  std::set<std::string, std::less<>> sections;               // every section name that may appear
  std::set<std::string, std::less<>> active;                 // sections switched on
};

struct TemplateError {
  int line = 1, column = 1;                                  // 1-based, in the template text
  std::string message;
};

struct Rendered {
  std::string text;
  std::optional<TemplateError> error;
};

Rendered render_template(std::string_view text, const TemplateValues& v);

}  // namespace connectspec
