#include "session/proxy_logs.hpp"

namespace connectspec {

void keep_proxy_logs(const std::filesystem::path& work_dir, const Profile& p, const std::string& json,
                     const std::string& prefix) {
  namespace fs = std::filesystem;
  fs::path into = fs::path(json).parent_path() / "proxy-logs";
  std::error_code ec;
  if (prefix.empty()) fs::remove_all(into, ec);
  for (fs::directory_iterator it(work_dir, ec), end; it != end && !ec; it.increment(ec)) {
    if (!it->is_directory()) continue;
    std::vector<std::string> names = p.logs;
    names.push_back("connectspec-proxy-output.log");
    for (const auto& name : names) {
      fs::path from = it->path() / name;
      if (!fs::is_regular_file(from, ec)) continue;
      fs::path to = into / (prefix + it->path().filename().string());
      fs::create_directories(to, ec);
      fs::copy_file(from, to / name, fs::copy_options::overwrite_existing, ec);
    }
  }
}

}  // namespace connectspec
