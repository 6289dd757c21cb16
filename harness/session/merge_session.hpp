// `connectspec merge`: join the JSON of the shards of one run (or of runs of different parts of
// the suite against one implementation) into one result, and write its reports.

#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace connectspec {

struct MergeOptions {
  std::vector<std::string> inputs;
  std::map<std::string, std::string, std::less<>> reports;  // run report format name -> path
};

// Exit 0 when every MUST case of the merged run passed, 1 when any failed or errored (as `run`),
// 2 when an input cannot be read or the inputs do not belong together.
int merge_and_report(const MergeOptions& opts);

}  // namespace connectspec
