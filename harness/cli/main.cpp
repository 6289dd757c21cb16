// connectspec: a conformance test harness for HTTP CONNECT proxies. Each subcommand adds its own
// flags (cli/<name>_command.cpp); this file parses them and runs the one given.
#include <algorithm>
#include <csignal>
#include <iostream>
#include <vector>

#include "cli/commands.hpp"
#include "input/nearest_name.hpp"
#include "session/suite_version.hpp"

using namespace connectspec;

int main(int argc, char** argv) {
  // `connectspec run | head` must not kill the harness mid-run (it would leave the proxy under
  // test running): a closed stdout only makes console writes fail.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"connectspec: conformance tests for HTTP CONNECT proxies (RFC 9110 §9.3.6)", "connectspec"};
  // The version, and which suite a run would use (its folder and a digest of its files).
  app.set_version_flag("--version", [] { return version_text(); }, "Print the version and the suite's folder and digest, then exit");
  app.require_subcommand(1);

  const std::vector<Subcommand> subcommands{
      add_run_command(app),     add_list_command(app),  add_validate_command(app),
      add_coverage_command(app), add_merge_command(app), add_compare_command(app),
      add_bench_command(app),   add_bench_origin_command(app), add_mutants_command(app), add_client_command(app),
  };

  // A misspelt subcommand is named, with the one meant, instead of CLI11's "a subcommand is required".
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const Subcommand& s : subcommands)
      if (!s.app->get_group().empty()) names.push_back(s.app->get_name());  // not the hidden ones
    const std::string typed = argv[1];
    if (std::find(names.begin(), names.end(), typed) == names.end() && typed != "bench-origin") {
      std::cerr << "connectspec: unknown subcommand '" << typed << "'";
      if (auto meant = nearest_name(typed, names)) std::cerr << "; did you mean '" << *meant << "'?";
      std::cerr << " (connectspec --help lists them)\n";
      return kExitUsage;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  for (const Subcommand& s : subcommands)
    if (s.app->parsed()) return s.run();
  return kExitUsage;
}
