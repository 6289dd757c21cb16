#include "casefile/upstream_script_reader.hpp"

#include "input/toml_fields.hpp"

namespace connectspec {

namespace {

constexpr std::string_view kKeys[] = {"respond", "status", "reason", "headers", "body", "framing",
                                      "after_head", "then", "delay_ms", "interim", "raw"};
// What only a client notices, so only [[replies]] of a client case take it.
constexpr std::string_view kReplyKeys[] = {"status_line", "chunk_size", "gap_ms", "authorized"};

std::optional<UpstreamScript::Framing> framing_named(std::string_view s) {
  if (s == "content-length") return UpstreamScript::Framing::content_length;
  if (s == "chunked") return UpstreamScript::Framing::chunked;
  if (s == "close") return UpstreamScript::Framing::close;
  if (s == "none") return UpstreamScript::Framing::none;
  return std::nullopt;
}

std::optional<UpstreamScript::Then> then_named(std::string_view s) {
  if (s == "tunnel") return UpstreamScript::Then::tunnel;
  if (s == "close") return UpstreamScript::Then::close;
  if (s == "reset") return UpstreamScript::Then::reset;
  if (s == "silent") return UpstreamScript::Then::silent;
  if (s == "keep") return UpstreamScript::Then::keep;
  return std::nullopt;
}

// The keys only a client case's replies take.
void read_reply_keys(TomlFields& f, UpstreamScript& s) {
  if (auto line = f.string("status_line")) {
    if (line->find_first_of("\r\n") != std::string::npos) f.error(*f.node("status_line"), "status_line is one line, without CRLF");
    if (f.has("reason")) f.error(*f.node("status_line"), "status_line is the whole line: drop reason");
    s.status_line = *line;
  }
  if (auto n = f.integer("chunk_size", false, 1, 1 << 20)) s.chunk_size = static_cast<std::size_t>(*n);
  if (auto g = f.integer("gap_ms", false, 0, 1000)) {
    if (!f.has("chunk_size")) f.error(*f.node("gap_ms"), "gap_ms needs chunk_size (the bytes written between pauses)");
    s.gap_ms = static_cast<int>(*g);
  }
  if (auto a = f.boolean("authorized")) s.authorized = *a;
}

UpstreamScript read_one(TomlFields& f, const std::string& origin, bool reply) {
  UpstreamScript s;
  s.origin = origin;
  if (auto r = f.boolean("respond")) s.respond = *r;
  if (!s.respond)
    for (auto key : {"status", "reason", "headers", "body", "framing", "interim"})
      if (f.has(key)) f.error(*f.node(key), std::string(key) + " has no effect with respond = false (nothing is sent)");
  if (auto st = f.integer("status", false, 200, 599)) s.status = static_cast<int>(*st);
  if (auto r = f.string("reason")) {
    if (r->find_first_of("\r\n") != std::string::npos) f.error(*f.node("reason"), "reason must be one line");
    s.reason = *r;
  }
  if (auto h = f.strings("headers")) {
    for (const auto& line : *h)
      if (line.find(':') == std::string::npos)
        f.error(*f.node("headers"), "headers entries are \"Name: value\" lines; '" + line + "' has no ':'");
    s.headers = *h;
  }
  if (auto b = f.string("body")) s.body = *b;
  s.framing = s.body.empty() ? UpstreamScript::Framing::none : UpstreamScript::Framing::content_length;
  if (auto fr = f.string("framing")) {
    if (auto v = framing_named(*fr)) s.framing = *v;
    else f.error(*f.node("framing"), "framing must be \"content-length\", \"chunked\", \"close\" or \"none\", not '" + *fr + "'");
  }
  if (auto a = f.string("after_head")) s.after_head = *a;
  if (auto heads = f.strings("interim")) {
    for (const auto& h : *heads)
      if (h.size() < 4 || h.compare(h.size() - 4, 4, "\r\n\r\n") != 0)
        f.error(*f.node("interim"), "interim entries are whole 1xx heads ending in \\r\\n\\r\\n, e.g. \"HTTP/1.1 100 Continue\\r\\n\\r\\n\"");
    s.interim = *heads;
  }
  // raw: the response exactly as written, for what no well-formed script can say (a head cut
  // short, a bare CR); it opens no tunnel and excludes every key that builds a response.
  if (auto r = f.string("raw")) {
    if (r->empty()) f.error(*f.node("raw"), "raw is the whole response as written: it cannot be empty (respond = false sends nothing)");
    if (!s.respond) f.error(*f.node("raw"), "raw has no effect with respond = false (nothing is sent)");
    for (auto key : {"status", "reason", "headers", "body", "framing", "after_head", "interim", "status_line"})
      if (f.has(key) && (reply || std::string_view(key) != "status_line")) f.error(*f.node(key), std::string(key) + " cannot go with raw: raw is the whole response as written");
    s.raw = *r;
  }
  if (auto d = f.integer("delay_ms", false, 0, 60000)) s.delay_ms = static_cast<int>(*d);
  const bool tunnels = s.respond && s.raw.empty() && s.status / 100 == 2;
  s.then = tunnels ? UpstreamScript::Then::tunnel : UpstreamScript::Then::close;
  if (auto t = f.string("then")) {
    if (auto v = then_named(*t)) {
      s.then = *v;
      if (s.then == UpstreamScript::Then::tunnel && !tunnels)
        f.error(*f.node("then"), s.raw.empty() ? "then = \"tunnel\" needs a 2xx response (respond = true, status 200-299)"
                                               : "then = \"tunnel\" cannot follow raw: a raw response opens no tunnel");
    } else {
      f.error(*f.node("then"), std::string("then must be \"tunnel\", \"close\", \"reset\"") +
                                   (reply ? ", \"silent\" or \"keep\"" : " or \"silent\"") + ", not '" + *t + "'");
    }
    if (s.then == UpstreamScript::Then::keep && !reply)
      f.error(*f.node("then"), "then = \"keep\" is for the replies of a client case; the upstream closes or tunnels");
    if (s.then == UpstreamScript::Then::keep && tunnels)
      f.error(*f.node("then"), "then = \"keep\" follows a response that opens no tunnel: a 2xx tunnels");
  }
  if (reply) read_reply_keys(f, s);
  if (s.framing == UpstreamScript::Framing::close && s.then != UpstreamScript::Then::close && f.has("framing"))
    f.error(*f.node("framing"), "framing = \"close\" ends the body by closing: it needs then = \"close\"");
  std::vector<std::string_view> keys(std::begin(kKeys), std::end(kKeys));
  if (reply) keys.insert(keys.end(), std::begin(kReplyKeys), std::end(kReplyKeys));
  f.reject_unknown(keys);
  return s;
}

}  // namespace

std::vector<UpstreamScript> read_upstream_scripts(const toml::node& node, const std::string& file,
                                                  const std::vector<OriginSpec>& origins,
                                                  Diagnostics& diags) {
  std::vector<UpstreamScript> out;
  const toml::table* t = node.as_table();
  if (!t) {
    diags.push_back({position_of(file, node.source()),
                     "'upstream' must be a table of [upstream.NAME] tables, NAME an origin of this case"});
    return out;
  }
  for (auto&& [key, value] : *t) {
    std::string name(key.str());
    bool declared = false;
    for (const auto& o : origins) declared = declared || o.name == name;
    if (!declared) {
      diags.push_back({position_of(file, key.source()),
                       "upstream." + name + ": there is no origin '" + name + "' in [origins] to script the upstream for"});
      continue;
    }
    const toml::table* script = value.as_table();
    if (!script) {
      diags.push_back({position_of(file, value.source()),
                       "upstream." + name + " must be a table: { status = 407, headers = [..], body = \"..\", then = \"close\" }"});
      continue;
    }
    TomlFields f(*script, file, diags, "upstream." + name);
    out.push_back(read_one(f, name, false));
  }
  return out;
}

std::vector<UpstreamScript> read_replies(const toml::node& node, const std::string& file, const std::string& tunnel,
                                         Diagnostics& diags) {
  std::vector<UpstreamScript> out;
  const toml::array* arr = node.as_array();
  if (!arr || arr->empty()) {
    diags.push_back({position_of(file, node.source()),
                     "'replies' must be a non-empty array of tables ([[replies]]): how the proxy answers the client"});
    return out;
  }
  int index = 0;
  for (const toml::node& item : *arr) {
    ++index;
    const toml::table* t = item.as_table();
    if (!t) {
      diags.push_back({position_of(file, item.source()), "reply " + std::to_string(index) + " must be a table"});
      continue;
    }
    TomlFields f(*t, file, diags, "reply " + std::to_string(index));
    out.push_back(read_one(f, tunnel, true));
  }
  return out;
}

}  // namespace connectspec
