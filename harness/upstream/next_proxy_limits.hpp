// The bounds both built-in next proxies (forwarding_upstream, scripted_proxy) keep to, so that a
// client or origin that misbehaves cannot hold them longer than a case's own deadline.
#pragma once

#include <chrono>
#include <cstddef>

namespace connectspec {

inline constexpr std::size_t kNextProxyMaxHead = 64 * 1024;
inline constexpr auto kNextProxyHeadTimeout = std::chrono::seconds(10);  // a client that sends no (further) request
inline constexpr auto kNextProxyDialTimeout = std::chrono::seconds(5);

}  // namespace connectspec
