#include "report/read/results_reader.hpp"

#include "report/bench/bench_json.hpp"
#include "report/read/json_node.hpp"
#include "report/run/json_report.hpp"

namespace connectspec {

namespace {

constexpr Outcome kOutcomes[] = {Outcome::pass, Outcome::fail, Outcome::warn, Outcome::info, Outcome::skip, Outcome::error};
constexpr Level kLevels[] = {Level::must, Level::should, Level::may, Level::info};
using K = WireEvent::Kind;
constexpr K kKinds[] = {K::connect, K::accept, K::data, K::eof, K::reset, K::close, K::note, K::frame};
using G = CheckResult::Grade;
constexpr G kGrades[] = {G::ok, G::failed, G::warned, G::info, G::noted, G::not_reached};
constexpr G kGradesV1[] = {G::ok, G::failed, G::warned, G::info};

// A connectspec-results/1 check was graded at its case's level: "failed" meant not met (a
// warning in a SHOULD case, a record in a MAY or INFO one) and "warned" met, but not as
// preferred. In /2 words, with the case's level and first requirement as its own.
void upgrade_v1_check(CheckResult& ch, const Case& c) {
  ch.level = c.level;
  ch.requirement = c.requirements.empty() ? "" : c.requirements.front();
  if (ch.grade == G::warned) ch.grade = G::noted;
  else if (ch.grade == G::failed && c.level == Level::should) ch.grade = G::warned;
  else if (ch.grade == G::failed && (c.level == Level::may || c.level == Level::info)) ch.grade = G::info;
}

// "path:line:col", where the path itself may hold colons.
SourcePos position(const JsonNode& n) {
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

bool direction(const JsonNode& n) {
  const std::string d = n.str();
  if (d == "from_proxy") return true;
  if (d == "to_proxy") return false;
  n.fail("expected \"from_proxy\" or \"to_proxy\"");
}

WireEvent read_event(const JsonNode& n) {
  WireEvent e;
  e.t_ms = n["t_ms"].number();
  e.leg = n["leg"].str();
  e.from_proxy = direction(n["dir"]);
  e.kind = named(n["kind"], kKinds, "event kind");
  e.size = static_cast<std::uint64_t>(n["size"].integer());
  if (e.kind == K::data) e.bytes = n["data"].bytes();
  e.truncated = n.has("truncated") && n["truncated"].boolean();
  if (e.kind == K::note || e.kind == K::frame) e.text = n["text"].str();
  return e;
}

StreamSummary read_stream(const JsonNode& n) {
  StreamSummary s;
  s.leg = n["leg"].str();
  s.from_proxy = direction(n["dir"]);
  s.size = static_cast<std::uint64_t>(n["size"].integer());
  s.sha256 = n["sha256"].str();
  s.head = n["head"].bytes();
  s.tail = n["tail"].bytes();
  return s;
}

void read_case(const JsonNode& n, LoadedResults& into, bool v1) {
  Case& c = into.cases.emplace_back();
  c.id = n["id"].str();
  c.title = n["title"].str();
  c.level = named(n["level"], kLevels, "level");
  c.requirements = n["requirements"].strings();
  c.rfc = n["rfc"].str();
  c.tags = n["tags"].strings();
  c.topic = n["topic"].str();
  c.pos = position(n["file"]);
  CaseResult& r = into.results.emplace_back();
  r.test = &c;
  r.outcome = named(n["outcome"], kOutcomes, "outcome");
  r.reason = n["reason"].str();
  r.duration_ms = n["duration_ms"].number();
  for (const auto& k : n["checks"].items()) {
    CheckResult ch;
    ch.step = static_cast<std::size_t>(k["step"].integer());
    ch.keyword = k["keyword"].str();
    ch.grade = v1 ? named(k["grade"], kGradesV1, "grade") : named(k["grade"], kGrades, "grade");
    ch.expected = k["expected"].str();
    ch.observed = k["observed"].str();
    ch.pos = position(k["at"]);
    ch.precondition = k.has("precondition") && k["precondition"].boolean();
    if (v1) {
      upgrade_v1_check(ch, c);
    } else {
      ch.level = named(k["level"], kLevels, "level");
      ch.requirement = k["requirement"].str();
    }
    r.checks.push_back(std::move(ch));
  }
  for (const auto& e : n["transcript"].items()) r.transcript.push_back(read_event(e));
  if (n.has("streams"))
    for (const auto& s : n["streams"].items()) r.streams.push_back(read_stream(s));
  if (n.has("origins"))  // absent from files written before it was recorded
    for (const auto& og : n["origins"].items())
      r.origins.push_back(OriginAddress{og["name"].str(), og["kind"].str(), og["address"].str()});
  r.proxy_log_tail = n.str_or("proxy_log_tail", "");
  r.proxy_instance = n.str_or("proxy_instance", "");
  if (n.has("reruns")) {  // --confirm's re-runs (absent: not re-run)
    for (const auto& x : n["reruns"].items()) r.reruns.push_back(named(x, kOutcomes, "outcome"));
    r.first_outcome = named(n["first_outcome"], kOutcomes, "outcome");
    r.unstable = n["unstable"].boolean();
  }
}

void read_document(const JsonNode& doc, LoadedResults& into) {
  const std::string schema = doc["schema"].str();
  if (schema != kResultsSchema && schema != kResultsSchemaV1)
    throw JsonSchemaError("schema: '" + schema + "' is not a results file this version reads (" + std::string(kResultsSchema) +
                          " or " + std::string(kResultsSchemaV1) + ")");
  const bool v1 = schema == kResultsSchemaV1;
  JsonNode impl = doc["implementation"];
  RunInfo& info = into.info;
  info.implementation = impl["name"].str();
  info.target = impl["target"].str();
  info.profile = impl.str_or("profile", "");
  // Files written before runs spoke HTTP/2 have no protocol: they spoke HTTP/1.1.
  const std::string protocol = impl.str_or("protocol", "http/1.1");
  if (auto p = protocol_named(protocol)) info.protocol = *p;
  else throw JsonSchemaError("implementation.protocol: '" + protocol + "' is not http/1.1, h2c or h2");
  // Files written before client runs graded a proxy.
  const std::string role = impl.str_or("role", "proxy");
  if (role == "client") info.role = Role::client;
  else if (role != "proxy") throw JsonSchemaError("implementation.role: '" + role + "' is not proxy or client");
  info.capabilities = impl["capabilities"].strings();
  JsonNode run = doc["run"];
  info.started_at = run["started_at"].str();
  info.harness_version = run["harness_version"].str();
  info.wall_ms = run["wall_ms"].number();
  info.strict = run["strict"].boolean();
  info.timeout_scale = run["timeout_scale"].number();
  info.jobs = static_cast<int>(run["jobs"].integer());
  if (run.has("network")) info.network = run["network"].str();
  info.cases_dir = run["cases_dir"].str();
  if (run.has("options")) info.options = run["options"].strings();
  info.shard = run.str_or("shard", "");
  if (!info.shard.empty()) info.shard_of_cases = static_cast<int>(run["shard_of_cases"].integer());
  if (run.has("merged_from")) info.merged_from = run["merged_from"].strings();
  info.interrupted = run.str_or("interrupted", "");
  info.not_started = run.str_or("not_started", "");
  if (run.has("open_fds")) {
    info.open_fds_at_start = static_cast<int>(run["open_fds"]["at_start"].integer());
    info.open_fds_at_end = static_cast<int>(run["open_fds"]["at_end"].integer());
  }
  if (doc.has("requirements"))
    for (const auto& [id, note] : doc["requirements"].members())
      into.requirements[id] = RequirementNote{note["rfc"].str(), note["summary"].str(), note.str_or("keyword", ""),
                                              note.str_or("role", "")};
  if (doc.has("bench")) info.bench = read_bench(doc["bench"]);
  for (const auto& c : doc["cases"].items()) read_case(c, into, v1);
  // The summary is derived data; a file whose counts disagree with its cases was edited or cut.
  const Summary s = summarize(into.results);
  JsonNode sum = doc["summary"];
  const std::pair<const char*, int> counts[] = {{"total", s.total()}, {"pass", s.passed}, {"fail", s.failed}, {"warn", s.warned},
                                                {"info", s.info},     {"skip", s.skipped}, {"error", s.errored}};
  for (const auto& [key, n] : counts)
    if (sum[key].integer() != n)
      throw JsonSchemaError("summary." + std::string(key) + ": says " + std::to_string(sum[key].integer()) +
                            " but the cases count " + std::to_string(n));
}

}  // namespace

std::unique_ptr<LoadedResults> read_results_text(const std::string& text, const std::string& path, std::string& error) {
  auto doc = parse_json_text(text, path, error);
  if (!doc) return nullptr;
  auto loaded = std::make_unique<LoadedResults>();
  loaded->path = path;
  try {
    read_document(JsonNode(*doc, ""), *loaded);
  } catch (const JsonSchemaError& e) {
    error = path + ": " + e.what();
    return nullptr;
  }
  return loaded;
}

std::unique_ptr<LoadedResults> read_results_file(const std::string& path, std::string& error) {
  auto text = read_text_file(path, error);
  return text ? read_results_text(*text, path, error) : nullptr;
}

}  // namespace connectspec
