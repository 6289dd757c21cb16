#include "profile/profile_loader.hpp"
#include "input/install_layout.hpp"

#include <algorithm>
#include <csignal>
#include <fstream>
#include <sstream>

#include "input/name_forms.hpp"
#include "input/pattern_check.hpp"
#include "input/toml_fields.hpp"
#include "input/toml_file.hpp"

namespace connectspec {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTopKeys[] = {"name", "description", "changes", "capabilities", "protocols",
                                         "install", "version", "launch", "stop"};
constexpr std::string_view kVariantSections[] = {"auth", "upstream", "port_policy", "loopback_denied"};
// On when the run speaks h2 (TLS with ALPN): e.g. the options that make a proxy serve {{tls_cert}}.
constexpr std::string_view kProtocolSections[] = {"tls"};


std::optional<int> signal_named(std::string_view s) {
  if (s == "TERM") return SIGTERM;
  if (s == "INT") return SIGINT;
  if (s == "QUIT") return SIGQUIT;
  if (s == "HUP") return SIGHUP;
  return std::nullopt;
}

// A sub-table such as [launch]: its fields, or nothing (reported) when it is not a table.
std::optional<TomlFields> sub_table(TomlFields& top, std::string_view key, bool required) {
  const toml::node* n = top.node(key);
  if (!n) {
    if (required) top.error_at_table("missing required table [" + std::string(key) + "]");
    return std::nullopt;
  }
  if (!n->is_table()) {
    top.error(*n, "'" + std::string(key) + "' must be a table, not " + std::string(type_name(*n)));
    return std::nullopt;
  }
  return TomlFields(*n->as_table(), top.file(), top.diags(), "[" + std::string(key) + "]");
}

// Every string of the profile that is a template is rendered once with dummy values, so a typo
// is reported now, at the place it was written, and not when the proxy fails to start.
void check_template(TomlFields& f, const toml::node& at, const std::string& text) {
  Rendered r = render_template(text, template_names());
  if (!r.error) return;
  SourcePos p = f.pos_of(at);
  // A one-line basic string starts one column before its text (the quote).
  if (r.error->line == 1) p.column += r.error->column;
  else p.line += r.error->line - 1, p.column = r.error->column;
  f.diags().push_back({p, r.error->message});
}

std::vector<std::string> read_command(TomlFields& f, std::string_view key, bool required) {
  auto cmd = f.strings(key, required);
  if (!cmd) return {};
  if (cmd->empty()) {
    f.error(*f.node(key), "'" + std::string(key) + "' must name a program");
    return {};
  }
  const toml::array& arr = *f.node(key)->as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) check_template(f, arr[i], (*cmd)[i]);
  return *cmd;
}

// `protocols = ["h2c", "h2"]`: each a name of model/protocol.hpp, none twice, at least one.
void read_protocols(TomlFields& f, Profile& p) {
  auto names = f.strings("protocols");
  if (!names) return;
  const toml::array& arr = *f.node("protocols")->as_array();
  if (names->empty()) {
    f.error(arr, "'protocols' must name at least one protocol (http/1.1, h2c, h2)");
    return;
  }
  std::vector<Protocol> out;
  for (std::size_t i = 0; i < names->size(); ++i) {
    auto proto = protocol_named((*names)[i]);
    if (!proto) {
      f.error(arr[i], "unknown protocol '" + (*names)[i] + "' (http/1.1, h2c, h2)");
      continue;
    }
    if (std::find(out.begin(), out.end(), *proto) != out.end()) {
      f.error(arr[i], "protocol '" + (*names)[i] + "' is listed twice");
      continue;
    }
    out.push_back(*proto);
  }
  if (!out.empty()) p.protocols = std::move(out);
}

void read_install(TomlFields& top, Profile& p) {
  auto f = sub_table(top, "install", false);
  if (!f) return;
  if (auto d = f->strings("debian")) p.debian_packages = *d;
  if (auto n = f->boolean("npm")) p.npm = *n;
  if (p.npm && !fs::exists(p.dir / "package.json"))
    f->error(*f->node("npm"), "npm = true needs package.json (and package-lock.json) in " + p.dir.string());
  if (p.debian_packages.empty() && !p.npm && f->has("debian"))
    f->error(*f->node("debian"), "'debian' names no package");
  f->reject_unknown({"debian", "npm"});
}

