#include "session/run_target.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

#include "profile/profile_loader.hpp"
#include "report/shared/counted.hpp"

namespace connectspec {

namespace {

// A password no proxy can have built in, made fresh for every run.
std::string fresh_password() {
  static const char kChars[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::random_device rd;
  std::string p = "cs-";
  for (int i = 0; i < 16; ++i) p += kChars[rd() % (sizeof kChars - 1)];
  return p;
}

// The fault names the reference proxy at `exe` lists (`--list-faults`: "NAME  description" per
// line); empty when it cannot be asked, and the launch then says why.
std::vector<std::string> refproxy_faults(const std::filesystem::path& exe) {
  std::vector<std::string> names;
  std::string command = "'";
  for (char c : exe.string()) command += c == '\'' ? std::string("'\\''") : std::string(1, c);
  command += "' --list-faults 2>/dev/null";
  std::FILE* out = ::popen(command.c_str(), "r");  // before the run's event loop exists
  if (!out) return names;
  char line[512];
  for (int i = 0; i < 1000 && std::fgets(line, sizeof line, out); ++i) {
    std::string l(line);
    names.push_back(l.substr(0, l.find_first_of(" \t\n")));
  }
  if (::pclose(out) != 0) names.clear();
  return names;
}

}  // namespace

std::variant<LoadedTarget, int> load_target(const RunOptions& opts) {
  LoadedTarget t;
  if (!opts.proxy.empty()) {
    std::string err;
    auto ep = parse_host_port(opts.proxy, err);
    if (ep) err = refuse_host(ep->host, opts.allow_non_loopback);
    if (!err.empty()) {
      std::cerr << "connectspec: --proxy " << opts.proxy << ": " << err << "\n";
      return kExitUsage;
    }
    if (ep->host == "localhost") ep->host = "127.0.0.1";
    t.attach = *ep;
    for (const auto& c : opts.capabilities) {
      if (!is_capability(c)) {
        std::cerr << "connectspec: --capability " << c << ": unknown (basic-auth, port-policy, loopback-denied, http2)\n";
        return kExitUsage;
      }
      if (c == "upstream") {
        std::cerr << "connectspec: --capability upstream: only a launched proxy (--profile) can be given an upstream\n";
        return kExitUsage;
      }
    }
    if (!opts.credentials.empty()) {
      auto colon = opts.credentials.find(':');
      if (colon == std::string::npos || colon == 0) {
        std::cerr << "connectspec: --credentials " << opts.credentials << ": must be USER:PASSWORD\n";
        return kExitUsage;
      }
      t.credentials.user = opts.credentials.substr(0, colon);
      t.credentials.password = opts.credentials.substr(colon + 1);
    }
    t.protocol = opts.protocol.value_or(Protocol::http1);
    // Over TLS the harness trusts only the run's own test certificate, which a launched profile
    // serves ({{tls_cert}}); a proxy started by someone else cannot have it.
    if (t.protocol == Protocol::h2) {
      std::cerr << "connectspec: --proxy with --protocol h2: connectspec trusts only the certificate it makes for each run, "
                   "which a proxy it did not launch cannot serve; use --protocol h2c, or a profile whose TLS front serves "
                   "{{tls_cert}}\n";
      return kExitUsage;
    }
    return t;
  }
  std::string name = opts.profile.empty() ? "refproxy" : opts.profile;
  std::string why;
  auto dir = resolve_profile(name, opts.profiles_dir.empty() ? default_profiles_dir() : std::filesystem::path(opts.profiles_dir), why);
  if (!dir) {
    std::cerr << "connectspec: --profile " << name << ": " << why << "\n";
    return kExitUsage;
  }
  Diagnostics problems;
  t.profile = load_profile(*dir, problems);
  if (!problems.empty()) {
    for (const auto& d : problems) std::cerr << d.str() << "\n";
    std::cerr << "connectspec: the profile has " << counted(problems.size(), "problem", "problems") << "\n";
    return kExitUsage;
  }
  bool is_refproxy = dir->filename() == "refproxy";
  if (!is_refproxy && (!opts.refproxy_faults.empty() || !opts.refproxy.empty())) {
    std::cerr << "connectspec: --refproxy-fault and --refproxy apply to the reference proxy, not --profile " << name << "\n";
    return kExitUsage;
  }
  if (is_refproxy && !opts.refproxy_faults.empty()) {
    std::error_code ec;
    const std::filesystem::path exe = opts.refproxy.empty()
        ? std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() / "connectspec-refproxy"
        : std::filesystem::path(opts.refproxy);
    const auto known = refproxy_faults(exe);
    for (const auto& f : opts.refproxy_faults)
      if (!known.empty() && std::find(known.begin(), known.end(), f) == known.end()) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        std::cerr << "connectspec: --refproxy-fault " << f << ": not a fault of the reference proxy; its faults: " << list
                  << " (connectspec-refproxy --list-faults describes them)\n";
        return kExitUsage;
      }
  }
  if (!opts.next_profile.empty()) {
    if (std::find(t.profile->capabilities.begin(), t.profile->capabilities.end(), "upstream") == t.profile->capabilities.end()) {
      std::cerr << "connectspec: --next-proxy: profile " << name << " cannot forward to a next proxy (no 'upstream' capability)\n";
      return kExitUsage;
    }
    auto next_dir = resolve_profile(opts.next_profile,
                                    opts.profiles_dir.empty() ? default_profiles_dir() : std::filesystem::path(opts.profiles_dir), why);
    if (!next_dir) {
      std::cerr << "connectspec: --next-proxy " << opts.next_profile << ": " << why << "\n";
      return kExitUsage;
    }
    t.next = load_profile(*next_dir, problems);
    if (!problems.empty()) {
      for (const auto& d : problems) std::cerr << d.str() << "\n";
      std::cerr << "connectspec: the next proxy's profile has " << counted(problems.size(), "problem", "problems") << "\n";
      return kExitUsage;
    }
  }
  // A run speaks one protocol, which the profile must list; the default is the first it lists.
  t.protocol = opts.protocol.value_or(t.profile->protocols.front());
  if (!t.profile->speaks(t.protocol)) {
    std::string listed;
    for (Protocol p : t.profile->protocols) listed += (listed.empty() ? "" : ", ") + std::string(to_string(p));
    std::cerr << "connectspec: " << (opts.protocol ? "--protocol " + std::string(to_string(t.protocol)) + ": " : std::string())
              << "profile " << name << " does not speak " << to_string(t.protocol) << " (its protocols: " << listed << ")\n";
    return kExitUsage;
  }
  if (t.next && !t.next->speaks(Protocol::http1)) {
    std::cerr << "connectspec: --next-proxy " << opts.next_profile
              << ": the first proxy forwards CONNECT over HTTP/1.1, which this profile does not speak\n";
    return kExitUsage;
  }
  t.credentials.password = fresh_password();
  return t;
}

std::string target_name(const LoadedTarget& target) {
  return target.attach ? "proxy at " + target.attach->authority() : target.profile->name;
}

}  // namespace connectspec
