#include "input/install_layout.hpp"

#include <cstdlib>

namespace connectspec {

namespace fs = std::filesystem;

fs::path program_dir() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path(ec) : exe.parent_path();
}

namespace {

// `inner` is `outer` or below it.
bool within(const fs::path& inner, const fs::path& outer) {
  auto rel = inner.lexically_normal().lexically_relative(outer.lexically_normal());
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

fs::path data_dir() {
  if (const char* env = std::getenv("CONNECTSPEC_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  const fs::path installed = (program_dir() / ".." / "share" / "connectspec").lexically_normal();
  if (fs::is_directory(installed / "cases", ec)) return installed;
  if (within(program_dir(), CONNECTSPEC_BINARY_DIR)) return CONNECTSPEC_SOURCE_DIR;
  return {};
}

std::string data_dir_missing() {
  return "connectspec's cases/ and fixtures/ are not beside " + program_dir().string() +
         " (expected in ../share/connectspec): install with `cmake --install BUILD --prefix P`, or set "
         "CONNECTSPEC_DATA_DIR to the folder that holds them";
}

}  // namespace connectspec