void read_version(TomlFields& top, Profile& p) {
  auto f = sub_table(top, "version", false);
  if (!f) return;
  p.version_command = read_command(*f, "command", true);
  if (auto pat = f->string("pattern", true)) {
    p.version_pattern = *pat;
    std::size_t groups = 0;
    if (auto problem = regex_problem(*pat, &groups))
      f->error(*f->node("pattern"), "'pattern' is not a valid regular expression: " + *problem);
    else if (groups < 1)
      f->error(*f->node("pattern"), "'pattern' needs a capture group: ( ) around the version");
  }
  f->reject_unknown({"command", "pattern"});
}

void read_prepare(TomlFields& f, Profile& p) {
  const toml::node* n = f.node("prepare");
  if (!n) return;
  const toml::array* arr = n->as_array();
  if (!arr) {
    f.error(*n, "'prepare' must be an array of commands (arrays of strings)");
    return;
  }
  for (const toml::node& cmd : *arr) {
    const toml::array* args = cmd.as_array();
    std::vector<std::string> out;
    bool ok = args && !args->empty();
    if (ok)
      for (const toml::node& a : *args) {
        if (!a.is_string()) {
          ok = false;
          break;
        }
        out.push_back(*a.value<std::string>());
        check_template(f, a, out.back());
      }
    if (!ok) {
      f.error(cmd, "each 'prepare' command must be a non-empty array of strings");
      continue;
    }
    p.prepare.push_back(std::move(out));
  }
}

void read_env(TomlFields& f, Profile& p) {
  const toml::node* n = f.node("env");
  if (!n) return;
  const toml::table* t = n->as_table();
  if (!t) {
    f.error(*n, "'env' must be a table of NAME = \"value\"");
    return;
  }
  for (auto&& [k, v] : *t) {
    if (!v.is_string()) {
      f.error(v, "env '" + std::string(k.str()) + "' must be a string");
      continue;
    }
    p.env[std::string(k.str())] = *v.value<std::string>();
    check_template(f, v, p.env[std::string(k.str())]);
  }
}

// A file name inside the work directory: no path, so a profile cannot write anywhere else.
bool plain_file_name(const std::string& s) {
  return !s.empty() && s.find('/') == std::string::npos && s != "." && s != "..";
}

void read_launch(TomlFields& top, Profile& p, const ProfileFileReader& read_file) {
  auto f = sub_table(top, "launch", true);
  if (!f) return;
  p.command = read_command(*f, "command", true);
  if (auto t = f->strings("templates")) {
    p.templates = *t;
    for (const auto& name : p.templates) {
      if (!plain_file_name(name)) {
        f->error(*f->node("templates"), "template '" + name + "' must be a file name in the profile folder");
        continue;
      }
      fs::path file = p.dir / name;
      auto text = read_file(file);
      if (!text) {
        f->error(*f->node("templates"), "template '" + name + "' does not exist in " + p.dir.string());
        continue;
      }
      Rendered r = render_template(*text, template_names());
      if (r.error) f->diags().push_back({{file.string(), r.error->line, r.error->column}, r.error->message});
    }
  }
  read_prepare(*f, p);
  read_env(*f, p);
  if (auto l = f->strings("logs")) {
    p.logs = *l;
    for (const auto& name : p.logs)
      if (!plain_file_name(name)) f->error(*f->node("logs"), "log '" + name + "' must be a file name in the work directory");
  }
  if (const toml::node* n = f->node("ready_log")) {
    if (const toml::table* t = n->as_table()) {
      TomlFields r(*t, f->file(), f->diags(), "[launch] ready_log");
      ReadyLog rl;
      if (auto file = r.string("file")) {
        rl.file = *file;
        if (!plain_file_name(rl.file)) r.error(*r.node("file"), "'file' must be a file name in the work directory");
      }
      if (auto text = r.string("text", true)) rl.text = *text;
      if (rl.text.empty() && r.has("text")) r.error(*r.node("text"), "'text' must not be empty");
      r.reject_unknown({"file", "text"});
      p.ready_log = rl;
    } else {
      f->error(*n, "'ready_log' must be a table { file = \"...\", text = \"...\" }");
    }
  }
  if (auto t = f->integer("ready_timeout_ms", false, 100, 300000)) p.ready_timeout_ms = static_cast<int>(*t);
  if (auto a = f->string("announce")) p.announce = *a;
  if (auto c = f->boolean("ready_connect")) p.ready_connect = *c;
  if (auto n = f->boolean("private_network")) p.private_network = *n;
  f->reject_unknown({"command", "templates", "prepare", "env", "logs", "ready_log", "ready_timeout_ms", "announce",
                     "ready_connect", "private_network"});
}

