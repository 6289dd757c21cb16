#include "report/results_reader.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "report/visible_bytes.hpp"

namespace connectspec {

namespace json = boost::json;

namespace {

// A schema problem at a JSON path ("cases[3].outcome"); turned into the one-line error.
struct SchemaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <typename E, std::size_t N>
E named(const std::string& where, std::string_view name, const E (&all)[N], std::string_view what) {
  for (E e : all)
    if (to_string(e) == name) return e;
  throw SchemaError(where + ": unknown " + std::string(what) + " '" + std::string(name) + "'");
}

constexpr Outcome kOutcomes[] = {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::info, Outcome::skip, Outcome::error};
constexpr Level kLevels[] = {Level::must, Level::should, Level::may, Level::info};
using K = WireEvent::Kind;
constexpr K kKinds[] = {K::connect, K::accept, K::data, K::eof, K::reset, K::close, K::note};
using G = CheckResult::Grade;
constexpr G kGrades[] = {G::ok, G::failed, G::warned, G::info};

// Typed access that names the path of whatever is missing or mistyped.
class Node {
 public:
  Node(const json::value& v, std::string where) : v_(v), where_(std::move(where)) {}

  const std::string& where() const { return where_; }
  [[noreturn]] void fail(const std::string& what) const { throw SchemaError(where_.empty() ? what : where_ + ": " + what); }
  bool has(std::string_view key) const { return object().contains(key) && !object().at(key).is_null(); }
  Node operator[](std::string_view key) const {
    auto it = object().find(key);
    if (it == object().end()) fail("missing '" + std::string(key) + "'");
    return Node(it->value(), child(key));
  }
  std::string str() const {
    if (!v_.is_string()) fail("expected a string");
    return std::string(v_.get_string());
  }
  std::string str_or(std::string_view key, std::string fallback) const { return has(key) ? (*this)[key].str() : fallback; }
  double number() const {
    if (v_.is_double()) return v_.get_double();
    if (v_.is_int64()) return static_cast<double>(v_.get_int64());
    if (v_.is_uint64()) return static_cast<double>(v_.get_uint64());
    fail("expected a number");
  }
  std::int64_t integer() const {
    if (v_.is_int64()) return v_.get_int64();
    if (v_.is_uint64()) return static_cast<std::int64_t>(v_.get_uint64());
    fail("expected an integer");
  }
  bool boolean() const {
    if (!v_.is_bool()) fail("expected true or false");
    return v_.get_bool();
  }
  std::vector<Node> items() const {
    if (!v_.is_array()) fail("expected an array");
    std::vector<Node> out;
    std::size_t i = 0;
    for (const auto& e : v_.get_array()) out.emplace_back(e, where_ + "[" + std::to_string(i++) + "]");
    return out;
  }
  std::vector<std::string> strings() const {
    std::vector<std::string> out;
    for (const auto& n : items()) out.push_back(n.str());
    return out;
  }
  std::vector<std::pair<std::string, Node>> members() const {
    std::vector<std::pair<std::string, Node>> out;
    for (const auto& kv : object()) out.emplace_back(std::string(kv.key()), Node(kv.value(), child(kv.key())));
    return out;
  }
  std::string bytes() const {
    auto decoded = bytes_from_visible(str());
    if (!decoded) fail("not in the visible-bytes notation (docs/results-schema.md)");
    return *decoded;
  }

 private:
  const json::object& object() const {
    if (!v_.is_object()) fail("expected an object");
    return v_.get_object();
  }
  std::string child(std::string_view key) const { return where_.empty() ? std::string(key) : where_ + "." + std::string(key); }

