#include "expect/expected_verdicts.hpp"

#include <algorithm>

#include "input/toml_fields.hpp"
#include "input/toml_file.hpp"

namespace connectspec {

namespace {

constexpr std::string_view kVerdicts[] = {"pass", "fail", "warn", "unmet", "skip", "error"};

bool known_verdict(std::string_view v) { return std::find(std::begin(kVerdicts), std::end(kVerdicts), v) != std::end(kVerdicts); }

// Whether the first run or a re-run of the case had this verdict.
bool seen_verdict(const CaseResult& r, const std::string& verdict) {
  if (to_string(r.first_outcome) == verdict) return true;
  return std::any_of(r.reruns.begin(), r.reruns.end(), [&](Outcome o) { return to_string(o) == verdict; });
}

}  // namespace

ExpectedVerdicts load_expected_verdicts(const std::filesystem::path& path, const std::vector<std::string>& known_ids,
                                        Diagnostics& problems) {
  ExpectedVerdicts out;
  std::string file = path.string();
  auto root = parse_toml_file(path, file, problems);
  if (!root) return out;
  TomlFields top(*root, file, problems);
  if (const toml::node* cases = top.node("cases")) {
    if (const toml::table* t = cases->as_table()) {
      for (auto&& [key, value] : *t) {
        std::string id(key.str());
        SourcePos where = position_of(file, key.source());
        if (std::find(known_ids.begin(), known_ids.end(), id) == known_ids.end()) {
          problems.push_back({where, "no case '" + id + "' in the suite (a stale entry?)"});
          continue;
        }
        const toml::table* entry = value.as_table();
        if (!entry) {
          problems.push_back({where, "cases.\"" + id + "\" must be a table { verdict = ..., reason = ... }"});
          continue;
        }
        TomlFields f(*entry, file, problems, "cases.\"" + id + "\"");
        ExpectedVerdict v;
        v.pos = where;
        if (auto verdict = f.string("verdict", true)) {
          v.verdict = *verdict;
          if (!known_verdict(v.verdict) || v.verdict == "pass")
            f.error(*f.node("verdict"), "verdict must be fail, warn, unmet, skip or error (passing cases are not listed), not '" +
                                            v.verdict + "'");
        }
        if (auto reason = f.string("reason", true)) {
          v.reason = *reason;
          if (v.reason.empty() || v.reason.find('\n') != std::string::npos)
            f.error(*f.node("reason"), "reason must be one non-empty line");
        }
        if (auto i = f.boolean("intermittent")) v.intermittent = *i;
        f.reject_unknown({"verdict", "reason", "intermittent"});
        out[id] = v;
      }
    } else {
      top.error(*cases, "'cases' must be a table of [cases.\"ID\"] entries");
    }
  }
  top.reject_unknown({"cases"});
  return out;
}

std::string verdict_of(const CaseResult& r) {
  if (r.outcome == Outcome::info) {
    // An INFO case's checks are graded `info` when what they record was not observed.
    bool unmet = std::any_of(r.checks.begin(), r.checks.end(), [](const CheckResult& c) {
      return c.grade == CheckResult::Grade::info || c.grade == CheckResult::Grade::failed;
    });
    return unmet ? "unmet" : "pass";
  }
  return std::string(to_string(r.outcome));
}

std::vector<VerdictDifference> compare_verdicts(const ExpectedVerdicts& expected, const std::vector<CaseResult>& results) {
  std::vector<VerdictDifference> diffs;
  for (const auto& r : results) {
    if (!r.test) continue;
    auto it = expected.find(r.test->id);
    std::string want = it == expected.end() ? "pass" : it->second.verdict;
    std::string got = verdict_of(r);
    if (want == got) continue;
    if (it != expected.end() && it->second.intermittent && got == "pass") continue;
    // An unstable case (--confirm saw its verdict change) matches an intermittent entry whose
    // verdict is one of those it got; against any other entry its best verdict is compared.
    if (it != expected.end() && it->second.intermittent && r.unstable && seen_verdict(r, want)) continue;
    diffs.push_back({r.test->id, want, got, it == expected.end() ? "" : it->second.reason, r.reason});
  }
  return diffs;
}

}  // namespace connectspec
