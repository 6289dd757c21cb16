#include "model/protocol.hpp"

namespace connectspec {

std::string_view to_string(Protocol p) {
  switch (p) {
    case Protocol::http1: return "http/1.1";
    case Protocol::h2c: return "h2c";
    case Protocol::h2: return "h2";
  }
  return "?";
}

std::optional<Protocol> protocol_named(std::string_view name) {
  if (name == "http/1.1") return Protocol::http1;
  if (name == "h2c") return Protocol::h2c;
  if (name == "h2") return Protocol::h2;
  return std::nullopt;
}

}  // namespace connectspec
