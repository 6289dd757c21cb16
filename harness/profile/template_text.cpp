#include "profile/template_text.hpp"

#include <vector>

namespace connectspec {

namespace {

TemplateError error_at(std::string_view text, std::size_t offset, std::string message) {
  TemplateError e;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++e.line;
      e.column = 1;
    } else {
      ++e.column;
    }
  }
  e.message = std::move(message);
  return e;
}

struct OpenSection {
  std::string name;
  std::size_t offset;
  bool emitting_before;  // whether the enclosing text was being emitted
};

}  // namespace

Rendered render_template(std::string_view text, const TemplateValues& v) {
  Rendered out;
  std::vector<OpenSection> open;
  bool emitting = true;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t tag = text.find("{{", pos);
    if (tag == std::string_view::npos) {
      if (emitting) out.text.append(text.substr(pos));
      break;
    }
    if (emitting) out.text.append(text.substr(pos, tag - pos));
    std::size_t end = text.find("}}", tag + 2);
    if (end == std::string_view::npos) {
      out.error = error_at(text, tag, "'{{' without a closing '}}'");
      return out;
    }
    std::string_view inner = text.substr(tag + 2, end - tag - 2);
    pos = end + 2;
    char sigil = inner.empty() ? '\0' : inner.front();
    if (sigil == '#' || sigil == '^' || sigil == '/') inner.remove_prefix(1);
    std::string name(inner);
    if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
      out.error = error_at(text, tag, "'{{" + std::string(text.substr(tag + 2, end - tag - 2)) +
                                          "}}' is not a placeholder (lowercase letters, digits and '_')");
      return out;
    }
    if (sigil == '#' || sigil == '^') {
      if (!v.sections.count(name)) {
        out.error = error_at(text, tag, "unknown section '" + name + "'");
        return out;
      }
      open.push_back({name, tag, emitting});
      bool on = v.active.count(name) > 0;
      emitting = emitting && (sigil == '#' ? on : !on);
    } else if (sigil == '/') {
      if (open.empty() || open.back().name != name) {
        out.error = error_at(text, tag, open.empty() ? "'{{/" + name + "}}' closes no section"
                                                     : "'{{/" + name + "}}' closes section '" + open.back().name + "'");
        return out;
      }
      emitting = open.back().emitting_before;
      open.pop_back();
    } else {
      auto it = v.values.find(name);
      if (it == v.values.end()) {
        out.error = error_at(text, tag, "unknown placeholder '{{" + name + "}}'");
        return out;
      }
      if (emitting) out.text.append(it->second);
    }
  }
  if (!open.empty()) out.error = error_at(text, open.back().offset, "section '" + open.back().name + "' is never closed");
  return out;
}

}  // namespace connectspec
