// What `connectspec bench` measured against one target: CONNECT setup (rate and latency),
// throughput (one and several tunnels, each direction), and how many tunnels it held open at once.
// Carried in RunInfo (`run --bench`) and in bench JSON (schema "connectspec-bench/1",
// docs/results-schema.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace connectspec {

struct BenchParams {
  std::string mode;            // "proxy" (CONNECT through the target), "direct" (no proxy), "relay" (a TCP relay)
  int concurrency = 0;         // setup: CONNECTs in flight at once
  int tunnels = 0;             // throughput: tunnels in the "several tunnels" measurement
  int hold = 0;                // tunnels the hold measurement tries to keep open at once
  double budget_ms = 0;        // measured time per measurement
  double warmup_ms = 0;        // run before measuring, results dropped
  int chunk_bytes = 0;         // size of each write in the throughput measurement
  int cores = 0;               // online CPUs of the machine (std::thread::hardware_concurrency)
  std::string protocol = "http/1.1";  // what the bench spoke to the proxy: "http/1.1", "h2c" or "h2"
  // HTTP/2 only: the connections setup spreads its CONNECT streams over, and that throughput's and
  // hold's tunnels are streams of one connection (one_connection).
  int connections = 0;
  bool one_connection = false;
};

// CONNECT setup: TCP connect, CONNECT sent, 2xx head received, close; `concurrency` at a time.
// Over HTTP/2: a CONNECT stream opened on one of `connections` open connections, its 2xx HEADERS
// received, the stream cancelled (RST_STREAM); `concurrency` streams at a time.
struct SetupBench {
  std::uint64_t tunnels = 0;   // completed with a 2xx within the measured window
  std::uint64_t failures = 0;  // non-2xx, refused, reset or timed out
  double seconds = 0;          // the measured window
  double per_second = 0;       // tunnels / seconds
  // Latency from the first byte of the CONNECT written to the end of the 2xx head read (HTTP/2:
  // from the HEADERS handed to the writer to the read that completed the 2xx HEADERS).
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  std::string first_failure;   // what the first failure was, empty when none
};

// Bytes through `tunnels` tunnels at once in one direction, counted by the receiving end over the
// measured window (after the warm-up).
struct ThroughputBench {
  std::string direction;       // "upload" (client to origin) or "download" (origin to client)
  int tunnels = 0;
  std::uint64_t bytes = 0;     // received in the measured window, all tunnels together
  double seconds = 0;
  double bytes_per_second = 0;
  std::string failure;         // empty when every tunnel carried data to the end
};

// Tunnels opened one after another (a bounded number in flight) and kept open; then one ping
// through every tunnel: those that echo it are alive. Over HTTP/2, all are streams of one
// connection, as many as the proxy's SETTINGS_MAX_CONCURRENT_STREAMS lets it carry.
struct HoldBench {
  int requested = 0;           // HTTP/2: --hold, or the proxy's limit when that is lower
  int opened = 0;              // answered 2xx
  int alive = 0;               // echoed the ping after all were open
  double open_seconds = 0;     // time to open them all
  double ping_ms = 0;          // time for every ping to come back
  std::string first_failure;   // why the first tunnel that failed did, empty when none
  std::optional<int> limit;    // HTTP/2: the proxy's SETTINGS_MAX_CONCURRENT_STREAMS, when it announced one
};

struct BenchResult {
  std::string implementation;  // as in RunInfo ("squid 5.7", "direct")
  std::string target;          // HOST:PORT of the proxy or relay; empty for direct
  std::string started_at;      // ISO 8601 UTC
  std::string harness_version;
  double wall_ms = 0;
  BenchParams params;
  std::optional<SetupBench> setup;            // absent for direct and relay (no CONNECT)
  std::vector<ThroughputBench> throughput;    // upload 1, download 1, upload N, download N
  std::optional<HoldBench> hold;
};

}  // namespace connectspec
