#include "input/toml_file.hpp"

#include <fstream>
#include <sstream>

#include "input/toml_fields.hpp"

namespace connectspec {

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return buf.str();
}

std::optional<toml::table> parse_toml(std::string_view text, const std::string& display_path, Diagnostics& problems) {
  try {
    return toml::parse(text, display_path);
  } catch (const toml::parse_error& e) {
    problems.push_back({position_of(display_path, e.source()), std::string(e.description())});
  }
  return std::nullopt;
}

std::optional<toml::table> parse_toml_file(const std::filesystem::path& path, const std::string& display_path,
                                           Diagnostics& problems) {
  auto text = read_text_file(path);
  if (!text) {
    problems.push_back({{display_path, 0, 0}, "cannot read the file"});
    return std::nullopt;
  }
  return parse_toml(*text, display_path, problems);
}

}  // namespace connectspec
