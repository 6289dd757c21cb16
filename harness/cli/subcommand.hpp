// One subcommand of the connectspec program: its flags, added to the program's parser by its own
// file (cli/<name>_command.cpp), and what runs it once they are parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace connectspec {

struct Subcommand {
  CLI::App* app = nullptr;
  std::function<int()> run;  // returns the process exit code
};

}  // namespace connectspec
