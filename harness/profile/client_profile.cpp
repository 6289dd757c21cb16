#include "profile/client_profile.hpp"
#include "input/install_layout.hpp"

#include <algorithm>

#include "input/toml_fields.hpp"
#include "input/toml_file.hpp"
#include "model/capability.hpp"

namespace connectspec {

namespace fs = std::filesystem;

fs::path default_clients_dir() {
  std::error_code ec;
  if (fs::is_directory("fixtures/clients", ec)) return fs::absolute("fixtures/clients");
  return data_dir() / "fixtures" / "clients";
}

namespace {

std::string shell_quote(const std::string& value) {
  std::string out = "'";
  for (char ch : value) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

}  // namespace

std::string check_client_command(const std::string& command) {
  for (std::size_t at = command.find('{'); at != std::string::npos; at = command.find('{', at + 1)) {
    auto close = command.find('}', at);
    if (close == std::string::npos) return "'{' at offset " + std::to_string(at) + " is not closed by '}'";
    std::string name = command.substr(at + 1, close - at - 1);
    if (std::find(std::begin(kClientPlaceholders), std::end(kClientPlaceholders), name) == std::end(kClientPlaceholders)) {
      std::string known;
      for (auto k : kClientPlaceholders) known += (known.empty() ? "{" : ", {") + std::string(k) + "}";
      return "unknown placeholder {" + name + "} (known: " + known + ")";
    }
  }
  return {};
}

std::string fill_client_command(const std::string& command, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t open = command.find('{'); open != std::string::npos; open = command.find('{', at)) {
    auto close = command.find('}', open);
    if (close == std::string::npos) break;
    out += command.substr(at, open - at);
    auto it = values.find(command.substr(open + 1, close - open - 1));
    out += it == values.end() ? command.substr(open, close - open + 1) : shell_quote(it->second);
    at = close + 1;
  }
  return out + command.substr(at);
}

ClientProfile load_client_profile(const fs::path& dir, Diagnostics& problems) {
  ClientProfile p;
  p.dir = dir;
  p.name = dir.filename().string();
  const std::string file = (dir / "profile.toml").string();
  auto root = parse_toml_file(dir / "profile.toml", file, problems);
  if (!root) return p;
  TomlFields f(*root, file, problems);
  if (auto n = f.string("name", true)) {
    if (*n != p.name) f.error(*f.node("name"), "name '" + *n + "' must be the folder's name, '" + p.name + "'");
  }
  if (auto d = f.string("description")) p.description = *d;
  if (auto c = f.string("command", true)) {
    if (auto err = check_client_command(*c); !err.empty()) f.error(*f.node("command"), "command: " + err);
    p.command = *c;
  }
  if (auto c = f.string("two_users_command")) {
    if (auto err = check_client_command(*c); !err.empty())
      f.error(*f.node("two_users_command"), "two_users_command: " + err);
    else if (c->find("{proxy2}") == std::string::npos)
      f.error(*f.node("two_users_command"), "two_users_command: has no {proxy2} (the second user's proxy URL)");
    p.two_users_command = *c;
  }
  if (auto v = f.string("version_command")) p.version_command = *v;
  if (auto s = f.strings("schemes")) {
    for (const auto& scheme : *s)
      if (scheme != "https" && scheme != "http" && scheme != "tcp")
        f.error(*f.node("schemes"), "schemes: '" + scheme + "' is not one of https, http, tcp");
    p.schemes = *s;
  }
  if (auto s = f.strings("supports")) {
    for (const auto& cap : *s)
      if (!is_client_capability(cap))
        f.error(*f.node("supports"), "supports: '" + cap + "' is not a client capability (basic-auth, ipv6)");
      else if (cap == "two-users")
        f.error(*f.node("supports"), "supports: 'two-users' comes from a two_users_command; do not list it");
    p.supports = *s;
  }
  if (!p.two_users_command.empty()) p.supports.push_back("two-users");
  if (auto n = f.string("notes")) p.notes = *n;
  f.reject_unknown({"name", "description", "command", "two_users_command", "version_command", "schemes", "supports",
                    "notes"});
  return p;
}

}  // namespace connectspec
