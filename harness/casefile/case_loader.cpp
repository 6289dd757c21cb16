#include "casefile/case_loader.hpp"
#include "casefile/requirement_catalogue.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "input/name_forms.hpp"
#include "casefile/readers.hpp"
#include "casefile/upstream_script_reader.hpp"
#include "input/toml_file.hpp"
#include "model/capability.hpp"

namespace connectspec {

namespace {

constexpr std::string_view kTopKeys[] = {"id", "title", "level", "requirements", "rfc", "tags",
                                         "requires", "description", "timeout_ms", "origins", "steps",
                                         "upstream", "exclusive", "protocol", "role", "client", "replies"};

// role = "client": [client] says what the client fetches; the scripted proxy's answers are [[replies]].
void read_client_side(TomlFields& f, Case& c, const std::string& file, Diagnostics& problems) {
  const toml::node* client = f.node("client");
  const toml::table* t = client ? client->as_table() : nullptr;
  if (!t) {
    if (client) f.error(*client, "[client] must be a table: url = \"https://localhost/\", tunnel = \"web\"");
    else f.error_at_table("a client case needs a [client] table: url = \"https://localhost/\" (what the client fetches)");
    return;
  }
  TomlFields g(*t, file, problems, "client");
  c.client.pos = g.pos_of(*client);
  if (auto url = g.string("url", true)) c.client.url = *url;
  if (auto tunnel = g.string("tunnel")) c.client.tunnel = *tunnel;
  else if (c.origins.size() == 1) c.client.tunnel = c.origins.front().name;
  else g.error_at_table("tunnel names the origin every 2xx tunnels to (the case has " +
                        std::to_string(c.origins.size()) + " origins)");
  if (!c.client.tunnel.empty() && !c.find_origin(c.client.tunnel))
    g.error(g.has("tunnel") ? *g.node("tunnel") : *client, "tunnel: there is no origin '" + c.client.tunnel + "' in [origins]");
  if (auto cred = g.boolean("credentials")) c.client.credentials = *cred;
  g.reject_unknown({"url", "tunnel", "credentials"});
  if (const toml::node* replies = f.node("replies")) c.replies = read_replies(*replies, file, c.client.tunnel, problems);
  else f.error_at_table("a client case needs [[replies]]: how the proxy answers the client (status = 200 opens the tunnel)");
}

// How messages name the topic folder a file is in: its real path, as given.
std::string folder_of(const std::string& display_path, const std::string& topic) {
  std::string parent = std::filesystem::path(display_path).parent_path().string();
  return (parent.empty() ? topic : parent) + "/";
}

void read_metadata(TomlFields& f, const std::string& display_path, const std::string& topic, Case& c) {
  if (auto r = f.string("role")) {
    if (*r == "client") c.role = Role::client;
    else if (*r != "proxy") f.error(*f.node("role"), "role must be \"proxy\" (the default: the case grades a proxy) or \"client\", not '" + *r + "'");
  }
  if (auto id = f.string("id", true)) {
    c.id = *id;
    if (!is_case_id(c.id))
      f.error(*f.node("id"), "id '" + c.id + "' must look like topic.name (lowercase, digits, '-', '.')");
    else if (!topic.empty() && c.id.rfind(topic + ".", 0) != 0)
      f.error(*f.node("id"), "id '" + c.id + "' must start with '" + topic + ".' because the file is in " +
                                 folder_of(display_path, topic) + " (or move the file to the folder its id names)");
  }
  if (auto t = f.string("title", true)) c.title = *t;
  if (auto l = f.string("level", true)) {
    if (auto lv = level_from(*l)) c.level = *lv;
    else f.error(*f.node("level"), "level must be MUST, SHOULD, MAY or INFO, not '" + *l + "'");
  }
  if (auto r = f.strings("requirements", true)) {
    if (r->empty()) f.error(*f.node("requirements"), "requirements must name at least one requirement ID");
    for (const auto& id : *r)
      if (!is_requirement_id(id))
        f.error(*f.node("requirements"), "'" + id + "' is not a requirement ID like R9110-9.3.6-b");
    c.requirements = *r;
    c.requirements_pos = f.pos_of(*f.node("requirements"));
    c.level_pos = f.has("level") ? f.pos_of(*f.node("level")) : c.pos;
  }
  if (auto rfc = f.string("rfc")) c.rfc = *rfc;
  if (auto tags = f.strings("tags")) c.tags = *tags;
  if (auto needs = f.strings("requires")) {
    for (const auto& n : *needs)
      if (c.role == Role::client ? !is_client_capability(n) : !is_capability(n))
        f.error(*f.node("requires"), "unknown capability '" + n + "' (" +
                                         (c.role == Role::client ? "a client case: basic-auth, ipv6, two-users"
                                                                 : "basic-auth, upstream, port-policy, loopback-denied, http2") + ")");
    int variants = 0;
    for (const auto& n : *needs) variants += variant_for(n).has_value();
    if (variants > 1) f.error(*f.node("requires"), "a case can need at most one of basic-auth, upstream, port-policy, loopback-denied");
    c.needs = *needs;
  }
  if (auto d = f.string("description")) c.description = *d;
  if (auto t = f.integer("timeout_ms", false, 100, 600000)) c.timeout_ms = static_cast<int>(*t);
  if (auto x = f.boolean("exclusive")) c.exclusive = *x;
  if (auto p = f.string("protocol")) {
    // A case is written for HTTP/1.1 or for HTTP/2; the run picks h2c or TLS for the HTTP/2 ones.
    if (*p == "h2") c.protocol = Protocol::h2;
    else if (*p != "http/1.1") f.error(*f.node("protocol"), "protocol must be \"http/1.1\" (the default) or \"h2\", not '" + *p + "'");
  }
}

Case read_case(const toml::table& root, const std::string& display_path, const std::string& topic,
               Diagnostics& problems) {
  Case c;
  c.topic = topic;
  c.pos = {display_path, 1, 1};
  TomlFields f(root, display_path, problems);
  read_metadata(f, display_path, topic, c);
  if (const toml::node* origins = f.node_or_misspelt("origins")) c.origins = read_origins(*origins, display_path, problems);
  if (c.role == Role::client) {
    read_client_side(f, c, display_path, problems);
    if (c.protocol != Protocol::http1) f.error(*f.node("protocol"), "client cases are HTTP/1.1 for now: drop protocol");
  } else {
    for (auto key : {"client", "replies"})
      if (const toml::node* n = f.node(key))
        f.error(*n, std::string(key) + " belongs to a client case: add role = \"client\", or use [upstream.NAME] to script a next proxy");
  }
  if (const toml::node* upstream = f.node("upstream")) {
    c.upstream_scripts = read_upstream_scripts(*upstream, display_path, c.origins, problems);
    if (std::find(c.needs.begin(), c.needs.end(), "upstream") == c.needs.end())
      f.error(*upstream, "[upstream.*] scripts the built-in upstream: the case needs requires = [\"upstream\"]");
  }
  if (const toml::node* steps = f.node_or_misspelt("steps"))
    c.steps = read_steps(*steps, display_path, c.origins, c.protocol, c.role, problems);
  else
    f.error_at_table("missing required key 'steps' (an array of [[steps]] tables)");
  f.reject_unknown({std::begin(kTopKeys), std::end(kTopKeys)});
  std::erase_if(c.origins, [](const OriginSpec& o) { return o.unreadable; });
  return c;
}

}  // namespace

Case load_case_text(std::string_view text, const std::string& display_path,
                    const std::string& topic, Diagnostics& problems) {
  auto root = parse_toml(text, display_path, problems);
  if (!root) return {};
  return read_case(*root, display_path, topic, problems);
}

Case load_case_file(const std::filesystem::path& path, const std::string& display_path,
                    const std::string& topic, Diagnostics& problems) {
  auto text = read_text_file(path);
  if (!text) {
    problems.push_back({{display_path, 0, 0}, "cannot read the file"});
    return {};
  }
  return load_case_text(*text, display_path, topic, problems);
}

LoadedSuite load_suite(const std::filesystem::path& dir, const std::vector<std::string>& catalogues) {
  namespace fs = std::filesystem;
  LoadedSuite suite;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    suite.problems.push_back({{dir.string(), 0, 0}, "is not a directory of case files"});
    return suite;
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".toml") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> first_seen;  // id -> where
  std::string dir_name = dir.lexically_normal().string();
  if (dir_name.empty() || dir_name.back() != '/') dir_name += "/";
  std::size_t case_files = 0;
  for (const auto& file : files) {
    std::string display = file.lexically_normal().string();
    fs::path rel = file.lexically_relative(dir);
    if (rel == kCatalogueFile) continue;  // the requirement catalogue the cases cite, not a case
    ++case_files;
    // A file directly in the folder takes its topic from its id; one in a folder is in that topic.
    auto depth = std::distance(rel.begin(), rel.end());
    if (depth > 2) {
      suite.problems.push_back({{display, 1, 1}, "case files live directly in " + dir_name + " or one folder deep, in " +
                                                     dir_name + "<topic>/<name>.toml; move it to " + dir_name +
                                                     rel.begin()->string() + "/"});
      continue;
    }
    std::string topic = depth == 2 ? rel.begin()->string() : "";
    std::size_t before = suite.problems.size();
    Case c = load_case_file(file, display, topic, suite.problems);
    if (suite.problems.size() != before) continue;
    if (c.topic.empty()) c.topic = c.id.substr(0, c.id.find('.'));
    auto [it, fresh] = first_seen.emplace(c.id, display);
    if (!fresh) {
      suite.problems.push_back({{display, 1, 1}, "duplicate id '" + c.id + "' (also in " + it->second + ")"});
      continue;
    }
    suite.cases.push_back(std::move(c));
  }
  if (case_files == 0)
    suite.problems.push_back({{dir.string(), 0, 0}, "holds no case files (*.toml), directly or in topic folders"});
  std::sort(suite.cases.begin(), suite.cases.end(),
            [](const Case& a, const Case& b) { return a.id < b.id; });
  // Every command sees the same suite: cases must cite catalogued IDs at a level they support.
  std::vector<std::string> sources = catalogues;
  if (sources.empty() && fs::exists(dir / kCatalogueFile, ec)) sources.push_back((dir / kCatalogueFile).lexically_normal().string());
  if (sources.empty()) return suite;
  for (const auto& file : sources)
    suite.catalogue = load_requirement_catalogue(file, suite.problems, suite.catalogue.files.empty() ? nullptr : &suite.catalogue);
  check_cases_against(suite.catalogue, suite.cases, suite.problems);
  suite.requirement_notes = requirement_notes(suite.catalogue);
  return suite;
}

}  // namespace connectspec
