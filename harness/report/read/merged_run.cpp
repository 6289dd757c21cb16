#include "report/read/merged_run.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace connectspec {

namespace {

// Shards must be one complete split: the same N and the same selection size, each K once.
std::optional<std::string> check_shards(const std::vector<std::unique_ptr<LoadedResults>>& inputs) {
  std::size_t sharded = std::count_if(inputs.begin(), inputs.end(), [](const auto& in) { return !in->info.shard.empty(); });
  if (sharded == 0) return std::nullopt;
  if (sharded != inputs.size()) {
    for (const auto& in : inputs)
      if (in->info.shard.empty()) return in->path + " is a whole run, not a shard; merge all N shards of one run, or only whole runs";
  }
  const auto slash = [](const std::string& s) { return s.find('/'); };
  const std::string& first = inputs.front()->info.shard;
  const std::string count = first.substr(slash(first) + 1);
  std::map<int, std::string> seen;  // K -> file
  for (const auto& in : inputs) {
    const std::string& s = in->info.shard;
    if (s.substr(slash(s) + 1) != count || in->info.shard_of_cases != inputs.front()->info.shard_of_cases)
      return in->path + " (shard " + s + " of " + std::to_string(in->info.shard_of_cases) + " cases) and " + inputs.front()->path +
             " (shard " + first + " of " + std::to_string(inputs.front()->info.shard_of_cases) +
             " cases) are not shards of the same run";
    int k = std::stoi(s.substr(0, slash(s)));
    if (auto [it, fresh] = seen.emplace(k, in->path); !fresh)
      return "shard " + s + " is given twice: " + it->second + " and " + in->path;
  }
  const int n = std::stoi(count);
  std::string missing;
  for (int k = 1; k <= n; ++k)
    if (!seen.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + count;
  if (!missing.empty()) return "shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing + " missing";
  std::size_t cases = 0;
  for (const auto& in : inputs) cases += in->results.size();
  if (cases != static_cast<std::size_t>(inputs.front()->info.shard_of_cases))
    return "the shards hold " + std::to_string(cases) + " cases but their run selected " +
           std::to_string(inputs.front()->info.shard_of_cases);
  return std::nullopt;
}

}  // namespace

std::optional<MergedRun> merge_runs(const std::vector<std::unique_ptr<LoadedResults>>& inputs, std::string& error) {
  if (inputs.empty()) {
    error = "nothing to merge";
    return std::nullopt;
  }
  const LoadedResults& first = *inputs.front();
  for (const auto& in : inputs) {
    if (in->info.implementation != first.info.implementation || in->info.profile != first.info.profile ||
        in->info.protocol != first.info.protocol) {
      // The protocol is named only when it is what differs.
      const bool protocols_differ = in->info.protocol != first.info.protocol;
      auto what = [protocols_differ](const RunInfo& i) {
        return protocols_differ ? i.implementation + " over " + std::string(to_string(i.protocol)) : i.implementation;
      };
      error = in->path + " tests " + what(in->info) + " but " + first.path + " tests " + what(first.info);
      return std::nullopt;
    }
  }
  if (auto problem = check_shards(inputs)) {
    error = *problem;
    return std::nullopt;
  }
  MergedRun merged;
  merged.info = first.info;
  merged.info.shard.clear();
  merged.info.shard_of_cases = 0;
  merged.info.merged_from.clear();
  merged.info.wall_ms = 0;
  // Descriptor counts belong to one process; an interruption of any shard marks the whole.
  merged.info.open_fds_at_start = merged.info.open_fds_at_end = -1;
  merged.info.interrupted.clear();
  // A bench is one measurement of the proxy, made after one shard's cases: kept when only one
  // input has one; of several, none speaks for the whole run.
  merged.info.bench.reset();
  const auto benches = std::count_if(inputs.begin(), inputs.end(), [](const auto& in) { return in->info.bench.has_value(); });
  std::map<std::string, std::string> where;  // case id -> file
  for (const auto& in : inputs) {
    merged.info.merged_from.push_back(in->path);
    // Shards run side by side on different machines: the whole took as long as the longest.
    merged.info.wall_ms = std::max(merged.info.wall_ms, in->info.wall_ms);
    merged.info.started_at = std::min(merged.info.started_at, in->info.started_at);
    if (merged.info.interrupted.empty()) merged.info.interrupted = in->info.interrupted;
    merged.requirements.insert(in->requirements.begin(), in->requirements.end());
    for (const auto& r : in->results) {
      if (auto [it, fresh] = where.emplace(r.test->id, in->path); !fresh) {
        error = "case " + r.test->id + " is in both " + it->second + " and " + in->path;
        return std::nullopt;
      }
      merged.results.push_back(r);
    }
    if (benches == 1 && in->info.bench) merged.info.bench = in->info.bench;
  }
  std::stable_sort(merged.results.begin(), merged.results.end(),
                   [](const CaseResult& a, const CaseResult& b) { return a.test->id < b.test->id; });
  return merged;
}

}  // namespace connectspec
