#include "session/output_file.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace connectspec {

bool write_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary);
  if (out) write(out);
  if (!out) {
    std::cerr << "connectspec: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace connectspec
