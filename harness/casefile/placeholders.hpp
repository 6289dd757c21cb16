// ${...} placeholders in the bytes a case sends. Origins get their ports at run time, so case
// files name them: ${main.authority}, ${main.host}, ${main.port}, ${main.port+65536} (the 16-bit
// wrap case), ${main.port_hex} (hex digits, for 0x..), and the same for ${proxy.*}. ${hex:0d 0a 00} writes raw bytes, ${repeat:10000:a}
// a long run, and $${ a literal "${". ${auth.user}, ${auth.password}, ${auth.basic} (the whole
// "Basic ..." credentials) and ${auth.base64} (its token alone) are the run's credentials for
// proxies that demand them; ${auth.user2} .. ${auth.base64_2}, a client case's second user's.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/endpoint.hpp"

namespace connectspec {

using PlaceholderValues = std::map<std::string, Endpoint, std::less<>>;
using TextValues = std::map<std::string, std::string, std::less<>>;  // "auth.user" -> "connectspec"

// Returns an error message for the first malformed placeholder or unknown name, if any.
std::optional<std::string> check_placeholders(std::string_view text,
                                              const std::vector<std::string>& known_names);

// Expands every placeholder; throws std::invalid_argument on what check_placeholders rejects.
std::string expand_placeholders(std::string_view text, const PlaceholderValues& values,
                                const TextValues& texts = {});

}  // namespace connectspec
