#include "model/capability.hpp"

#include <algorithm>

namespace connectspec {

std::string_view to_string(Variant v) {
  switch (v) {
    case Variant::plain: return "plain";
    case Variant::auth: return "auth";
    case Variant::upstream: return "upstream";
    case Variant::port_policy: return "port_policy";
    case Variant::loopback_denied: return "loopback_denied";
  }
  return "?";
}

bool is_capability(std::string_view name) {
  return std::find(std::begin(kCapabilities), std::end(kCapabilities), name) != std::end(kCapabilities);
}

std::optional<Variant> variant_for(std::string_view capability) {
  if (capability == "basic-auth") return Variant::auth;
  if (capability == "upstream") return Variant::upstream;
  if (capability == "port-policy") return Variant::port_policy;
  if (capability == "loopback-denied") return Variant::loopback_denied;
  return std::nullopt;
}

bool is_client_capability(std::string_view name) {
  for (auto c : kClientCapabilities)
    if (c == name) return true;
  return false;
}

}  // namespace connectspec
