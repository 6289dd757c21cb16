// `connectspec merge`: its flags; session/merge_session.hpp joins the files.
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "session/merge_session.hpp"

namespace connectspec {

Subcommand add_merge_command(CLI::App& app) {
  auto merge = std::make_shared<MergeOptions>();
  auto* cmd = app.add_subcommand("merge", "Join the JSON results of the shards of one run (run --shard K/N) into one result");
  cmd->add_option("results", merge->inputs, "Results files (JSON) to join")->required();
  add_report_flags(cmd, merge->reports, " of the joined results");
  return {cmd, [merge] { return merge_and_report(*merge); }};
}

}  // namespace connectspec