  const json::value& v_;
  std::string where_;
};

// "path:line:col", where the path itself may hold colons.
SourcePos position(const Node& n) {
  const std::string s = n.str();
  SourcePos pos;
  auto col = s.rfind(':');
  auto line = col == std::string::npos || col == 0 ? std::string::npos : s.rfind(':', col - 1);
  if (line == std::string::npos) {
    pos.file = s;
    return pos;
  }
  try {
    pos.line = std::stoi(s.substr(line + 1, col - line - 1));
    pos.column = std::stoi(s.substr(col + 1));
    pos.file = s.substr(0, line);
  } catch (const std::exception&) {
    pos = SourcePos{s, 0, 0};
  }
  return pos;
}

bool direction(const Node& n) {
  const std::string d = n.str();
  if (d == "from_proxy") return true;
  if (d == "to_proxy") return false;
  throw SchemaError(n.where() + ": expected \"from_proxy\" or \"to_proxy\"");
}

WireEvent read_event(const Node& n) {
  WireEvent e;
  e.t_ms = n["t_ms"].number();
  e.leg = n["leg"].str();
  e.from_proxy = direction(n["dir"]);
  e.kind = named(n["kind"].where(), n["kind"].str(), kKinds, "event kind");
  e.size = static_cast<std::uint64_t>(n["size"].integer());
  if (e.kind == K::data) e.bytes = n["data"].bytes();
  e.truncated = n.has("truncated") && n["truncated"].boolean();
  if (e.kind == K::note) e.text = n["text"].str();
  return e;
}

StreamSummary read_stream(const Node& n) {
  StreamSummary s;
  s.leg = n["leg"].str();
  s.from_proxy = direction(n["dir"]);
  s.size = static_cast<std::uint64_t>(n["size"].integer());
  s.sha256 = n["sha256"].str();
  s.head = n["head"].bytes();
  s.tail = n["tail"].bytes();
  return s;
}

void read_case(const Node& n, LoadedResults& into) {
  Case& c = into.cases.emplace_back();
  c.id = n["id"].str();
  c.title = n["title"].str();
  c.level = named(n["level"].where(), n["level"].str(), kLevels, "level");
  c.requirements = n["requirements"].strings();
  c.rfc = n["rfc"].str();
  c.tags = n["tags"].strings();
  c.topic = n["topic"].str();
  c.pos = position(n["file"]);
  CaseResult& r = into.results.emplace_back();
  r.test = &c;
  r.outcome = named(n["outcome"].where(), n["outcome"].str(), kOutcomes, "outcome");
  r.reason = n["reason"].str();
  r.duration_ms = n["duration_ms"].number();
  for (const auto& k : n["checks"].items()) {
    CheckResult ch;
    ch.step = static_cast<std::size_t>(k["step"].integer());
    ch.keyword = k["keyword"].str();
    ch.grade = named(k["grade"].where(), k["grade"].str(), kGrades, "grade");
    ch.expected = k["expected"].str();
    ch.observed = k["observed"].str();
    ch.pos = position(k["at"]);
    r.checks.push_back(std::move(ch));
  }
  for (const auto& e : n["transcript"].items()) r.transcript.push_back(read_event(e));
  if (n.has("streams"))
    for (const auto& s : n["streams"].items()) r.streams.push_back(read_stream(s));
  r.proxy_log_tail = n.str_or("proxy_log_tail", "");
  r.proxy_instance = n.str_or("proxy_instance", "");
}

void read_document(const Node& doc, LoadedResults& into) {
  const std::string schema = doc["schema"].str();
  if (schema != "connectspec-results/1")
    throw SchemaError("schema: '" + schema + "' is not a results file this version reads (connectspec-results/1)");
  Node impl = doc["implementation"];
  RunInfo& info = into.info;
  info.implementation = impl["name"].str();
  info.target = impl["target"].str();
  info.profile = impl.str_or("profile", "");
  info.capabilities = impl["capabilities"].strings();
  Node run = doc["run"];
  info.started_at = run["started_at"].str();
  info.harness_version = run["harness_version"].str();
  info.wall_ms = run["wall_ms"].number();
  info.strict = run["strict"].boolean();
  info.timeout_scale = run["timeout_scale"].number();
  info.jobs = static_cast<int>(run["jobs"].integer());
  info.cases_dir = run["cases_dir"].str();
  info.shard = run.str_or("shard", "");
  if (!info.shard.empty()) info.shard_of_cases = static_cast<int>(run["shard_of_cases"].integer());
  if (run.has("merged_from")) info.merged_from = run["merged_from"].strings();
  if (doc.has("requirements"))
    for (const auto& [id, note] : doc["requirements"].members())
      into.requirements[id] = RequirementNote{note["rfc"].str(), note["summary"].str()};
  for (const auto& c : doc["cases"].items()) read_case(c, into);
  // The summary is derived data; a file whose counts disagree with its cases was edited or cut.
  const Summary s = summarize(into.results);
  Node sum = doc["summary"];
  const std::pair<const char*, int> counts[] = {{"total", s.total()}, {"pass", s.passed}, {"fail", s.failed}, {"warn", s.warned},
                                                {"info", s.info},     {"skip", s.skipped}, {"error", s.errored}};
  for (const auto& [key, n] : counts)
    if (sum[key].integer() != n)
      throw SchemaError("summary." + std::string(key) + ": says " + std::to_string(sum[key].integer()) + " but the cases count " +
                        std::to_string(n));
}

std::pair<int, int> line_and_column(const std::string& text, std::size_t offset) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
      ++column;  // columns count characters, not UTF-8 continuation bytes
    }
  }
  return {line, column};
}

}  // namespace

std::unique_ptr<LoadedResults> read_results_text(const std::string& text, const std::string& path, std::string& error) {
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    auto [line, column] = line_and_column(text, used);
    error = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": not valid JSON (" + ec.message() + ")";
    return nullptr;
  }
  json::value doc = parser.release();
  auto loaded = std::make_unique<LoadedResults>();
  loaded->path = path;
  try {
    read_document(Node(doc, ""), *loaded);
  } catch (const SchemaError& e) {
    error = path + ": " + e.what();
    return nullptr;
  }
  return loaded;
}

std::unique_ptr<LoadedResults> read_results_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot be read";
    return nullptr;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return read_results_text(text.str(), path, error);
}

}  // namespace connectspec