void read_stop(TomlFields& top, Profile& p) {
  auto f = sub_table(top, "stop", false);
  if (!f) return;
  if (auto s = f->string("signal")) {
    if (auto sig = signal_named(*s)) p.stop_signal = *sig;
    else f->error(*f->node("signal"), "signal must be TERM, INT, QUIT or HUP, not '" + *s + "'");
  }
  if (auto g = f->integer("grace_ms", false, 0, 120000)) p.stop_grace_ms = static_cast<int>(*g);
  f->reject_unknown({"signal", "grace_ms"});
}

}  // namespace

TemplateValues template_names() {
  TemplateValues v;
  for (const char* name : {"host", "port", "workdir", "profile_dir", "bin_dir", "user", "password",
                           "upstream_host", "upstream_port", "tls_cert", "tls_key"})
    v.values[name] = "";
  for (auto s : kVariantSections) v.sections.insert(std::string(s));
  for (auto s : kProtocolSections) v.sections.insert(std::string(s));
  return v;
}

fs::path default_profiles_dir() {
  std::error_code ec;
  if (fs::is_directory("fixtures/proxies", ec)) return fs::absolute("fixtures/proxies");
  return data_dir() / "fixtures" / "proxies";
}

std::optional<fs::path> resolve_profile(const std::string& name_or_path, const fs::path& profiles_dir,
                                        std::string& why) {
  std::error_code ec;
  fs::path p(name_or_path);
  bool looks_like_path = name_or_path.find('/') != std::string::npos;
  if (!looks_like_path) p = profiles_dir / name_or_path;
  if (p.filename() == "profile.toml") p = p.parent_path();
  if (fs::is_regular_file(p / "profile.toml", ec)) return (fs::absolute(p) / "profile.toml").lexically_normal().parent_path();
  if (looks_like_path) {
    why = name_or_path + " is not a profile folder (no profile.toml in it)";
  } else {
    why = "no profile named '" + name_or_path + "' in " + profiles_dir.string() + " (profiles:";
    std::vector<std::string> names;
    for (fs::directory_iterator it(profiles_dir, ec), end; it != end && !ec; it.increment(ec))
      if (fs::exists(it->path() / "profile.toml")) names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end());
    for (const auto& n : names) why += " " + n;
    why += ")";
  }
  return std::nullopt;
}

Profile load_profile(const fs::path& dir, Diagnostics& problems) {
  const fs::path file = fs::absolute(dir).lexically_normal() / "profile.toml";
  auto text = read_text_file(file);
  if (!text) {
    Profile p;
    p.dir = file.parent_path();
    problems.push_back({{file.string(), 0, 0}, "cannot read the file"});
    return p;
  }
  return load_profile_text(*text, dir, problems, read_text_file);
}

Profile load_profile_text(std::string_view text, const fs::path& dir, Diagnostics& problems,
                          const ProfileFileReader& read_file) {
  Profile p;
  p.dir = fs::absolute(dir).lexically_normal();
  std::string file = (p.dir / "profile.toml").string();
  auto parsed = parse_toml(text, file, problems);
  if (!parsed) return p;
  const toml::table& root = *parsed;
  TomlFields f(root, file, problems);
  if (auto n = f.string("name", true)) {
    p.name = *n;
    if (!is_profile_name(p.name))
      f.error(*f.node("name"), "name '" + p.name + "' must be lowercase letters, digits, '.', '_' or '-'");
  }
  if (auto d = f.string("description", true)) p.description = *d;
  if (auto c = f.string("changes", true)) {
    p.changes = *c;
    if (p.changes.find_first_not_of(" \t\r\n") == std::string::npos)
      f.error(*f.node("changes"), "'changes' must say what differs from the packaged defaults, and why (\"none\" if nothing)");
  }
  if (auto caps = f.strings("capabilities")) {
    for (const auto& c : *caps)
      if (!is_capability(c))
        f.error(*f.node("capabilities"), "unknown capability '" + c + "' (basic-auth, upstream, port-policy, loopback-denied, http2)");
    p.capabilities = *caps;
  }
  read_protocols(f, p);
  read_install(f, p);
  read_version(f, p);
  read_launch(f, p, read_file);
  read_stop(f, p);
  f.reject_unknown({std::begin(kTopKeys), std::end(kTopKeys)});
  return p;
}

}  // namespace connectspec
