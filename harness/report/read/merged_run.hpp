// Joining results files into one run: the shards of a `run --shard K/N` spread over machines,
// or runs of different parts of the suite against the same implementation.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "report/read/results_reader.hpp"

namespace connectspec {

struct MergedRun {
  RunInfo info;
  RequirementNotes requirements;
  std::vector<CaseResult> results;  // in id order; each `test` points into one of the inputs
};

// Either every input is a shard of one N-way split and all N are there exactly once, or none is
// a shard; all test the same implementation; no case appears twice. On a problem returns
// nothing and says what, naming the files. The merged run carries a bench (`run --bench`) when
// exactly one input does.
std::optional<MergedRun> merge_runs(const std::vector<std::unique_ptr<LoadedResults>>& inputs, std::string& error);

}  // namespace connectspec
