#include <algorithm>
#include <array>

#include "casefile/readers.hpp"
#include "input/nearest_name.hpp"

namespace connectspec {

namespace {

std::string kind_list() {
  std::string s;
  for (const auto& k : kOriginKinds) s += (s.empty() ? "" : ", ") + std::string(k.name);
  return s;
}

bool valid_origin_name(std::string_view name) {
  if (name.empty() || name == "proxy" || name == "auth") return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

// trap: `ports = [443, 80]` (1..65535, each once; default 443, 80, 65535) and `for = "..."`, what
// a dial of it means, for the check that reports one ("a target with no valid port").
void read_trap(TomlFields& fields, OriginSpec& spec) {
  constexpr std::size_t kMaxPorts = 16;
  if (const toml::node* node = fields.node("ports")) {
    const toml::array* list = node->as_array();
    if (!list || list->empty() || list->size() > kMaxPorts) {
      fields.error(*node, "ports must be a list of 1 to " + std::to_string(kMaxPorts) + " port numbers, e.g. [443, 80]");
    } else {
      for (const toml::node& item : *list) {
        auto port = item.value<std::int64_t>();
        if (!item.is_integer() || !port || *port < 1 || *port > 65535) {
          fields.error(item, "a trap port is a number from 1 to 65535");
          continue;
        }
        if (std::find(spec.ports.begin(), spec.ports.end(), *port) != spec.ports.end()) {
          fields.error(item, "port " + std::to_string(*port) + " is listed twice");
          continue;
        }
        spec.ports.push_back(static_cast<std::uint16_t>(*port));
      }
    }
  }
  if (auto reason = fields.string("for")) {
    if (reason->empty()) fields.error(*fields.node("for"), "for says what a dial of the trap means, e.g. \"a target with no valid port\"");
    spec.dialled_for = *reason;
  }
}

// Every key an origin table may hold, for "did you mean" hints.
const std::vector<std::string_view> kOriginKeys = {"kind", "host", "banner", "bytes", "seed", "after_bytes", "ports", "for",
                                                   "interval_ms"};

// A key that is a misspelling of `key` ({ knd = "echo" }): the real problem when `key` is missing.
const toml::key* misspelt(const toml::table& t, const std::string& key) {
  for (auto&& [k, v] : t)
    if (k.str() != key && nearest_name(k.str(), {key})) return &k;
  return nullptr;
}

}  // namespace

std::vector<OriginSpec> read_origins(const toml::node& node, const std::string& file,
                                     Diagnostics& diags) {
  std::vector<OriginSpec> out;
  const toml::table* table = node.as_table();
  if (!table) {
    diags.push_back({position_of(file, node.source()),
                     "'origins' must be a table of name = kind (e.g. [origins] main = \"echo\")"});
    return out;
  }
  for (auto&& [key, value] : *table) {
    OriginSpec spec;
    spec.name = std::string(key.str());
    spec.pos = position_of(file, key.source());
    // An origin with a problem stays declared, so that the steps naming it add no knock-on errors.
    auto unreadable = [&] {
      spec.unreadable = true;
      out.push_back(spec);
    };
    if (!valid_origin_name(spec.name)) {
      diags.push_back({spec.pos, "origin name '" + spec.name +
                                     "' must be letters, digits, '-' or '_' and not 'proxy'"});
      unreadable();
      continue;
    }
    std::optional<std::string> kind_text;
    std::optional<TomlFields> fields;
    if (value.is_string()) {
      kind_text = value.value<std::string>();
    } else if (const toml::table* t = value.as_table()) {
      fields.emplace(*t, file, diags, "origin '" + spec.name + "'");
      if (!t->contains("kind") && misspelt(*t, "kind")) {
        fields->allow(kOriginKeys);
        fields->reject_unknown(kOriginKeys);  // "unknown key 'knd'; did you mean 'kind'?", not "missing 'kind'"
        unreadable();
        continue;
      }
      kind_text = fields->string("kind", true);
    } else {
      diags.push_back({position_of(file, value.source()),
                       "origin '" + spec.name + "' must be a kind name or a table with 'kind'"});
      unreadable();
      continue;
    }
    if (!kind_text) {
      unreadable();
      continue;
    }
    auto kind = origin_kind_named(*kind_text);
    if (!kind) {
      std::string meant;
      std::vector<std::string> kinds;
      for (const auto& k : kOriginKinds) kinds.emplace_back(k.name);
      if (auto near = nearest_name(*kind_text, kinds)) meant = "did you mean '" + *near + "'? ";
      diags.push_back({position_of(file, value.source()), "origin '" + spec.name +
                                                              "': unknown kind '" + *kind_text + "' (" + meant +
                                                              "one of: " + kind_list() + ")"});
      unreadable();
      continue;
    }
    spec.kind = *kind;
    if (spec.kind == OriginKind::trickle) spec.bytes = 8;  // unless `bytes` says otherwise
    if (fields) {
      if (spec.kind == OriginKind::trap && fields->has("host")) {
        fields->error(*fields->node("host"), "a trap takes no host: it listens on a loopback address of its own "
                                             "(127.77.x.y), named ${" + spec.name + ".host}");
      } else if (auto host = fields->string("host")) {
        if (*host != "127.0.0.1" && *host != "::1")
          fields->error(*fields->node("host"), "host must be a loopback address: 127.0.0.1 or ::1");
        else
          spec.host = *host;
      }
      if (spec.kind == OriginKind::banner) {
        if (auto b = fields->string("banner")) spec.banner = *b;
      }
      if (spec.kind == OriginKind::source) {
        if (auto b = fields->integer("bytes", true, 0, 1LL << 32)) spec.bytes = *b;
        if (auto s = fields->integer("seed", false, 0)) spec.seed = *s;
      }
      if (spec.kind == OriginKind::trickle) {
        if (auto b = fields->integer("bytes", false, 1, 1000)) spec.bytes = *b;
        if (auto s = fields->integer("seed", false, 0)) spec.seed = *s;
        if (auto i = fields->integer("interval_ms", false, 1, 60000)) spec.interval_ms = static_cast<int>(*i);
      }
      if (spec.kind == OriginKind::trap) read_trap(*fields, spec);
      if (spec.kind == OriginKind::reset) {
        if (auto n = fields->integer("after_bytes", false, 0, 1LL << 32)) spec.after_bytes = *n;
      }
      fields->reject_unknown();
    } else if (spec.kind == OriginKind::source) {
      diags.push_back({position_of(file, value.source()),
                       "origin '" + spec.name + "': a source needs { kind = \"source\", bytes = N }"});
      unreadable();
      continue;
    }
    if (spec.kind == OriginKind::banner && spec.banner.empty())
      spec.banner = "SSH-2.0-connectspec_banner\r\n";
    out.push_back(std::move(spec));
  }
  return out;
}

}  // namespace connectspec
