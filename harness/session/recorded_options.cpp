#include "session/recorded_options.hpp"

#include <cstdio>

namespace connectspec {

namespace {

void add(std::vector<std::string>& out, const std::string& flag, const std::vector<std::string>& values) {
  for (const auto& v : values) out.push_back(flag + " " + v);
}

void add_common(std::vector<std::string>& out, const Selection& sel, double timeout_scale, bool strict,
                const std::vector<std::string>& capabilities) {
  add(out, "--filter", sel.filters);
  add(out, "--tag", sel.tags);
  add(out, "--level", sel.levels);
  if (!sel.catalogue.empty()) out.push_back("--catalogue " + sel.catalogue);
  if (sel.quick) out.push_back("--quick");
  add(out, "--capability", capabilities);
  if (timeout_scale != 1.0) {
    char scale[32];
    std::snprintf(scale, sizeof scale, "%g", timeout_scale);
    out.push_back(std::string("--timeout-scale ") + scale);
  }
  if (strict) out.push_back("--strict");
}

}  // namespace

std::vector<std::string> recorded_options(const RunOptions& opts) {
  std::vector<std::string> out;
  add(out, "--refproxy-fault", opts.refproxy_faults);
  if (!opts.next_profile.empty()) out.push_back("--next-proxy " + opts.next_profile);
  if (opts.host_network) out.push_back("--host-network");
  if (!opts.credentials.empty()) out.push_back("--credentials " + opts.credentials.substr(0, opts.credentials.find(':')) + ":***");
  add_common(out, opts.selection, opts.timeout_scale, opts.strict, opts.capabilities);
  return out;
}

std::vector<std::string> recorded_options(const ClientOptions& opts) {
  std::vector<std::string> out;
  add(out, "--refclient-fault", opts.refclient_faults);
  add_common(out, opts.selection, opts.timeout_scale, opts.strict, opts.capabilities);
  return out;
}

}  // namespace connectspec
