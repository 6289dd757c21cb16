// A bench as JSON (docs/results-schema.md, "Bench"): the `bench` object of a results file, and
// the standalone file `connectspec bench --json` writes (schema "connectspec-bench/1").
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "model/bench_result.hpp"
#include "report/read/json_node.hpp"

namespace connectspec {

// The `bench` object. Times in ms are rounded to 0.01 ms, seconds to 0.00001 s, rates to 0.001;
// `setup` and `hold` are left out when they were not measured.
boost::json::object bench_json(const BenchResult& bench);

// The standalone file: {"schema": "connectspec-bench/1", "bench": {...}}, laid out like a
// results file. Reading it back gives what was written.
void write_bench_json(std::ostream& out, const BenchResult& bench);

// The `bench` object back (throws JsonSchemaError naming the field: "bench.setup.p50_ms: ...").
BenchResult read_bench(const JsonNode& bench);

// A bench file, or a results file that carries a bench (`run --bench`). Nothing on a problem, with
// `error` naming the file and where: "b.json:3:7: not valid JSON (...)", "b.json:
// bench.setup.p50_ms: expected a number", "r.json: no 'bench': ...".
std::optional<BenchResult> read_bench_text(const std::string& text, const std::string& path, std::string& error);
std::optional<BenchResult> read_bench_file(const std::string& path, std::string& error);

}  // namespace connectspec
