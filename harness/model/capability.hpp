// What a case may require of the proxy under test (`requires = [...]` in a case file, `capabilities`
// in a profile), and the differently configured instance of the proxy that provides it.
#pragma once

#include <optional>
#include <string_view>

namespace connectspec {

// A differently configured instance of the same proxy, started when a case needs it.
enum class Variant { plain, auth, upstream, port_policy, loopback_denied };
std::string_view to_string(Variant);             // "plain", "auth", "upstream", "port_policy", "loopback_denied"

// What a case may require of the proxy (`requires = [...]`), and the variant that provides it.
inline constexpr std::string_view kCapabilities[] = {"basic-auth", "upstream", "port-policy", "loopback-denied",
                                                     "http2"};
bool is_capability(std::string_view name);
std::optional<Variant> variant_for(std::string_view capability);  // http2: none (declared only)

// What a client case may require of the client under test (a client profile's `supports`):
// basic-auth: it takes USER:PASS in the proxy URL and answers a 407 Basic challenge; ipv6: it
// fetches a URL whose host is an IPv6 literal; two-users: one run fetches the URL as one user,
// then again as another (a profile's two_users_command; --two-users-command).
inline constexpr std::string_view kClientCapabilities[] = {"basic-auth", "ipv6", "two-users"};
bool is_client_capability(std::string_view name);

}  // namespace connectspec
