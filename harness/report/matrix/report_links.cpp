#include "report/matrix/report_links.hpp"

#include <filesystem>

namespace connectspec {

namespace fs = std::filesystem;

namespace {

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

}  // namespace

std::string percent_encode(const std::string& text, const std::string& keep) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~' || keep.find(static_cast<char>(c)) != std::string::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string find_report_beside(const std::string& results_file) {
  fs::path file(results_file);
  std::error_code ec;
  fs::path same_name = file;
  same_name.replace_extension(".html");
  if (same_name != file && fs::is_regular_file(same_name, ec)) return same_name.string();
  fs::path in_folder = file.parent_path() / "report.html";
  if (fs::is_regular_file(in_folder, ec)) return in_folder.string();
  return "";
}

std::string expand_report_link(const std::string& pattern, const ComparedRun& run) {
  std::string stem = stem_of(run.file);
  std::string out = pattern;
  replace_all(out, "{profile}", percent_encode(run.profile.empty() ? stem : run.profile));
  replace_all(out, "{stem}", percent_encode(stem));
  return out;
}

std::string report_href(const ComparedRun& run, const std::string& output_dir) {
  if (run.report.empty()) return "";
  if (run.report_is_url) return run.report;
  std::error_code ec;
  fs::path base = fs::weakly_canonical(fs::absolute(output_dir.empty() ? fs::path(".") : fs::path(output_dir), ec), ec);
  fs::path target = fs::weakly_canonical(fs::absolute(run.report, ec), ec);
  fs::path rel = target.lexically_relative(base);
  std::string path = (rel.empty() ? target : rel).generic_string();
  return percent_encode(path, "/");
}

std::string case_fragment(const std::string& case_id) { return "#case-" + percent_encode(case_id); }

}  // namespace connectspec
