// What running a case produced: the verdict, each check, and the two-leg transcript.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/bench_result.hpp"
#include "model/case.hpp"
#include "model/protocol.hpp"

namespace connectspec {

enum class Outcome { pass, fail, warn, info, skip, error };
std::string_view to_string(Outcome);

// One thing that happened on the wire, as seen by the harness.
struct WireEvent {
  enum class Kind { connect, accept, data, eof, reset, close, note, frame };  // frame: one HTTP/2 frame, described in `text`
  double t_ms = 0;        // since the case started
  std::string leg;        // "client" (client<->proxy) or "origin main#1" (proxy<->origin, connection 1)
  bool from_proxy = false;  // direction: true when the proxy sent it (to the client or to the origin)
  Kind kind = Kind::data;
  std::uint64_t size = 0;   // bytes in this event (data)
  std::string bytes;        // the bytes themselves; may hold only a prefix when truncated
  bool truncated = false;   // bytes holds a prefix of size bytes
  std::string text;         // for note events, and frame events (type, flags, stream, length, decoded fields)
};
std::string_view to_string(WireEvent::Kind);

// One direction of one leg over the whole case: exact size and digest even when the transcript
// kept only a prefix, so a large transfer is summarised rather than dumped.
struct StreamSummary {
  std::string leg;
  bool from_proxy = false;
  std::uint64_t size = 0;
  std::string sha256;       // lowercase hex of all `size` bytes
  std::string head;         // the first bytes (up to kEdgeBytes)
  std::string tail;         // the last bytes (up to kEdgeBytes)
  static constexpr std::size_t kEdgeBytes = 32;
};

// One expectation's verdict, graded at the level of the sentence it enforces.
struct CheckResult {
  // ok: met. failed: a MUST check not met. warned: a SHOULD check not met. info: a MAY or INFO
  // check not met (recorded, not judged). noted: met, but not with the usual answer (`prefer`):
  // a difference, never a failure or a warning. not_reached: not judged, because an earlier
  // check failed (`observed` names it) and this one's precondition never came to be.
  enum class Grade { ok, failed, warned, info, noted, not_reached };
  std::size_t step = 0;     // index in Case::steps
  std::string keyword;      // "expect_status"
  Grade grade = Grade::ok;
  std::string expected;
  std::string observed;
  SourcePos pos;
  Level level = Level::must;  // the level it is graded at
  std::string requirement;    // the requirement ID it enforces
  // A precondition (Step::precondition) that was not met: graded not_reached, and the case with it.
  bool precondition = false;
  std::string summary() const;  // "expect_status: expected 4xx, observed 200 (file:12:1)"
};

std::string_view to_string(CheckResult::Grade);  // "ok", "failed", "warned", "info", "noted", "not_reached"

// Where one of the case's origins listened. The client leg's bytes name an origin by its address
// ("CONNECT 127.0.0.1:40123"): this tells a reader which origin that was.
struct OriginAddress {
  std::string name;     // as the case file names it: "main"
  std::string kind;     // "echo", "trap", ...
  std::string address;  // "127.0.0.1:40123", "[::1]:40124"
};

struct CaseResult {
  const Case* test = nullptr;  // the case (owned by the loaded suite)
  Outcome outcome = Outcome::error;
  std::string reason;          // one line: expected vs observed, or why skipped/errored
  double duration_ms = 0;
  std::vector<CheckResult> checks;
  std::vector<WireEvent> transcript;
  std::vector<StreamSummary> streams;  // per leg and direction that carried data, in first-seen order
  std::vector<OriginAddress> origins;  // the case's origins, in the order the file declares them
  std::string proxy_log_tail;  // a failed case's window of the proxy's output and logs (what they got while it ran), when launched
  std::string proxy_instance;  // which instance served it: "plain#1", "auth#2" (variant#start)
  // --confirm: a case that failed or warned is run again alone. `first_outcome` is the verdict
  // of the run whose checks and transcript are kept, `reruns` the verdicts of the re-runs. When
  // they differ the case is unstable: `outcome` is the best verdict seen, never a failure for
  // a verdict the harness could not reproduce. Empty `reruns`: not re-run.
  std::vector<Outcome> reruns;
  Outcome first_outcome = Outcome::error;
  bool unstable = false;
};

struct RunInfo {
  std::string implementation;  // "connectspec-refproxy 0.1.0" or "127.0.0.1:3128"
  std::string target;          // the proxy endpoint used
  std::string started_at;      // ISO 8601 UTC
  std::string harness_version;
  double wall_ms = 0;
  bool strict = false;
  double timeout_scale = 1.0;
  int jobs = 1;
  std::string cases_dir;
  std::string profile;         // the profile launched ("squid"), empty when attached
  Protocol protocol = Protocol::http1;  // what the run spoke to the proxy (--protocol)
  Role role = Role::proxy;     // whom the run graded: a proxy (`run`), or a client (`client`)
  std::vector<std::string> capabilities;
  // The flags that shaped what the run measured, as typed: "--refproxy-fault X", "--filter G",
  // "--timeout-scale 2" (session/recorded_options.hpp). Empty for a plain, whole run.
  std::vector<std::string> options;
  std::string shard;           // "K/N" when the run was one shard of N; empty for a whole run
  int shard_of_cases = 0;      // with a shard: the cases selected before sharding (all N together)
  std::vector<std::string> merged_from;  // `connectspec merge`: the shard files joined, in order
  std::optional<BenchResult> bench;      // `run --bench`: performance measured after the cases
  std::string interrupted;     // "SIGINT"/"SIGTERM" when a signal stopped the run; unfinished cases are skipped as not run
  // Where a launched proxy ran: "private (loopback only; a TCP dial gives up after 7 s)" or
  // "this machine's (why)" (launch/private_network.hpp); empty for an attached proxy.
  std::string network;
  std::string not_started;     // why the proxy could not be started or reached (exit 3); every case errored as not run
  // The harness's open file descriptors before the run and after it (a leak shows as a difference);
  // -1 when not counted (a merged or older file).
  int open_fds_at_start = -1, open_fds_at_end = -1;
};

// What a report says about a requirement a case cites (from cases/requirements.toml).
struct RequirementNote {
  std::string rfc;             // "RFC 9110 §9.3.6"
  std::string summary;         // in connectspec's words: a one-line paraphrase of what the text demands
  std::string keyword;         // as the text has it: "MUST", "MUST NOT", "SHOULD", ..., "usual", "definitional"
  std::string role;            // whom it binds: "proxy", "forwarding proxy", "client", "tunnel relay"
};
using RequirementNotes = std::map<std::string, RequirementNote>;

struct Summary {
  int passed = 0, failed = 0, warned = 0, info = 0, skipped = 0, errored = 0;
  int total() const { return passed + failed + warned + info + skipped + errored; }
  void add(Outcome);
};
Summary summarize(const std::vector<CaseResult>&);

}  // namespace connectspec
