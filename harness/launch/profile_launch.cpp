#include "launch/profile_launch.hpp"

#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "http/base64.hpp"
#include "launch/command_output.hpp"
#include "launch/connect_probe.hpp"
#include "profile/profile_loader.hpp"
#include "profile/template_text.hpp"

#include "launch/process_v2.hpp"

namespace connectspec {

namespace fs = std::filesystem;

namespace {

TemplateValues values_for(const Profile& p, const InstanceSettings& s, const fs::path& dir, std::uint16_t port) {
  TemplateValues v;
  v.values = {{"host", "127.0.0.1"},
              {"port", std::to_string(port)},
              {"workdir", dir.string()},
              {"profile_dir", p.dir.string()},
              {"bin_dir", own_directory().string()},
              {"user", s.credentials.user},
              {"password", s.credentials.password},
              {"upstream_host", s.upstream ? s.upstream->host : ""},
              {"upstream_port", s.upstream ? std::to_string(s.upstream->port) : ""},
              {"tls_cert", (dir / kTlsCertFile).string()},
              {"tls_key", (dir / kTlsKeyFile).string()}};
  v.sections = {"auth", "upstream", "port_policy", "loopback_denied", "tls"};
  if (s.variant != Variant::plain) v.active.insert(std::string(to_string(s.variant)));
  if (s.protocol == Protocol::h2) v.active.insert("tls");
  return v;
}

// Templates were checked when the profile was loaded; an error here is still reported, not thrown.
std::optional<std::string> render(const std::string& text, const TemplateValues& v, std::string& out) {
  Rendered r = render_template(text, v);
  if (r.error) return r.error->message + " in '" + text + "'";
  out = std::move(r.text);
  return std::nullopt;
}

// Renders argv; arguments that render empty are dropped (a section switched off).
std::optional<std::string> render_args(const std::vector<std::string>& in, const TemplateValues& v,
                                       std::vector<std::string>& out) {
  for (const auto& a : in) {
    std::string r;
    if (auto err = render(a, v, r)) return err;
    if (!r.empty()) out.push_back(std::move(r));
  }
  return std::nullopt;
}

// Proxies that drop privileges (squid, privoxy) must be able to write their logs here.
std::optional<std::string> make_open_directory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "cannot create " + dir.string() + ": " + ec.message();
  ::chmod(dir.c_str(), 0777);
  for (fs::path up = dir.parent_path(); !up.empty() && up != up.parent_path() && up.filename().string().rfind("connectspec-", 0) == 0;
       up = up.parent_path())
    ::chmod(up.c_str(), 0755);
  return std::nullopt;
}

}  // namespace

fs::path own_directory() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

