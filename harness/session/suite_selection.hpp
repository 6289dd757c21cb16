// Which cases a command works on: the suite folder, loaded and validated, then narrowed by
// --filter (id globs), --tag and --level.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "casefile/case_loader.hpp"
#include "model/case.hpp"
#include "model/protocol.hpp"

namespace connectspec {

struct Selection {
  std::string cases_dir;
  std::string catalogue;  // --catalogue FILE: adds to or replaces the built-in requirement catalogue
  std::vector<std::string> filters, tags, levels;
  std::string shard;  // "K/N": the K-th of N disjoint parts of what the other flags select
  // --quick: leave out the cases that wait out a timer of the proxy (tagged kSlowTag), which take
  // as long as the proxy's own timeout (a minute for many) where the others take milliseconds.
  bool quick = false;
  // A run's wire protocol: only the cases of its family (HTTP/1.1 cases for http/1.1, HTTP/2
  // cases for h2c and h2). Unset (`list`, `coverage`): every case.
  std::optional<Protocol> protocol;
  // Whom the cases grade: `client` selects only client cases (role = "client"); unset, a run
  // (protocol set) takes only proxy cases, and `list`/`coverage` every case.
  std::optional<Role> role;
  // A run: whether this machine is offline, so that a name lookup cannot leave it (the cases
  // tagged `offline` run only then), and if not, why (origins/loopback_address.hpp). Unset
  // (`list`, `coverage`): every case.
  std::optional<bool> offline;
  std::string not_offline_because;
};

// Fills sel.offline and sel.not_offline_because from this machine (offline_network_problem()).
void set_offline(Selection& sel);

// Whether a case written for `case_protocol` (http1 or h2) runs in a run speaking `run`.
bool runs_over(Protocol case_protocol, Protocol run);

// --shard K/N: 1 <= K <= N. The selected cases, in id order, are dealt out like cards (the i-th
// to shard i mod N + 1), so every topic is spread over the shards and their sizes differ by at
// most one. The same suite and flags always give the same shards.
struct ShardSpec {
  int index = 1, count = 1;
  std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
};
std::optional<ShardSpec> parse_shard(const std::string& text);

// The suite folder to use when none is given: ./cases, else the one beside the program
// (input/install_layout.hpp); empty when there is none.
std::string default_cases_dir();

// The requirement catalogue files a suite in `cases_dir` is checked against, in order: the
// built-in catalogue (always), the folder's own requirements.toml when it has one, then `extra`
// (--catalogue FILE). Each adds to or replaces entries of the ones before.
std::vector<std::string> catalogue_files(const std::string& cases_dir, const std::string& extra);

// The suite folder, loaded and checked against catalogue_files().
LoadedSuite load_cases(const std::string& cases_dir, const std::string& extra_catalogue);
inline LoadedSuite load_cases(const Selection& sel) { return load_cases(sel.cases_dir, sel.catalogue); }

// Prints every problem as file:line:col: message to stderr; returns false if there were any.
bool report_problems(const LoadedSuite& suite);

// Returns the problem with the selection flags (an unknown level), or nothing.
std::optional<std::string> check_selection(const Selection& sel);
// The cases the flags select, then the shard's part of them when --shard is given.
std::vector<const Case*> select_cases(const LoadedSuite& suite, const Selection& sel);

// With a protocol: the line saying how many cases the flags would select but are of the other
// protocol, and how to run them ("128 HTTP/1.1 cases not selected: this run speaks h2c (use
// --protocol http/1.1)"); empty when there are none.
std::string other_protocol_note(const LoadedSuite& suite, const Selection& sel);

// With --quick: the line saying how many cases it left out, and which ("--quick: 2 cases that
// wait out the proxy's timers not run: errors.unreachable-origin, ..."); empty otherwise.
std::string quick_note(const LoadedSuite& suite, const Selection& sel);

// With offline = false: the line saying which cases that make the proxy look a name up it left
// out, why, and how to run them ("1 case that makes the proxy look a name up not run, since
// network interface eth0 is up: errors.dns-failure (run it under scripts/offline-run)"); empty
// otherwise.
std::string offline_note(const LoadedSuite& suite, const Selection& sel);

}  // namespace connectspec
