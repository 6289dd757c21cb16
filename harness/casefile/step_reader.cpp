#include <algorithm>
#include <array>

#include "h2/frame.hpp"
#include "input/nearest_name.hpp"
#include "input/pattern_check.hpp"
#include "casefile/placeholders.hpp"
#include "casefile/readers.hpp"

namespace connectspec {

namespace {

constexpr std::array<std::string_view, 27> kActions{
    "send",          "connect",       "shutdown",    "close",      "expect_status",
    "expect_headers", "expect_tunnel", "expect_data", "expect_echo", "expect_eof",
    "expect_closed", "expect_origin", "tls_handshake", "expect_upstream", "reset",
    "reconnect",     "hold",          "expect_body", "rst_stream", "goaway",
    "frame",         "expect_stream_error", "expect_setting", "tunnels", "expect_request",
    "expect_client", "wait_ms"};

// Steps of one protocol only; the others read the same in both (on an h2 case, `connect` opens a
// stream, `send` writes DATA, `shutdown` is END_STREAM, `expect_eof` waits for END_STREAM).
constexpr std::string_view kHttp1Only[] = {"reconnect", "hold", "expect_body", "tls_handshake"};
constexpr std::string_view kHttp2Only[] = {"rst_stream", "goaway", "frame", "expect_stream_error", "expect_setting", "tunnels"};
// A client case (role = "client") only checks, after the client exited: these steps, and no others.
constexpr std::string_view kClientSteps[] = {"expect_request", "expect_client", "expect_origin"};
// Steps that act on or observe one stream of an h2 case, and so take `stream = "name"`.
constexpr std::string_view kStreamSteps[] = {"connect", "send", "shutdown", "rst_stream", "expect_status",
                                             "expect_headers", "expect_tunnel", "expect_data", "expect_echo",
                                             "expect_eof", "expect_stream_error"};

template <std::size_t N>
bool among(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

// The keys each action takes besides its own, so that a bad action value does not also make
// its modifiers look unknown.
std::vector<std::string_view> own_modifiers(std::string_view action, bool h2) {
  if (action == "send") return h2 ? std::vector<std::string_view>{"frame_size", "end_stream"}
                                  : std::vector<std::string_view>{"chunk_size", "gap_ms", "until_closed"};
  if (action == "connect") return h2 ? std::vector<std::string_view>{"headers", "early", "authority", "remove", "end_stream"}
                                     : std::vector<std::string_view>{"version", "headers", "host_header", "early"};
  if (action == "goaway") return {"last_stream"};
  if (action == "expect_stream_error") return {"or_status"};
  if (action == "expect_setting") return {"values", "absent_ok"};
  if (action == "tunnels") return {"streams", "payload"};
  if (action == "expect_body") return {"contains"};
  if (action == "expect_eof") return {"reset_ok"};
  if (action == "expect_status") return {"prefer"};
  if (action == "expect_origin") return {"accepted", "received", "received_tunnel", "eof", "closed", "absent"};
  if (action == "expect_request")
    return {"requests", "method", "target", "present", "absent", "count", "at_most", "matches", "received_before_reply",
            "received_after_reply", "or_connection_close", "same_connection", "if_version"};
  if (action == "expect_client") return {"output_contains"};
  if (action == "expect_upstream")
    return {"connects",          "present",           "absent", "absent_everywhere", "request_line", "count",
            "received_before_reply", "received_after_reply", "or_connection_close", "distinct_connections"};
  return {};
}

std::vector<std::string_view> modifiers_of(std::string_view action, Protocol protocol) {
  auto out = own_modifiers(action, is_http2(protocol));
  if (is_http2(protocol) && among(kStreamSteps, action)) out.push_back("stream");
  return out;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string action_list() {
  std::string s;
  for (auto a : kActions) s += (s.empty() ? "" : ", ") + std::string(a);
  return s;
}

// A step with no action but a key that is a misspelt one ({ sned = "..." }): reports that key with
// the action it meant, instead of "no action" and the list of every action.
bool misspelt_action(const toml::table& t, TomlFields& f) {
  std::vector<std::string> actions(std::begin(kActions), std::end(kActions));
  bool any = false;
  for (auto&& [k, v] : t)
    if (auto meant = nearest_name(k.str(), actions)) {
      f.diags().push_back({position_of(f.file(), k.source()),
                           f.context() + ": unknown key '" + std::string(k.str()) + "'; did you mean '" + *meant + "'?"});
      any = true;
    }
  return any;
}

class StepReader {
 public:
  StepReader(TomlFields& f, const std::vector<OriginSpec>& origins, Protocol protocol)
      : f_(f), origins_(origins), h2_(is_http2(protocol)) {
    for (const auto& o : origins) names_.push_back(o.name);
    names_.push_back("proxy");
    names_.push_back("auth");
  }

  std::optional<StepAction> read(std::string_view action, const toml::node& value) {
    if (action == "send") return send(value);
    if (action == "rst_stream") {
      auto code = error_code(value, "rst_stream");
      return code ? std::optional<StepAction>(step::RstStream{*code}) : std::nullopt;
    }
    if (action == "goaway") return goaway(value);
    if (action == "frame") return raw_frame(value);
    if (action == "expect_stream_error") return expect_stream_error(value);
    if (action == "expect_setting") return expect_setting(value);
    if (action == "tunnels") return tunnels(value);
    if (action == "reset") return flag(value, "reset") ? std::optional<StepAction>(step::Reset{}) : std::nullopt;
    if (action == "reconnect")
      return flag(value, "reconnect") ? std::optional<StepAction>(step::Reconnect{}) : std::nullopt;
    if (action == "hold") return hold(value);
    if (action == "wait_ms") {
      // Bounded like every wait: a minute at most, and the case's timeout_ms still ends the case.
      if (!value.is_integer() || *value.value<std::int64_t>() < 1 || *value.value<std::int64_t>() > 60000) {
        f_.error(value, "wait_ms must be a number of milliseconds, 1..60000 (the client does nothing meanwhile)");
        return std::nullopt;
      }
      return step::Wait{static_cast<int>(*value.value<std::int64_t>())};
    }
    if (action == "expect_body") {
      if (!flag(value, "expect_body")) return std::nullopt;
      step::ExpectBody b;
      if (auto c = f_.string("contains")) {
        if (auto err = check_placeholders(*c, names_)) f_.error(*f_.node("contains"), *err);
        b.contains = *c;
      }
      return b;
    }
    if (action == "connect") return connect(value);
    if (action == "shutdown") {
      if (value.value<std::string>() != "write") {
        f_.error(value, "shutdown must be \"write\" (a half-close of the client's sending side)");
        return std::nullopt;
      }
      return step::Shutdown{};
    }
    if (action == "close") return flag(value, "close") ? std::optional<StepAction>(step::Close{}) : std::nullopt;
    if (action == "expect_status") return expect_status(value);
    if (action == "expect_headers") return expect_headers(value);
    if (action == "expect_tunnel") {
      if (!value.is_boolean()) {
        f_.error(value, "expect_tunnel must be true (a 2xx was received) or false (no tunnel)");
        return std::nullopt;
      }
      return step::ExpectTunnel{*value.value<bool>()};
    }
    if (action == "expect_data") {
      auto p = payload(value, "expect_data");
      return p ? std::optional<StepAction>(step::ExpectData{*p}) : std::nullopt;
    }
    if (action == "expect_echo") return flag(value, "expect_echo") ? std::optional<StepAction>(step::ExpectEcho{}) : std::nullopt;
    if (action == "expect_eof") {
      if (!flag(value, "expect_eof")) return std::nullopt;
      step::ExpectEof e;
      if (auto r = f_.boolean("reset_ok")) e.reset_ok = *r;
      return e;
    }
    if (action == "expect_closed") return flag(value, "expect_closed") ? std::optional<StepAction>(step::ExpectClosed{}) : std::nullopt;
    if (action == "expect_origin") return expect_origin(value);
    if (action == "expect_upstream") return expect_upstream(value);
    if (action == "expect_request") return expect_request(value);
    if (action == "expect_client") return expect_client(value);
    if (action == "tls_handshake") {
      auto name = origin_ref(value, "tls_handshake");
      if (!name) return std::nullopt;
      for (const auto& o : origins_)
        if (o.name == *name && o.kind != OriginKind::tls_echo) {
          f_.error(value, "tls_handshake needs a tls-echo origin; '" + *name + "' is " +
                              std::string(to_string(o.kind)));
          return std::nullopt;
        }
      return step::TlsHandshake{*name};
    }
    return std::nullopt;
  }

  // The stream a `frame` step names inside its table (checked against the streams opened so far).
  const std::optional<std::string>& frame_stream() const { return stream_ref_; }

  bool takes_within(std::string_view action) const {
    return action.rfind("expect_", 0) == 0 || action == "tls_handshake" || action == "tunnels";
  }

 private:
  bool flag(const toml::node& value, std::string_view action) {
    if (value.is_boolean() && *value.value<bool>()) return true;
    f_.error(value, std::string(action) + " must be true");
    return false;
  }

  std::optional<std::string> origin_ref(const toml::node& value, std::string_view action) {
    if (!value.is_string()) {
      f_.error(value, std::string(action) + " must name an origin of this case");
      return std::nullopt;
    }
    std::string name = *value.value<std::string>();
    for (const auto& o : origins_)
      if (o.name == name) return o.unreadable ? std::nullopt : std::optional<std::string>(name);  // its problem is reported
    std::string known;
    for (const auto& o : origins_) known += " " + o.name;
    f_.error(value, std::string(action) + " names origin '" + name +
                        "', which is not declared in [origins] (declared:" +
                        (known.empty() ? " none" : known) + ")");
    return std::nullopt;
  }

  // "literal ${placeholders}" or { bytes = N, seed = S }
  std::optional<Payload> payload(const toml::node& value, std::string_view what) {
    Payload p;
    if (value.is_string()) {
      p.text = *value.value<std::string>();
      if (auto err = check_placeholders(p.text, names_)) {
        f_.error(value, std::string(what) + ": " + *err);
        return std::nullopt;
      }
      return p;
    }
    if (const toml::table* t = value.as_table()) {
      TomlFields g(*t, f_.file(), f_.diags(), std::string(what));
      auto bytes = g.integer("bytes", true, 0, 1LL << 32);
      auto seed = g.integer("seed", false, 0);
      g.reject_unknown({"bytes", "seed"});
      if (!bytes) return std::nullopt;
      p.generated_size = static_cast<std::uint64_t>(*bytes);
      if (seed) p.seed = static_cast<std::uint64_t>(*seed);
      return p;
    }
    f_.error(value, std::string(what) + " must be a string or { bytes = N, seed = S }");
    return std::nullopt;
  }

  std::optional<StepAction> send(const toml::node& value) {
    auto p = payload(value, "send");
    if (!p) return std::nullopt;
    step::Send out{*p};
    if (h2_) {
      if (auto n = f_.integer("frame_size", false, 1, 16777215)) out.frame_size = static_cast<std::size_t>(*n);
      if (auto e = f_.boolean("end_stream")) out.end_stream = *e;
      return out;
    }
    if (auto n = f_.integer("chunk_size", false, 1, 1 << 20)) out.chunk_size = static_cast<std::size_t>(*n);
    if (auto g = f_.integer("gap_ms", false, 0, 10000)) {
      if (!f_.has("chunk_size")) f_.error(*f_.node("gap_ms"), "gap_ms needs chunk_size (the bytes written between pauses)");
      out.gap_ms = static_cast<int>(*g);
    }
    if (auto u = f_.boolean("until_closed")) {
      if (!f_.has("chunk_size")) f_.error(*f_.node("until_closed"), "until_closed needs chunk_size (a slow client that stops once the proxy has closed)");
      out.until_closed = *u;
    }
    return out;
  }

  // { connections = N, send = "..." }
  std::optional<StepAction> hold(const toml::node& value) {
    const toml::table* t = value.as_table();
    if (!t) {
      f_.error(value, "hold must be a table: { connections = N, send = \"bytes each one writes\" }");
      return std::nullopt;
    }
    TomlFields g(*t, f_.file(), f_.diags(), "hold");
    step::Hold h;
    auto n = g.integer("connections", true, 1, 1000);
    std::optional<Payload> p;
    if (const toml::node* bytes = g.node("send")) p = payload(*bytes, "hold.send");
    else g.error_at_table("hold needs send = \"...\": what each held connection writes");
    g.reject_unknown({"connections", "send"});
    if (!n || !p) return std::nullopt;
    h.connections = static_cast<int>(*n);
    h.payload = *p;
    return h;
  }

  std::optional<StepAction> connect(const toml::node& value) {
    step::Connect c;
    auto name = origin_ref(value, "connect");
    if (!name) return std::nullopt;
    c.origin = *name;
    if (h2_) return connect_stream(std::move(c));
    if (auto v = f_.string("version")) {
      if (*v != "HTTP/1.1" && *v != "HTTP/1.0") f_.error(*f_.node("version"), "version must be \"HTTP/1.1\" or \"HTTP/1.0\"");
      c.version = *v;
    }
    if (auto h = f_.strings("headers")) {
      for (const auto& line : *h) {
        if (line.find(':') == std::string::npos)
          f_.error(*f_.node("headers"), "headers entries are \"Name: value\" lines; '" + line + "' has no ':'");
        if (auto err = check_placeholders(line, names_)) f_.error(*f_.node("headers"), *err);
      }
      c.headers = *h;
    }
    if (auto hh = f_.boolean("host_header")) c.host_header = *hh;
    if (const toml::node* early = f_.node("early")) c.early = payload(*early, "early");
    return c;
  }

  // h2: the CONNECT's HEADERS. Field lines may name pseudo-headers, which go where they stand.
  std::optional<StepAction> connect_stream(step::Connect c) {
    if (auto h = f_.strings("headers")) {
      for (const auto& line : *h) {
        // ":path: /" is a pseudo-header line: its name ends at the second colon.
        const auto colon = line.find(':', line.starts_with(':') ? 1 : 0);
        if (colon == std::string::npos || colon == 0)
          f_.error(*f_.node("headers"), "headers entries are \"name: value\" lines; '" + line + "' has no name and ':'");
        if (auto err = check_placeholders(line, names_)) f_.error(*f_.node("headers"), *err);
      }
      c.headers = *h;
    }
    if (auto a = f_.string("authority")) {
      if (auto err = check_placeholders(*a, names_)) f_.error(*f_.node("authority"), "authority: " + *err);
      c.authority = *a;
    }
    if (auto r = f_.strings("remove")) {
      for (const auto& name : *r)
        if (name != ":method" && name != ":authority")
          f_.error(*f_.node("remove"), "remove takes \":method\" or \":authority\" (the fields connect writes itself), not '" +
                                           name + "'");
      c.remove = *r;
    }
    if (auto e = f_.boolean("end_stream")) c.end_stream = *e;
    if (const toml::node* early = f_.node("early")) c.early = payload(*early, "early");
    return c;
  }

  // An error code by its RFC 9113 name ("CONNECT_ERROR") or its number.
  std::optional<std::uint32_t> error_code(const toml::node& value, std::string_view what) {
    if (value.is_integer() && *value.value<std::int64_t>() >= 0 && *value.value<std::int64_t>() <= 0xffffffffLL)
      return static_cast<std::uint32_t>(*value.value<std::int64_t>());
    if (value.is_string())
      if (auto code = h2::error_code_named(*value.value<std::string>())) return code;
    f_.error(value, std::string(what) + " takes an error code name (" + h2::error_code_list() + ") or a number");
    return std::nullopt;
  }

  std::optional<StepAction> goaway(const toml::node& value) {
    auto code = error_code(value, "goaway");
    if (!code) return std::nullopt;
    step::Goaway g{*code, std::nullopt};
    if (auto l = f_.integer("last_stream", false, 0, 0x7fffffff)) g.last_stream = static_cast<std::uint32_t>(*l);
    return g;
  }

  // { type = "WINDOW_UPDATE" | 8, flags = 1, stream = "name" | 3, payload = "text" | hex = "0001" }
  std::optional<StepAction> raw_frame(const toml::node& value) {
    const toml::table* t = value.as_table();
    if (!t) {
      f_.error(value, "frame must be a table: { type = \"PING\" or a number, flags = N, stream = \"name\" or N, "
                      "payload = \"bytes\" or hex = \"00ff\" }");
      return std::nullopt;
    }
    TomlFields g(*t, f_.file(), f_.diags(), "frame");
    step::RawFrame r;
    bool ok = true;
    if (const toml::node* type = g.node("type")) {
      if (type->is_integer() && *type->value<std::int64_t>() >= 0 && *type->value<std::int64_t>() <= 255)
        r.type = static_cast<std::uint8_t>(*type->value<std::int64_t>());
      else if (auto named = type->is_string() ? h2::frame_type_named(*type->value<std::string>()) : std::nullopt)
        r.type = static_cast<std::uint8_t>(*named);
      else {
        g.error(*type, "type is a frame type name (DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, "
                       "GOAWAY, WINDOW_UPDATE, CONTINUATION) or a number 0..255");
        ok = false;
      }
    } else {
      g.error_at_table("frame needs type");
      ok = false;
    }
    if (auto fl = g.integer("flags", false, 0, 255)) r.flags = static_cast<std::uint8_t>(*fl);
    if (const toml::node* st = g.node("stream")) {
      if (st->is_integer() && *st->value<std::int64_t>() >= 0 && *st->value<std::int64_t>() <= 0x7fffffff)
        r.stream_id = static_cast<std::uint32_t>(*st->value<std::int64_t>());
      else if (st->is_string())
        stream_ref_ = *st->value<std::string>();
      else {
        g.error(*st, "stream is a stream's name (from connect) or a number");
        ok = false;
      }
    }
    if (auto p = g.string("payload")) r.payload = *p;
    if (auto h = g.string("hex")) {
      if (g.has("payload")) g.error(*g.node("hex"), "give payload or hex, not both");
      auto bytes = from_hex(*h);
      if (!bytes) {
        g.error(*g.node("hex"), "hex must be pairs of hexadecimal digits (spaces allowed), e.g. \"00 00 00 01\"");
        ok = false;
      } else {
        r.payload = *bytes;
      }
    }
    g.reject_unknown({"type", "flags", "stream", "payload", "hex"});
    return ok ? std::optional<StepAction>(r) : std::nullopt;
  }

  static std::optional<std::string> from_hex(std::string_view text) {
    std::string out;
    int high = -1;
    for (char c : text) {
      if (c == ' ') continue;
      int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (v < 0) return std::nullopt;
      if (high < 0) high = v;
      else {
        out += static_cast<char>(high * 16 + v);
        high = -1;
      }
    }
    if (high >= 0) return std::nullopt;
    return out;
  }

  std::optional<StepAction> expect_stream_error(const toml::node& value) {
    step::ExpectStreamError e;
    if (const toml::array* arr = value.as_array()) {
      if (arr->empty()) f_.error(value, "expect_stream_error needs at least one error code");
      for (const toml::node& item : *arr)
        if (auto code = error_code(item, "expect_stream_error")) e.codes.push_back(*code);
    } else if (auto code = error_code(value, "expect_stream_error")) {
      e.codes.push_back(*code);
    }
    if (e.codes.empty()) return std::nullopt;
    if (const toml::node* os = f_.node("or_status")) {
      if (auto m = expect_status(*os)) e.or_status = std::get<step::ExpectStatus>(*m).status;
      else return std::nullopt;
    }
    return e;
  }

  // expect_setting = "ENABLE_CONNECT_PROTOCOL", values = [0, 1], absent_ok = true
  std::optional<StepAction> expect_setting(const toml::node& value) {
    step::ExpectSetting e;
    auto name = value.value<std::string>();
    auto id = name ? h2::setting_named(*name) : std::nullopt;
    if (!id) {
      f_.error(value, "expect_setting names a setting: HEADER_TABLE_SIZE, ENABLE_PUSH, MAX_CONCURRENT_STREAMS, "
                      "INITIAL_WINDOW_SIZE, MAX_FRAME_SIZE, MAX_HEADER_LIST_SIZE or ENABLE_CONNECT_PROTOCOL");
      return std::nullopt;
    }
    e.id = static_cast<std::uint16_t>(*id);
    e.name = *name;
    if (const toml::node* v = f_.node("values")) {
      const toml::array* arr = v->as_array();
      if (!arr || arr->empty()) f_.error(*v, "values is a non-empty list of the values allowed");
      else
        for (const toml::node& item : *arr) {
          auto n = item.value<std::int64_t>();
          if (!item.is_integer() || *n < 0 || *n > 0xffffffffLL) f_.error(item, "values are integers from 0 to 2^32-1");
          else e.allowed.push_back(static_cast<std::uint32_t>(*n));
        }
    } else {
      f_.error(value, "expect_setting needs values = [...]: the values it may take");
      return std::nullopt;
    }
    if (auto a = f_.boolean("absent_ok")) e.absent_ok = *a;
    return e;
  }

  // tunnels = "echo", streams = 100, payload = "..."
  std::optional<StepAction> tunnels(const toml::node& value) {
    auto name = origin_ref(value, "tunnels");
    if (!name) return std::nullopt;
    step::Tunnels t;
    t.origin = *name;
    if (auto n = f_.integer("streams", true, 1, 1000)) t.streams = static_cast<int>(*n);
    if (const toml::node* p = f_.node("payload")) {
      if (auto pl = payload(*p, "payload")) t.payload = *pl;
    } else {
      f_.error(value, "tunnels needs payload = \"...\": what each tunnel sends and must get back");
      return std::nullopt;
    }
    return t;
  }


  std::optional<int> status_code(const toml::node& n) {
    if (n.is_integer()) {
      auto v = *n.value<std::int64_t>();
      if (v >= 100 && v <= 599) return static_cast<int>(v);
    }
    f_.error(n, "a status code must be an integer from 100 to 599");
    return std::nullopt;
  }

  bool status_item(const toml::node& n, StatusMatcher& m) {
    if (n.is_string()) {
      std::string s = *n.value<std::string>();
      if (s.size() == 3 && s[0] >= '1' && s[0] <= '5' && s.substr(1) == "xx") {
        m.classes.push_back(s[0] - '0');
        return true;
      }
      f_.error(n, "status '" + s + "' is not a class like \"4xx\" (write exact codes as integers)");
      return false;
    }
    auto code = status_code(n);
    if (code) m.codes.push_back(*code);
    return code.has_value();
  }

  std::optional<StepAction> expect_status(const toml::node& value) {
    StatusMatcher m;
    bool ok = true;
    if (const toml::array* arr = value.as_array()) {
      if (arr->empty()) { f_.error(value, "expect_status needs at least one code or class"); return std::nullopt; }
      for (const toml::node& item : *arr) ok = status_item(item, m) && ok;
    } else {
      ok = status_item(value, m);
    }
    if (const toml::node* pref = f_.node("prefer")) {
      auto code = status_code(*pref);
      if (code && !m.matches(*code)) {
        f_.error(*pref, "prefer = " + std::to_string(*code) + " is not among the accepted statuses (" + m.describe() + ")");
        ok = false;
      }
      m.preferred = code;
    }
    return ok ? std::optional<StepAction>(step::ExpectStatus{m}) : std::nullopt;
  }

  std::optional<StepAction> expect_headers(const toml::node& value) {
    const toml::table* t = value.as_table();
    if (!t) {
      f_.error(value, "expect_headers must be a table: { present = [..], absent = [..], matches = { Name = \"regex\" } }");
      return std::nullopt;
    }
    TomlFields g(*t, f_.file(), f_.diags(), "expect_headers");
    const std::size_t problems_before = f_.diags().size();
    step::ExpectHeaders h;
    if (auto p = g.strings("present")) h.present = *p;
    if (auto a = g.strings("absent")) h.absent = *a;
    if (const toml::node* m = g.node("matches")) {
      if (const toml::table* mt = m->as_table()) {
        for (auto&& [k, v] : *mt) {
          if (!v.is_string()) { g.error(v, "matches values are regular expressions (strings)"); continue; }
          std::string re = *v.value<std::string>();
          if (auto problem = regex_problem(re)) {
            const std::string quoted = re.size() > 80 ? re.substr(0, 80) + "..." : re;
            f_.error(v, "expect_headers: invalid regular expression '" + quoted + "': " + *problem);
            continue;
          }
          h.matches[std::string(k.str())] = re;
        }
      } else {
        g.error(*m, "matches must be a table of header name = \"regex\"");
      }
    }
    g.reject_unknown({"present", "absent", "matches"});
    // Say "checks nothing" only when nothing was written, not when what was written was wrong.
    if (h.present.empty() && h.absent.empty() && h.matches.empty() && f_.diags().size() == problems_before) {
      f_.error(value, "expect_headers checks nothing: give present, absent or matches");
      return std::nullopt;
    }
    return h;
  }

  std::optional<StepAction> expect_origin(const toml::node& value) {
    step::ExpectOrigin e;
    auto name = origin_ref(value, "expect_origin");
    if (!name) return std::nullopt;
    e.origin = *name;
    if (auto a = f_.integer("accepted", false, 0, 1000)) e.accepted = static_cast<int>(*a);
    if (const toml::node* r = f_.node("received")) e.received = payload(*r, "received");
    if (auto rt = f_.boolean("received_tunnel")) e.received_tunnel = *rt;
    if (auto eof = f_.boolean("eof")) e.eof = *eof;
    if (auto closed = f_.boolean("closed")) {
      if (!*closed) f_.error(*f_.node("closed"), "closed must be true (its first connection ended); for 'still open' there is no check");
      e.closed = *closed;
    }
    if (auto a = f_.strings("absent")) e.absent = *a;
    if (e.received && e.received_tunnel) {
      f_.error(value, "give either received or received_tunnel, not both");
      return std::nullopt;
    }
    if (!f_.has("accepted") && !f_.has("received") && !f_.has("received_tunnel") && !f_.has("eof") && !f_.has("closed") &&
        !f_.has("absent")) {
      f_.error(value, "expect_origin checks nothing: give accepted, received, received_tunnel, eof, closed or absent");
      return std::nullopt;
    }
    return e;
  }

  std::optional<StepAction> expect_upstream(const toml::node& value) {
    step::ExpectUpstream e;
    auto name = origin_ref(value, "expect_upstream");
    if (!name) return std::nullopt;
    e.origin = *name;
    if (auto c = f_.integer("connects", false, 0, 1000)) e.connects = static_cast<int>(*c);
    if (auto p = f_.strings("present")) e.present = *p;
    if (auto a = f_.strings("absent")) e.absent = *a;
    if (auto a = f_.strings("absent_everywhere")) e.absent_everywhere = *a;
    if (auto r = f_.string("request_line")) {
      if (auto err = check_placeholders(*r, names_)) f_.error(*f_.node("request_line"), "request_line: " + *err);
      e.request_line = *r;
    }
    read_counts(e.count);
    if (const toml::node* b = f_.node("received_before_reply")) e.received_before_reply = payload(*b, "received_before_reply");
    if (const toml::node* b = f_.node("received_after_reply")) e.received_after_reply = payload(*b, "received_after_reply");
    // RFC 9931: a proxy client either waits for the 2xx or marks its CONNECT Connection: close;
    // this accepts the second for the received_*_reply checks, so it means nothing without them.
    if (auto occ = f_.boolean("or_connection_close")) {
      e.or_connection_close = *occ;
      if (*occ && !f_.has("received_before_reply") && !f_.has("received_after_reply"))
        f_.error(*f_.node("or_connection_close"),
                 "or_connection_close qualifies received_before_reply and received_after_reply: give one of them");
    }
    if (auto d = f_.boolean("distinct_connections")) {
      e.distinct_connections = *d;
      if (!*d) f_.error(*f_.node("distinct_connections"), "distinct_connections = false checks nothing: leave it out");
    }
    if (!f_.has("connects") && !f_.has("present") && !f_.has("absent") && e.absent_everywhere.empty() &&
        !f_.has("request_line") && !f_.has("count") && !f_.has("received_before_reply") &&
        !f_.has("received_after_reply") && !e.distinct_connections) {
      f_.error(value, "expect_upstream checks nothing: give connects, present, absent, absent_everywhere, request_line, "
                      "count, received_before_reply, received_after_reply or distinct_connections");
      return std::nullopt;
    }
    return e;
  }

  // { Name = N, ... }: header lines counted exactly.
  void read_counts(std::map<std::string, int>& out, std::string_view key = "count") {
    const toml::node* c = f_.node(key);
    if (!c) return;
    const toml::table* ct = c->as_table();
    if (!ct) {
      f_.error(*c, std::string(key) + " must be a table of header name = number of lines, e.g. { Host = 1 }");
      return;
    }
    for (auto&& [k, v] : *ct) {
      auto n = v.value<std::int64_t>();
      if (!v.is_integer() || *n < 0 || *n > 100) f_.error(v, std::string(key) + " values are integers from 0 to 100");
      else out[std::string(k.str())] = static_cast<int>(*n);
    }
  }

  // expect_request = N: the N-th request the scripted proxy received, in arrival order.
  std::optional<StepAction> expect_request(const toml::node& value) {
    step::ExpectRequest e;
    auto n = value.value<std::int64_t>();
    if (!value.is_integer() || *n < 1 || *n > 100) {
      f_.error(value, "expect_request names the request by its number, 1 for the first one the proxy received (1 to 100)");
      return std::nullopt;
    }
    e.index = static_cast<int>(*n);
    if (auto r = f_.integer("requests", false, 0, 100)) e.requests = static_cast<int>(*r);
    if (auto m = f_.string("method")) e.method = *m;
    if (auto t = f_.string("target")) {
      if (auto err = check_placeholders(*t, names_)) f_.error(*f_.node("target"), "target: " + *err);
      e.target = *t;
    }
    if (auto p = f_.strings("present")) e.present = *p;
    if (auto a = f_.strings("absent")) e.absent = *a;
    read_counts(e.count);
    read_counts(e.at_most, "at_most");
    if (const toml::node* m = f_.node("matches")) {
      const toml::table* mt = m->as_table();
      if (!mt) f_.error(*m, "matches must be a table of header name = \"regex\", e.g. { Host = \"^localhost:443$\" }");
      else
        for (auto&& [k, v] : *mt) {
          if (!v.is_string()) {
            f_.error(v, "matches values are regular expressions (strings)");
            continue;
          }
          std::string pattern = *v.value<std::string>();
          if (auto err = check_placeholders(pattern, names_)) f_.error(v, *err);
          e.matches[std::string(k.str())] = pattern;
        }
    }
    if (const toml::node* b = f_.node("received_before_reply")) e.received_before_reply = payload(*b, "received_before_reply");
    if (const toml::node* b = f_.node("received_after_reply")) e.received_after_reply = payload(*b, "received_after_reply");
    if (auto occ = f_.boolean("or_connection_close")) {
      e.or_connection_close = *occ;
      if (*occ && !f_.has("received_before_reply") && !f_.has("received_after_reply"))
        f_.error(*f_.node("or_connection_close"),
                 "or_connection_close qualifies received_before_reply and received_after_reply: give one of them");
    }
    if (auto v = f_.string("if_version")) {
      if (*v != "HTTP/1.1" && *v != "HTTP/1.0") f_.error(*f_.node("if_version"), "if_version must be \"HTTP/1.1\" or \"HTTP/1.0\"");
      e.if_version = *v;
    }
    if (auto same = f_.boolean("same_connection")) {
      if (e.index < 2) f_.error(*f_.node("same_connection"), "same_connection compares with the request before: it needs expect_request = 2 or more");
      e.same_connection = *same;
    }
    return e;
  }

  // expect_client = "success" | "failure"
  std::optional<StepAction> expect_client(const toml::node& value) {
    step::ExpectClient e;
    auto v = value.value<std::string>();
    if (!value.is_string() || (*v != "success" && *v != "failure")) {
      f_.error(value, "expect_client must be \"success\" (exit status 0 and the origin's answer on its output) "
                      "or \"failure\" (a non-zero exit status)");
      return std::nullopt;
    }
    e.success = *v == "success";
    if (auto o = f_.string("output_contains")) {
      if (auto err = check_placeholders(*o, names_)) f_.error(*f_.node("output_contains"), "output_contains: " + *err);
      e.output_contains = *o;
    }
    return e;
  }

  TomlFields& f_;
  const std::vector<OriginSpec>& origins_;
  bool h2_ = false;
  std::vector<std::string> names_;
  std::optional<std::string> stream_ref_;
};

}  // namespace

std::vector<Step> read_steps(const toml::node& node, const std::string& file,
                             const std::vector<OriginSpec>& origins, Protocol protocol, Role role,
                             Diagnostics& diags) {
  std::vector<Step> out;
  const toml::array* arr = node.as_array();
  if (!arr || arr->empty()) {
    diags.push_back({position_of(file, node.source()), "'steps' must be a non-empty array of tables ([[steps]])"});
    return out;
  }
  int index = 0;
  std::vector<std::string> streams;  // h2: the names connect steps gave their streams so far
  for (const toml::node& item : *arr) {
    ++index;
    const toml::table* t = item.as_table();
    if (!t) {
      diags.push_back({position_of(file, item.source()), "step " + std::to_string(index) + " must be a table"});
      continue;
    }
    TomlFields f(*t, file, diags, "step " + std::to_string(index));
    std::vector<std::string_view> found;
    for (auto a : kActions)
      if (t->contains(a)) found.push_back(a);
    if (found.empty() && misspelt_action(*t, f)) continue;  // "did you mean 'send'?" says it all
    if (found.size() != 1) {
      f.error_at_table(found.empty() ? "no action; a step has exactly one of: " + action_list()
                                     : "has " + std::to_string(found.size()) + " actions ('" +
                                           std::string(found[0]) + "', '" + std::string(found[1]) +
                                           "'); write one step per action");
      continue;
    }
    const bool allowed = role == Role::client ? among(kClientSteps, found[0])
                                              : found[0] != "expect_request" && found[0] != "expect_client";
    if (!allowed) {
      f.error(*f.node(found[0]), "'" + std::string(found[0]) + "' is " +
                                     (role == Role::client ? "a step of a proxy case; a client case (role = \"client\") only checks: "
                                                             "expect_request, expect_client, expect_origin"
                                                           : "a step of a client case; add role = \"client\" to the case"));
      f.allow(modifiers_of(found[0], protocol));
      f.allow({"within_ms", "only_if", "level", "requirement", "precondition"});
      f.reject_unknown();
      continue;
    }
    if (is_http2(protocol) ? among(kHttp1Only, found[0]) : among(kHttp2Only, found[0])) {
      f.error(*f.node(found[0]), "'" + std::string(found[0]) + "' is " +
                                     (is_http2(protocol) ? "an HTTP/1.1 step; this case has protocol = \"h2\""
                                                         : "an HTTP/2 step; add protocol = \"h2\" to the case"));
      f.allow(modifiers_of(found[0], Protocol::h2c));
      f.allow(modifiers_of(found[0], Protocol::http1));
      f.allow({"within_ms", "only_if", "level", "requirement", "precondition"});
      f.reject_unknown();
      continue;
    }
    StepReader reader(f, origins, protocol);
    Step s;
    s.keyword = std::string(found[0]);
    s.pos = f.pos_of_key(found[0]);
    if (is_http2(protocol)) {
      // Streams are named by the connect that opens them; a later step may name only those.
      if (auto name = f.string("stream")) {
        s.stream = *name;
        const bool opens = found[0] == "connect";
        const bool known = std::find(streams.begin(), streams.end(), *name) != streams.end();
        if (opens && known) f.error(*f.node("stream"), "stream '" + *name + "' is already open: name each connect's stream once");
        if (!opens && !known)
          f.error(*f.node("stream"), "stream '" + *name + "' is not opened by an earlier connect (opened: " +
                                         (streams.empty() ? std::string("none") : join(streams)) + ")");
        if (opens) streams.push_back(*name);
      }
    }
    const toml::node& value = *f.node(found[0]);
    std::size_t before = diags.size();
    auto action = reader.read(found[0], value);
    if (reader.takes_within(found[0]))
      if (auto w = f.integer("within_ms", false, 1, 600000)) s.within_ms = static_cast<int>(*w);
    if (auto cond = f.string("only_if")) {
      if (*cond == "tunnel") s.only_if = OnlyIf::tunnel;
      else if (*cond == "rejected") s.only_if = OnlyIf::rejected;
      else if (*cond == "response") s.only_if = OnlyIf::response;
      else if (*cond == "no_extended_connect" && is_http2(protocol)) s.only_if = OnlyIf::no_extended_connect;
      else f.error(*f.node("only_if"), std::string("only_if must be \"tunnel\" (after a 2xx), \"rejected\" (after a non-2xx or a close) "
                                       "or \"response\" (after any response head)") +
                                       (is_http2(protocol) ? ", or \"no_extended_connect\" (the proxy's SETTINGS do not enable RFC 8441)" : ""));
    }
    // A check's own grading; actions that check nothing have no level to carry.
    if (reader.takes_within(found[0])) {
      if (auto l = f.string("level")) {
        s.level_pos = f.pos_of(*f.node("level"));
        if (auto lv = level_from(*l)) s.level = *lv;
        else f.error(*f.node("level"), "level must be MUST, SHOULD, MAY or INFO, not '" + *l + "'");
      }
      if (auto r = f.string("requirement")) {
        s.requirement_pos = f.pos_of(*f.node("requirement"));
        s.requirement = *r;
      }
      // A precondition is graded at no level and cites no requirement: it only decides whether
      // the case reached what it tests.
      if (auto p = f.boolean("precondition")) {
        s.precondition = *p;
        if (*p && (s.level || s.requirement))
          f.error(*f.node("precondition"), "a precondition is graded at no level and cites no requirement: "
                                           "drop 'level' and 'requirement' from this step, or drop 'precondition'");
        if (*p && s.only_if != OnlyIf::always)
          f.error(*f.node("precondition"), "a precondition must hold in every run: drop 'only_if' from this step");
      }
    }
    if (auto fs = reader.frame_stream(); fs && std::find(streams.begin(), streams.end(), *fs) == streams.end())
      f.error(*f.node("frame"), "frame: stream '" + *fs + "' is not opened by an earlier connect (opened: " +
                                    (streams.empty() ? std::string("none") : join(streams)) + ")");
    else if (fs)
      s.stream = *fs;
    f.allow(modifiers_of(found[0], protocol));
    f.reject_unknown();
    if (action && diags.size() == before) {
      s.action = std::move(*action);
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace connectspec
