// `connectspec client` from its options to its exit code: the client suite (cases with
// role = "client") loaded and selected, the client under test resolved (a profile of
// fixtures/clients, a --command template, or the reference client with its faults), each case
// run with connectspec as the proxy and the origins, the same reports as `run`, and with
// --expect the verdicts compared with the expected ones.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "session/suite_selection.hpp"

namespace connectspec {

struct ClientOptions {
  Selection selection;
  std::string client;                        // a profile NAME or folder; empty = the reference client
  std::string command;                       // --command: a template instead of a profile
  std::string two_users_command;             // --two-users-command: with --command, its two-user form
  std::string clients_dir;                   // where NAMEs are looked up; empty = fixtures/clients
  std::vector<std::string> capabilities;     // with --command: what the client supports
  std::vector<std::string> schemes;          // with --command: the URL schemes it fetches (default https)
  std::vector<std::string> refclient_faults; // faults of the reference client
  std::string refclient;                     // path of connectspec-refclient; empty = next to connectspec
  std::string expect;
  int jobs = 4;
  double timeout_scale = 1.0;
  bool strict = false;
  bool verbose = false;
  bool quiet = false;
  std::map<std::string, std::string, std::less<>> reports;
};

int run_client_suite(const ClientOptions& opts);

}  // namespace connectspec
