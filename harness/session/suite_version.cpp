#include "session/suite_version.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "input/install_layout.hpp"
#include "input/toml_file.hpp"

namespace connectspec {

namespace fs = std::filesystem;

namespace {

// SHA-256 over each file's path (relative to the suite) and contents, in path order: the same
// cases give the same digest wherever they are installed.
std::string suite_digest(const fs::path& dir, std::size_t& files) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".toml") paths.push_back(it->path().lexically_relative(dir));
  std::sort(paths.begin(), paths.end());
  files = paths.size();
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  for (const auto& p : paths) {
    std::string name = p.string() + '\0';
    std::string text = read_text_file(dir / p).value_or("") + '\0';
    EVP_DigestUpdate(ctx.get(), name.data(), name.size());
    EVP_DigestUpdate(ctx.get(), text.data(), text.size());
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &n);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < 6 && i < n; ++i) std::snprintf(byte, sizeof byte, "%02x", md[i]), hex += byte;
  return hex;
}

}  // namespace

std::string version_text() {
  std::string out = std::string("connectspec ") + CONNECTSPEC_VERSION + "\n";
  const fs::path data = data_dir();
  std::error_code ec;
  if (data.empty() || !fs::is_directory(data / "cases", ec)) return out + "suite: none found: " + data_dir_missing() + "\n";
  std::size_t files = 0;
  std::string digest = suite_digest(data / "cases", files);
  return out + "suite: " + (data / "cases").string() + ", " + std::to_string(files) + " files, sha256 " + digest + "\n";
}

}  // namespace connectspec
