#include "report/bench/bench_json.hpp"

#include <cmath>
#include <limits>

#include "report/shared/json_layout.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace json = boost::json;

namespace {

constexpr std::string_view kBenchSchema = "connectspec-bench/1";
constexpr std::string_view kResultsSchema = "connectspec-results/2";
constexpr std::string_view kResultsSchemaV1 = "connectspec-results/1";  // still read: its bench is the same

// Dividing by the scale (not multiplying by its inverse) gives the double nearest to k/scale, which
// is written in its short form ("0.3", not "0.30000000000000004"). A measurement over an empty
// window can divide by zero; 0 says "nothing measured" where a NaN would be written as null and
// could not be read back.
double rounded(double v, double scale) { return std::isfinite(v) ? std::round(v * scale) / scale : 0; }
double ms(double v) { return rounded(v, 100); }
double seconds(double v) { return rounded(v, 100000); }
double rate(double v) { return rounded(v, 1000); }

json::string text(std::string_view s) { return json::string(printable_text(s)); }

json::object params_json(const BenchParams& p) {
  json::object o;
  o["mode"] = text(p.mode);
  o["protocol"] = text(p.protocol);
  if (p.protocol != "http/1.1") {
    o["connections"] = p.connections;
    o["one_connection"] = p.one_connection;
  }
  o["concurrency"] = p.concurrency;
  o["tunnels"] = p.tunnels;
  o["hold"] = p.hold;
  o["budget_ms"] = ms(p.budget_ms);
  o["warmup_ms"] = ms(p.warmup_ms);
  o["chunk_bytes"] = p.chunk_bytes;
  o["cores"] = p.cores;
  return o;
}

json::object setup_json(const SetupBench& s) {
  json::object o;
  o["tunnels"] = s.tunnels;
  o["failures"] = s.failures;
  o["seconds"] = seconds(s.seconds);
  o["per_second"] = rate(s.per_second);
  o["p50_ms"] = ms(s.p50_ms);
  o["p90_ms"] = ms(s.p90_ms);
  o["p99_ms"] = ms(s.p99_ms);
  o["max_ms"] = ms(s.max_ms);
  o["first_failure"] = text(s.first_failure);
  return o;
}

json::object throughput_json(const ThroughputBench& t) {
  json::object o;
  o["direction"] = text(t.direction);
  o["tunnels"] = t.tunnels;
  o["bytes"] = t.bytes;
  o["seconds"] = seconds(t.seconds);
  o["bytes_per_second"] = rate(t.bytes_per_second);
  o["failure"] = text(t.failure);
  return o;
}

json::object hold_json(const HoldBench& h) {
  json::object o;
  o["requested"] = h.requested;
  if (h.limit) o["limit"] = *h.limit;
  o["opened"] = h.opened;
  o["alive"] = h.alive;
  o["open_seconds"] = seconds(h.open_seconds);
  o["ping_ms"] = ms(h.ping_ms);
  o["first_failure"] = text(h.first_failure);
  return o;
}

int small_int(const JsonNode& n) {
  const std::int64_t v = n.integer();
  if (v < 0 || v > std::numeric_limits<int>::max())
    n.fail("expected an integer from 0 to " + std::to_string(std::numeric_limits<int>::max()));
  return static_cast<int>(v);
}

std::string one_of(const JsonNode& n, std::initializer_list<std::string_view> names, std::string_view what) {
  std::string value = n.str();
  for (auto name : names)
    if (value == name) return value;
  n.fail("unknown " + std::string(what) + " '" + value + "'");
}

BenchParams read_params(const JsonNode& n) {
  BenchParams p;
  p.mode = one_of(n["mode"], {"proxy", "direct", "relay"}, "mode");
  // Files written before the bench spoke HTTP/2 have no protocol: they spoke HTTP/1.1.
  p.protocol = n.has("protocol") ? one_of(n["protocol"], {"http/1.1", "h2c", "h2"}, "protocol") : "http/1.1";
  if (n.has("connections")) p.connections = small_int(n["connections"]);
  if (n.has("one_connection")) p.one_connection = n["one_connection"].boolean();
  p.concurrency = small_int(n["concurrency"]);
  p.tunnels = small_int(n["tunnels"]);
  p.hold = small_int(n["hold"]);
  p.budget_ms = n["budget_ms"].number();
  p.warmup_ms = n["warmup_ms"].number();
  p.chunk_bytes = small_int(n["chunk_bytes"]);
  p.cores = small_int(n["cores"]);
  return p;
}

SetupBench read_setup(const JsonNode& n) {
  SetupBench s;
  s.tunnels = n["tunnels"].count();
  s.failures = n["failures"].count();
  s.seconds = n["seconds"].number();
  s.per_second = n["per_second"].number();
  s.p50_ms = n["p50_ms"].number();
  s.p90_ms = n["p90_ms"].number();
  s.p99_ms = n["p99_ms"].number();
  s.max_ms = n["max_ms"].number();
  s.first_failure = n["first_failure"].str();
  return s;
}

ThroughputBench read_throughput(const JsonNode& n) {
  ThroughputBench t;
  t.direction = one_of(n["direction"], {"upload", "download"}, "direction");
  t.tunnels = small_int(n["tunnels"]);
  t.bytes = n["bytes"].count();
  t.seconds = n["seconds"].number();
  t.bytes_per_second = n["bytes_per_second"].number();
  t.failure = n["failure"].str();
  return t;
}

HoldBench read_hold(const JsonNode& n) {
  HoldBench h;
  h.requested = small_int(n["requested"]);
  if (n.has("limit")) h.limit = small_int(n["limit"]);
  h.opened = small_int(n["opened"]);
  h.alive = small_int(n["alive"]);
  h.open_seconds = n["open_seconds"].number();
  h.ping_ms = n["ping_ms"].number();
  h.first_failure = n["first_failure"].str();
  return h;
}

}  // namespace

