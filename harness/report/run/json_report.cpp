#include "report/run/json_report.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <set>

#include "report/bench/bench_json.hpp"
#include "report/shared/json_layout.hpp"
#include "report/shared/visible_bytes.hpp"

namespace connectspec {

namespace json = boost::json;

namespace {

// Tenths of a millisecond are the resolution of every timer we report; more digits only add
// noise to diffs between runs.
double round_ms(double ms) { return std::round(ms * 10) / 10; }

json::string text(std::string_view s) { return json::string(printable_text(s)); }

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(text(s));
  return out;
}

json::object event_json(const WireEvent& e) {
  json::object o;
  o["t_ms"] = round_ms(e.t_ms);
  o["leg"] = text(e.leg);
  o["dir"] = e.from_proxy ? "from_proxy" : "to_proxy";
  o["kind"] = to_string(e.kind);
  o["size"] = e.size;
  if (e.kind == WireEvent::Kind::data) o["data"] = visible_bytes(e.bytes);
  if (e.truncated) o["truncated"] = true;
  if (e.kind == WireEvent::Kind::note || e.kind == WireEvent::Kind::frame) o["text"] = text(e.text);
  return o;
}

json::object case_json(const CaseResult& r) {
  const Case& c = *r.test;
  json::object o;
  o["id"] = text(c.id);
  o["title"] = text(c.title);
  o["level"] = to_string(c.level);
  o["requirements"] = strings(c.requirements);
  o["rfc"] = text(c.rfc);
  o["tags"] = strings(c.tags);
  o["topic"] = text(c.topic);
  o["file"] = text(c.pos.str());
  o["outcome"] = to_string(r.outcome);
  o["reason"] = text(r.reason);
  o["duration_ms"] = round_ms(r.duration_ms);
  json::array checks;
  for (const auto& ch : r.checks) {
    json::object k;
    k["step"] = ch.step;
    k["keyword"] = text(ch.keyword);
    k["grade"] = to_string(ch.grade);
    k["level"] = to_string(ch.level);
    k["requirement"] = text(ch.requirement);
    k["expected"] = text(ch.expected);
    k["observed"] = text(ch.observed);
    k["at"] = text(ch.pos.str());
    if (ch.precondition) k["precondition"] = true;  // not met: why the case was not reached
    checks.emplace_back(std::move(k));
  }
  o["checks"] = std::move(checks);
  json::array transcript;
  for (const auto& e : r.transcript) transcript.emplace_back(event_json(e));
  o["transcript"] = std::move(transcript);
  if (!r.streams.empty()) {
    json::array streams;
    for (const auto& st : r.streams)
      streams.emplace_back(json::object{{"leg", text(st.leg)},
                                        {"dir", st.from_proxy ? "from_proxy" : "to_proxy"},
                                        {"size", st.size},
                                        {"sha256", st.sha256},
                                        {"head", visible_bytes(st.head)},
                                        {"tail", visible_bytes(st.tail)}});
    o["streams"] = std::move(streams);
  }
  if (!r.origins.empty()) {
    json::array origins;
    for (const auto& og : r.origins)
      origins.emplace_back(json::object{{"name", text(og.name)}, {"kind", text(og.kind)}, {"address", text(og.address)}});
    o["origins"] = std::move(origins);
  }
  if (!r.proxy_log_tail.empty()) o["proxy_log_tail"] = text(r.proxy_log_tail);
  if (!r.proxy_instance.empty()) o["proxy_instance"] = text(r.proxy_instance);
  // --confirm re-ran this case (it failed or warned): the kept run's verdict, the re-runs', and
  // whether they differed (then `outcome` is the best of them).
  if (!r.reruns.empty()) {
    json::array reruns;
    for (Outcome x : r.reruns) reruns.emplace_back(to_string(x));
    o["first_outcome"] = to_string(r.first_outcome);
    o["reruns"] = std::move(reruns);
    o["unstable"] = r.unstable;
  }
  return o;
}

}  // namespace

void write_json_report(std::ostream& out, const RunInfo& run, const std::vector<CaseResult>& results,
                       const RequirementNotes& notes) {
  json::object doc;
  doc["schema"] = kResultsSchema;
  json::array capabilities;
  for (const auto& c : run.capabilities) capabilities.emplace_back(text(c));
  doc["implementation"] = json::object{{"name", text(run.implementation)},
                                       {"target", text(run.target)},
                                       {"profile", run.profile.empty() ? json::value(nullptr) : json::value(text(run.profile))},
                                       {"protocol", text(std::string(to_string(run.protocol)))},
                                       {"role", text(std::string(to_string(run.role)))},
                                       {"capabilities", std::move(capabilities)}};
  json::object r;
  r["started_at"] = text(run.started_at);
  r["harness_version"] = text(run.harness_version);
  r["wall_ms"] = round_ms(run.wall_ms);
  r["strict"] = run.strict;
  r["timeout_scale"] = run.timeout_scale;
  r["jobs"] = run.jobs;
  if (!run.network.empty()) r["network"] = run.network;
  r["cases_dir"] = text(run.cases_dir);
  if (!run.options.empty()) r["options"] = strings(run.options);
  if (!run.shard.empty()) {
    r["shard"] = text(run.shard);
    r["shard_of_cases"] = run.shard_of_cases;
  }
  if (!run.merged_from.empty()) r["merged_from"] = strings(run.merged_from);
  if (!run.interrupted.empty()) r["interrupted"] = text(run.interrupted);
  if (!run.not_started.empty()) r["not_started"] = text(run.not_started);
  if (run.open_fds_at_start >= 0)
    r["open_fds"] = json::object{{"at_start", run.open_fds_at_start}, {"at_end", run.open_fds_at_end}};
  doc["run"] = std::move(r);
  std::set<std::string> cited;
  for (const auto& res : results) cited.insert(res.test->requirements.begin(), res.test->requirements.end());
  json::object requirements;
  for (const auto& [id, note] : notes)
    if (cited.count(id))
      requirements[id] = json::object{{"rfc", text(note.rfc)}, {"summary", text(note.summary)},
                                      {"keyword", text(note.keyword)}, {"role", text(note.role)}};
  if (!requirements.empty()) doc["requirements"] = std::move(requirements);
  const Summary s = summarize(results);
  json::object summary;
  summary["total"] = s.total();
  summary["pass"] = s.passed;
  summary["fail"] = s.failed;
  summary["warn"] = s.warned;
  summary["info"] = s.info;
  summary["skip"] = s.skipped;
  summary["error"] = s.errored;
  doc["summary"] = std::move(summary);
  if (run.bench) doc["bench"] = bench_json(*run.bench);
  json::array cases;
  for (const auto& res : results) cases.emplace_back(case_json(res));
  doc["cases"] = std::move(cases);
  write_json_layout(out, doc);
}

}  // namespace connectspec
