#include "casefile/placeholders.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace connectspec {

namespace {

// Bounds a typo like ${repeat:9999999999:a}: the bytes the placeholders of one text add
// (docs/case-format.md: "a long run, up to 16 MiB").
constexpr std::size_t kMaxExpansion = 16 * 1024 * 1024;
// ${main.port+65536} tests a 16-bit wrap; nothing needs more than 32 bits.
constexpr std::int64_t kMaxOffset = std::int64_t{1} << 32;

struct Reference {
  std::string name, field;
  std::int64_t offset = 0;
};

// One placeholder body (between "${" and "}") becomes either literal bytes or a reference.
// `size` gets the number of literal bytes; a repeat is only counted, not written, unless
// `materialize` (checking a case file must not build 16 MiB runs it will not send).
// Throws std::invalid_argument with a message fit for the user.
std::string parse_body(std::string_view body, Reference* ref, bool materialize, std::size_t& size) {
  if (body.rfind("hex:", 0) == 0) {
    std::string out;
    int nibbles = 0, acc = 0;
    for (char c : body.substr(4)) {
      if (c == ' ') continue;
      int v = (c >= '0' && c <= '9') ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (v < 0) throw std::invalid_argument("${hex:...} holds a non-hex character '" + std::string(1, c) + "'");
      acc = acc * 16 + v;
      if (++nibbles == 2) { out.push_back(static_cast<char>(acc)); nibbles = acc = 0; }
    }
    if (nibbles) throw std::invalid_argument("${hex:...} needs an even number of hex digits");
    size = out.size();
    return out;
  }
  if (body.rfind("repeat:", 0) == 0) {
    std::string_view rest = body.substr(7);
    auto colon = rest.find(':');
    std::size_t count = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + std::min(colon, rest.size()), count);
    if (colon == std::string_view::npos || ec != std::errc{} || p != rest.data() + colon || colon == 0)
      throw std::invalid_argument("${repeat:N:TEXT} needs a count and a text");
    if (count > kMaxExpansion) throw std::invalid_argument("${repeat:...} count is over 16 MiB");
    std::string_view text = rest.substr(colon + 1);
    // Both are at most 16 Mi, so the product cannot overflow.
    if (count * text.size() > kMaxExpansion) throw std::invalid_argument("${repeat:...} expands to over 16 MiB");
    size = count * text.size();
    std::string out;
    if (!materialize) return out;
    out.reserve(size);
    for (std::size_t i = 0; i < count; ++i) out.append(text);
    return out;
  }
  auto dot = body.find('.');
  if (dot == std::string_view::npos || dot == 0)
    throw std::invalid_argument("placeholder ${" + std::string(body) +
                                "} is not NAME.host, NAME.port, NAME.authority, hex:.. or repeat:..");
  size = 0;
  ref->name = std::string(body.substr(0, dot));
  std::string_view field = body.substr(dot + 1);
  auto sign = field.find_first_of("+-");
  if (sign != std::string_view::npos) {
    std::string_view num = field.substr(sign + 1);
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), ref->offset);
    // Digits only after the sign ("port--5" would negate a negative), and small enough that
    // port + offset cannot overflow when the run expands it.
    if (ec != std::errc{} || p != num.data() + num.size() || num.empty() || num[0] < '0' || num[0] > '9')
      throw std::invalid_argument("bad offset in ${" + std::string(body) + "}");
    if (ref->offset > kMaxOffset)
      throw std::invalid_argument("offset in ${" + std::string(body) + "} is over " + std::to_string(kMaxOffset));
    if (field[sign] == '-') ref->offset = -ref->offset;
    field = field.substr(0, sign);
    if (field != "port")
      throw std::invalid_argument("only port takes an offset, in ${" + std::string(body) + "}");
  }
  if (ref->name == "auth") {
    if (field != "user" && field != "password" && field != "basic" && field != "base64" && field != "user2" &&
        field != "password2" && field != "basic2" && field != "base64_2")
      throw std::invalid_argument("unknown field '" + std::string(field) + "' in ${" + std::string(body) +
                                  "} (user, password, basic or base64; user2, password2, basic2, base64_2 for a "
                                  "client case's second user)");
    ref->field = std::string(field);
    return {};
  }
  if (field != "host" && field != "port" && field != "port_hex" && field != "authority")
    throw std::invalid_argument("unknown field '" + std::string(field) + "' in ${" +
                                std::string(body) + "} (host, port, port_hex or authority)");
  ref->field = std::string(field);
  return {};
}

// Lowercase hexadecimal digits without a prefix: the 0x.. spelling of a port.
std::string to_hex(std::uint16_t value) {
  char digits[8];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value, 16);
  return std::string(digits, end);
}

// Walks text, calling on_literal for plain bytes and on_ref for references; repeats are passed
// to on_literal only when `materialize`. What the placeholders add may not exceed 16 MiB in all.
template <typename Literal, typename Ref>
void walk(std::string_view text, bool materialize, Literal on_literal, Ref on_ref) {
  std::size_t i = 0, expanded = 0;
  while (i < text.size()) {
    auto at = text.find('$', i);
    if (at == std::string_view::npos) { on_literal(text.substr(i)); return; }
    on_literal(text.substr(i, at - i));
    if (text.substr(at, 3) == "$${") { on_literal("${"); i = at + 3; continue; }
    if (text.substr(at, 2) != "${") { on_literal("$"); i = at + 1; continue; }
    auto end = text.find('}', at + 2);
    if (end == std::string_view::npos) throw std::invalid_argument("unterminated ${ placeholder");
    Reference ref;
    std::size_t size = 0;
    std::string bytes = parse_body(text.substr(at + 2, end - at - 2), &ref, materialize, size);
    expanded += size;
    if (expanded > kMaxExpansion) throw std::invalid_argument("the placeholders expand to over 16 MiB in all");
    if (ref.name.empty()) on_literal(bytes); else on_ref(ref);
    i = end + 1;
  }
}

}  // namespace

std::optional<std::string> check_placeholders(std::string_view text,
                                              const std::vector<std::string>& known_names) {
  try {
    walk(text, false, [](std::string_view) {}, [&](const Reference& ref) {
      if (std::find(known_names.begin(), known_names.end(), ref.name) == known_names.end()) {
        std::string names;
        for (const auto& n : known_names) names += " " + n;
        throw std::invalid_argument("placeholder names '" + ref.name +
                                    "', which is not an origin of this case (known:" + names + ")");
      }
    });
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return std::nullopt;
}

std::string expand_placeholders(std::string_view text, const PlaceholderValues& values, const TextValues& texts) {
  std::string out;
  walk(text, true, [&](std::string_view lit) { out.append(lit); }, [&](const Reference& ref) {
    if (ref.name == "auth") {
      auto it = texts.find("auth." + ref.field);
      if (it == texts.end()) throw std::invalid_argument("no credentials for ${auth." + ref.field + "}");
      out += it->second;
      return;
    }
    auto it = values.find(ref.name);
    if (it == values.end()) throw std::invalid_argument("no value for ${" + ref.name + ".*}");
    const Endpoint& ep = it->second;
    if (ref.field == "host") out += ep.host;
    else if (ref.field == "authority") out += ep.authority();
    else if (ref.field == "port_hex") out += to_hex(ep.port);
    else out += std::to_string(static_cast<std::int64_t>(ep.port) + ref.offset);
  });
  return out;
}

}  // namespace connectspec