json::object bench_json(const BenchResult& b) {
  json::object o;
  o["implementation"] = text(b.implementation);
  o["target"] = text(b.target);
  o["started_at"] = text(b.started_at);
  o["harness_version"] = text(b.harness_version);
  o["wall_ms"] = ms(b.wall_ms);
  o["params"] = params_json(b.params);
  if (b.setup) o["setup"] = setup_json(*b.setup);
  json::array throughput;
  for (const auto& t : b.throughput) throughput.emplace_back(throughput_json(t));
  o["throughput"] = std::move(throughput);
  if (b.hold) o["hold"] = hold_json(*b.hold);
  return o;
}

void write_bench_json(std::ostream& out, const BenchResult& bench) {
  json::object doc;
  doc["schema"] = kBenchSchema;
  doc["bench"] = bench_json(bench);
  write_json_layout(out, doc);
}

BenchResult read_bench(const JsonNode& n) {
  BenchResult b;
  b.implementation = n["implementation"].str();
  b.target = n["target"].str();
  b.started_at = n["started_at"].str();
  b.harness_version = n["harness_version"].str();
  b.wall_ms = n["wall_ms"].number();
  b.params = read_params(n["params"]);
  if (n.has("setup")) b.setup = read_setup(n["setup"]);
  for (const auto& t : n["throughput"].items()) b.throughput.push_back(read_throughput(t));
  if (n.has("hold")) b.hold = read_hold(n["hold"]);
  return b;
}

std::optional<BenchResult> read_bench_text(const std::string& text, const std::string& path, std::string& error) {
  auto doc = parse_json_text(text, path, error);
  if (!doc) return std::nullopt;
  try {
    const JsonNode root(*doc, "");
    const std::string schema = root["schema"].str();
    const bool results = schema == kResultsSchema || schema == kResultsSchemaV1;
    if (schema != kBenchSchema && !results)
      throw JsonSchemaError("schema: '" + schema + "' is neither a bench file (connectspec-bench/1) nor a results file (" +
                            std::string(kResultsSchema) + ")");
    if (!root.has("bench"))
      throw JsonSchemaError(results ? "no 'bench': the run was made without --bench" : "missing 'bench'");
    return read_bench(root["bench"]);
  } catch (const JsonSchemaError& e) {
    error = path + ": " + e.what();
    return std::nullopt;
  }
}

std::optional<BenchResult> read_bench_file(const std::string& path, std::string& error) {
  auto text = read_text_file(path, error);
  return text ? read_bench_text(*text, path, error) : std::nullopt;
}

}  // namespace connectspec