asio::awaitable<std::variant<LaunchSpec, std::string>> prepare_instance(asio::any_io_executor ex, const Profile& p,
                                                                        const InstanceSettings& s) {
  fs::path dir = s.work_dir / (std::string(to_string(s.variant)) + std::string(lane_suffix(s.lane)));
  if (auto err = make_open_directory(dir)) co_return *err;
  std::uint16_t port = p.announce.empty() ? free_loopback_port("127.0.0.1") : 0;
  TemplateValues v = values_for(p, s, dir, port);
  if (s.certificate) {
    // Readable by a proxy that drops privileges; it is a throwaway certificate of this run only.
    for (auto [name, pem] : {std::pair{kTlsCertFile, &s.certificate->certificate_pem},
                             std::pair{kTlsKeyFile, &s.certificate->private_key_pem}}) {
      std::ofstream out(dir / name, std::ios::binary);
      out << *pem;
      if (!out) co_return "cannot write " + (dir / name).string();
    }
  }

  for (const auto& name : p.templates) {
    std::ifstream in(p.dir / name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string rendered;
    if (auto err = render(text.str(), v, rendered)) co_return name + ": " + *err;
    std::ofstream out(dir / name, std::ios::binary);
    out << rendered;
    if (!out) co_return "cannot write " + (dir / name).string();
  }

  LaunchSpec spec;
  for (const auto& [k, val] : p.env) {
    std::string r;
    if (auto err = render(val, v, r)) co_return *err;
    spec.env.push_back(k + "=" + r);
  }
  for (const auto& cmd : p.prepare) {
    std::vector<std::string> argv;
    if (auto err = render_args(cmd, v, argv)) co_return *err;
    if (argv.empty()) continue;
    auto limit = std::chrono::milliseconds(static_cast<long long>(10000 * s.timeout_scale));
    CommandOutput r = co_await run_command_output(ex, argv, spec.env, limit);
    if (!r.exit_status || *r.exit_status != 0) {
      std::string shown;
      for (const auto& a : argv) shown += (shown.empty() ? "" : " ") + a;
      co_return "prepare command '" + shown + "' " +
                (r.exit_status ? "exited with status " + std::to_string(*r.exit_status) : r.problem) +
                (r.output.empty() ? "" : ":\n" + r.output);
    }
  }

  std::vector<std::string> argv;
  if (auto err = render_args(p.command, v, argv)) co_return *err;
  if (argv.empty()) co_return "the command renders to nothing";
  argv.insert(argv.end(), s.extra_args.begin(), s.extra_args.end());
  spec.display_name = s.implementation;
  spec.executable = s.executable_override.empty() ? fs::path(argv[0]) : fs::path(s.executable_override);
  if (spec.executable.string().find('/') == std::string::npos) {
    // Resolved here so that a missing program is reported as such, before anything starts.
    auto found = boost::process::v2::environment::find_executable(spec.executable.string());
    if (found.empty()) co_return "'" + argv[0] + "' is not installed (not found on PATH); see the profile's [install]";
    spec.executable = found;
  }
  spec.args.assign(argv.begin() + 1, argv.end());
  spec.working_dir = dir;
  spec.port = port;
  spec.announce_prefix = p.announce;
  spec.log_file = dir / "connectspec-proxy-output.log";
  for (const auto& log : p.logs) spec.extra_logs.push_back(dir / log);
  if (p.ready_log) spec.ready_log = std::make_pair(p.ready_log->file.empty() ? fs::path() : dir / p.ready_log->file, p.ready_log->text);
  ProbeOptions probe;
  if (s.variant == Variant::auth) probe.proxy_authorization = basic_credentials(s.credentials.user, s.credentials.password);
  probe.any_response = s.variant == Variant::port_policy || s.variant == Variant::loopback_denied;
  probe.timeout_scale = s.timeout_scale;
  probe.protocol = s.protocol;
  probe.tls = s.tls_client;
  if (p.ready_connect) spec.probe = make_connect_probe(ex, probe);
  spec.timeout_scale = s.timeout_scale;
  spec.ready_timeout_ms = p.ready_timeout_ms;
  spec.stop_signal = p.stop_signal;
  spec.stop_grace_ms = p.stop_grace_ms;
  co_return spec;
}

namespace {
constexpr std::size_t kVersionOutputSearched = 4096;
}  // namespace

asio::awaitable<std::string> read_implementation_name(asio::any_io_executor ex, const Profile& p, double timeout_scale) {
  if (p.version_command.empty()) co_return p.name;
  TemplateValues v = template_names();
  v.values["profile_dir"] = p.dir.string();
  v.values["bin_dir"] = own_directory().string();
  std::vector<std::string> argv;
  if (render_args(p.version_command, v, argv)) co_return p.name;
  auto r = co_await run_command_output(ex, argv, {}, std::chrono::milliseconds(static_cast<long long>(5000 * timeout_scale)));
  // std::regex recurses per character and overflows the stack on tens of KB; a version is said early.
  const std::string head = r.output.substr(0, kVersionOutputSearched);
  std::smatch m;
  if (std::regex_search(head, m, std::regex(p.version_pattern)) && m.size() > 1) co_return p.name + " " + m[1].str();
  co_return p.name + " (version unknown)";
}

}  // namespace connectspec
