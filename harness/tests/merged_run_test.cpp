#include <catch2/catch.hpp>

#include <sstream>

#include "report/run/json_report.hpp"
#include "report/read/merged_run.hpp"
#include "sample_results.hpp"

using namespace connectspec;

namespace {

// A results file of the sample run, as one shard (or a whole run when shard is empty), holding
// the sample's results whose indices are given.
std::unique_ptr<LoadedResults> file(const std::string& path, const std::string& shard, std::vector<std::size_t> picks,
                                    int shard_of_cases = 3) {
  const testing::SampleResults f;
  RunInfo run = f.run;
  run.shard = shard;
  run.shard_of_cases = shard.empty() ? 0 : shard_of_cases;
  std::vector<CaseResult> results;
  for (auto i : picks) results.push_back(f.results[i]);
  std::ostringstream out;
  write_json_report(out, run, results);
  std::string error;
  auto loaded = read_results_text(out.str(), path, error);
  REQUIRE(loaded);
  return loaded;
}

std::string merge_error(std::vector<std::unique_ptr<LoadedResults>> inputs) {
  std::string error;
  CHECK_FALSE(merge_runs(inputs, error));
  return error;
}

template <typename... T>
std::vector<std::unique_ptr<LoadedResults>> files(T... f) {
  std::vector<std::unique_ptr<LoadedResults>> v;
  (v.push_back(std::move(f)), ...);
  return v;
}

}  // namespace

TEST_CASE("All shards of a run merge into one result in id order", "[report][merge]") {
  auto inputs = files(file("b.json", "2/2", {1}, 2), file("a.json", "1/2", {0}, 2));
  std::string error;
  auto merged = merge_runs(inputs, error);
  REQUIRE(merged);
  REQUIRE(merged->results.size() == 2);
  CHECK(merged->results[0].test->id == "target.port-missing");
  CHECK(merged->results[1].test->id == "target.port-zero");
  CHECK(merged->info.shard.empty());
  CHECK(merged->info.merged_from == std::vector<std::string>{"b.json", "a.json"});
  CHECK(merged->info.wall_ms == Approx(843.3));
}

TEST_CASE("Shards that do not make one whole run are refused, naming the files", "[report][merge]") {
  CHECK(merge_error(files(file("a.json", "1/3", {0}), file("c.json", "3/3", {1}))) == "shard 2/3 missing");
  CHECK(merge_error(files(file("a.json", "1/2", {0}), file("b.json", "1/2", {1}))) == "shard 1/2 is given twice: a.json and b.json");
  CHECK(merge_error(files(file("a.json", "1/2", {0}), file("b.json", "2/3", {1}))) ==
        "b.json (shard 2/3 of 3 cases) and a.json (shard 1/2 of 3 cases) are not shards of the same run");
  CHECK(merge_error(files(file("a.json", "1/2", {0}), file("w.json", "", {1}))) ==
        "w.json is a whole run, not a shard; merge all N shards of one run, or only whole runs");
  CHECK(merge_error(files(file("a.json", "1/2", {0}), file("b.json", "2/2", {1}, 3))) ==
        "the shards hold 2 cases but their run selected 3");
}

TEST_CASE("Whole runs merge when they hold different cases of one implementation", "[report][merge]") {
  std::string error;
  CHECK(merge_runs(files(file("a.json", "", {0}), file("b.json", "", {1})), error));
  CHECK(merge_error(files(file("a.json", "", {0, 1}), file("b.json", "", {1}))) == "case target.port-zero is in both a.json and b.json");
  auto other = file("o.json", "", {1});
  other->info.implementation = "squid 5.7";
  CHECK(merge_error(files(file("a.json", "", {0}), std::move(other))) ==
        "o.json tests squid 5.7 but a.json tests connectspec-refproxy 0.1.0");
}

TEST_CASE("Runs of one proxy in two protocols do not merge", "[report][merge][protocol]") {
  auto h2c = file("h.json", "", {1});
  h2c->info.protocol = Protocol::h2c;
  CHECK(merge_error(files(file("a.json", "", {0}), std::move(h2c))) ==
        "h.json tests connectspec-refproxy 0.1.0 over h2c but a.json tests connectspec-refproxy 0.1.0 over http/1.1");
}

TEST_CASE("A merged run keeps the bench of the one shard that has one, and none of several", "[report][merge][bench]") {
  std::string error;
  auto none = merge_runs(files(file("a.json", "1/2", {0}, 2), file("b.json", "2/2", {1}, 2)), error);
  REQUIRE(none);
  CHECK_FALSE(none->info.bench);

  auto benched = file("b.json", "2/2", {1}, 2);
  benched->info.bench = BenchResult{};
  benched->info.bench->implementation = "from b";
  auto one = merge_runs(files(file("a.json", "1/2", {0}, 2), std::move(benched)), error);
  REQUIRE(one);
  REQUIRE(one->info.bench);
  CHECK(one->info.bench->implementation == "from b");

  auto first = file("a.json", "1/2", {0}, 2);
  auto second = file("b.json", "2/2", {1}, 2);
  first->info.bench = BenchResult{};
  second->info.bench = BenchResult{};
  auto two = merge_runs(files(std::move(first), std::move(second)), error);
  REQUIRE(two);
  CHECK_FALSE(two->info.bench);
}
