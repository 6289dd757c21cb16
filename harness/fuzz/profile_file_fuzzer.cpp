// libFuzzer target: a proxy profile through the profile loader, its config templates included.
// The input is profile.toml, then optionally a NUL byte and the text every template it names
// holds (TOML text cannot contain NUL, so the split loses nothing). Contract: no crash, every
// problem at file:line:col in profile.toml or in the template it is about, and the template
// renderer's own errors inside the text they are about.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_contract.hpp"
#include "profile/profile_loader.hpp"
#include "profile/template_text.hpp"

using namespace connectspec;

namespace {

// Never created: the loader looks up package.json here, and must find nothing.
const std::filesystem::path kDir = "/nonexistent/connectspec-fuzz/profile";

void check_template_errors(std::string_view text) {
  TemplateValues v = template_names();
  v.active.insert("auth");
  Rendered r = render_template(text, v);
  if (!r.error) return;
  int lines = 1, last_line_length = 0;
  for (char ch : text) {
    if (ch == '\n') ++lines, last_line_length = 0;
    else ++last_line_length;
  }
  fuzz::require(r.error->line >= 1 && r.error->column >= 1 && !r.error->message.empty(), "template error without a place");
  fuzz::require(r.error->line <= lines, "template error after the last line");
  fuzz::require(r.error->line < lines || r.error->column <= last_line_length + 1, "template error after the end");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view profile_text = input.substr(0, nul);
  const std::optional<std::string> template_text =
      nul == std::string_view::npos ? std::nullopt : std::optional<std::string>(input.substr(nul + 1));
  const std::string profile_file = (kDir / "profile.toml").string();

  Diagnostics problems;
  Profile p = load_profile_text(profile_text, kDir, problems,
                                [&](const std::filesystem::path& file) -> std::optional<std::string> {
                                  fuzz::require(file.parent_path() == kDir, "template read outside the profile folder: " + file.string());
                                  return template_text;
                                });
  fuzz::require_located(problems, "profile loader");
  for (const Diagnostic& d : problems)
    fuzz::require(std::filesystem::path(d.pos.file).parent_path() == kDir, "problem outside the profile folder: " + d.str());
  if (problems.empty()) fuzz::require(!p.name.empty() && !p.command.empty(), "a profile accepted without a name or command");
  if (template_text) check_template_errors(*template_text);
  return 0;
}
