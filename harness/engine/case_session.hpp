// Plays the steps of one case against the proxy and records a check per expectation. The state
// here is what the steps share: the client connection, the parsed response head, what was sent
// into the tunnel and how much of what came back has been consumed by expectations.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include "trace/case_trace.hpp"
#include "engine/client_leg.hpp"
#include "engine/h2_client_leg.hpp"
#include "engine/run_context.hpp"
#include "http/response_head.hpp"
#include "model/result.hpp"
#include "origins/origin.hpp"

namespace connectspec {

class CaseSession {
 public:
  CaseSession(const Case& c, const RunContext& ctx, CaseTracePtr trace,
              std::map<std::string, std::shared_ptr<Origin>> origins);

  // Runs every step until the first failed MUST check (the later ones are recorded as not
  // reached) or the case deadline.
  asio::awaitable<void> run();

  std::vector<CheckResult>& checks() { return checks_; }
  void shutdown();  // closes the client connection

 private:
  using Check = std::optional<CheckResult>;  // nothing = the step did its job, no check to record

  asio::awaitable<Check> run_step(std::size_t index, const Step& s);
  void not_reached_after(std::size_t failed_step);
  void not_reached_after(std::size_t failed_step, const std::string& cause);
  void precondition_not_met(std::size_t step);

  // steps_client.cpp
  asio::awaitable<Check> do_send(const Step& s, const step::Send& a);
  asio::awaitable<Check> do_connect(const Step& s, const step::Connect& a);
  asio::awaitable<Check> do_tls(const Step& s, const step::TlsHandshake& a);
  asio::awaitable<std::optional<std::string>> ensure_connected();
  asio::awaitable<Check> send_bytes(const Step& s, std::string bytes, std::size_t tunnel_from,
                                    std::size_t chunk_size = 0, int gap_ms = 0, bool until_closed = false);
  void start_next_response();  // keep-alive: a request after a complete refusal gets its own response
  // steps_connection.cpp
  asio::awaitable<Check> do_reset(const Step& s);
  asio::awaitable<Check> do_reconnect(const Step& s);
  asio::awaitable<Check> do_hold(const Step& s, const step::Hold& a);
  asio::awaitable<std::optional<bool>> condition_met(const Step& s);  // only_if; nothing = undecidable
  // steps_response.cpp
  asio::awaitable<std::optional<std::string>> await_head(const Step& s);
  std::string dialled_so_far() const;
  asio::awaitable<Check> expect_status(const Step& s, const step::ExpectStatus& a);
  asio::awaitable<Check> expect_headers(const Step& s, const step::ExpectHeaders& a);
  asio::awaitable<Check> expect_tunnel(const Step& s, const step::ExpectTunnel& a);
  // steps_body.cpp
  asio::awaitable<Check> expect_body(const Step& s, const step::ExpectBody& a);
  // steps_tunnel.cpp
  asio::awaitable<Check> expect_bytes(const Step& s, std::string expected, std::string what);
  asio::awaitable<Check> expect_data(const Step& s, const step::ExpectData& a);
  asio::awaitable<Check> expect_echo(const Step& s);
  asio::awaitable<Check> expect_eof(const Step& s, const step::ExpectEof& a);
  asio::awaitable<Check> expect_closed(const Step& s);
  // steps_origin.cpp
  asio::awaitable<Check> expect_origin(const Step& s, const step::ExpectOrigin& a);
  asio::awaitable<Check> expect_upstream(const Step& s, const step::ExpectUpstream& a);

  // steps_h2.cpp: the steps of an HTTP/2 case (protocol = "h2"), on streams of one connection
  asio::awaitable<Check> run_h2_step(const Step& s);
  asio::awaitable<std::optional<std::string>> ensure_h2();
  std::optional<std::uint32_t> stream_of(const Step& s) const;  // nothing: no such stream (yet)
  asio::awaitable<Check> h2_connect(const Step& s, const step::Connect& a);
  asio::awaitable<Check> h2_send(const Step& s, std::uint32_t id, std::string bytes, bool end_stream, std::size_t frame_size);
  asio::awaitable<Check> h2_flush(const Step& s);
  asio::awaitable<std::optional<bool>> h2_condition_met(const Step& s);
  // steps_h2_expect.cpp
  asio::awaitable<std::optional<std::string>> await_h2_response(const Step& s, std::uint32_t id);
  std::string h2_stream_outcome(std::uint32_t id) const;  // "RST_STREAM(CANCEL)", "HEADERS :status 200", ...
  asio::awaitable<Check> h2_expect_status(const Step& s, std::uint32_t id, const step::ExpectStatus& a);
  asio::awaitable<Check> h2_expect_headers(const Step& s, std::uint32_t id, const step::ExpectHeaders& a);
  asio::awaitable<Check> h2_expect_tunnel(const Step& s, std::uint32_t id, const step::ExpectTunnel& a);
  asio::awaitable<Check> h2_expect_bytes(const Step& s, std::uint32_t id, std::string expected, std::string what);
  asio::awaitable<Check> h2_expect_eof(const Step& s, std::uint32_t id, const step::ExpectEof& a);
  asio::awaitable<Check> h2_expect_closed(const Step& s);
  asio::awaitable<Check> h2_expect_stream_error(const Step& s, std::uint32_t id, const step::ExpectStreamError& a);
  asio::awaitable<Check> h2_expect_setting(const Step& s, const step::ExpectSetting& a);
  asio::awaitable<Check> h2_tunnels(const Step& s, const step::Tunnels& a);
  // Either leg: the proxy closed the client connection / answered the current request in some way.
  bool client_closed() const;
  bool client_answered() const;

  std::string payload_bytes(const Payload& p) const;
  Clock::time_point step_deadline(const Step& s) const;
  int within_ms(const Step& s) const;
  CheckResult check(const Step& s, CheckResult::Grade grade, std::string expected, std::string observed) const;
  bool tunnel_up() const { return head_ && head_->status / 100 == 2; }

  const Case& case_;
  const RunContext& ctx_;
  CaseTracePtr trace_;
  std::map<std::string, std::shared_ptr<Origin>> origins_;
  PlaceholderValues values_;
  std::shared_ptr<ClientLeg> client_;
  std::vector<std::shared_ptr<ClientLeg>> held_;  // `hold` connections, open until the case ends
  Clock::time_point case_deadline_;
  std::size_t step_index_ = 0;
  std::string undecided_;          // why the last only_if could not be decided (no or a malformed head)
  std::vector<CheckResult> checks_;

  std::optional<ResponseHead> head_;
  std::vector<std::string> interim_;  // status lines of the 1xx heads skipped before head_
  bool head_malformed_ = false;       // the last await_head found a malformed head
  std::size_t stream_start_ = 0;   // offset in client_->received() where the current response/stream starts
  std::size_t data_cursor_ = 0;    // next unconsumed tunnel byte (offset in client_->received())
  std::string tunnel_sent_;        // bytes the client sent into the tunnel
  std::size_t echo_cursor_ = 0;    // how much of tunnel_sent_ expect_echo has already matched
  bool response_read_ = false;     // expect_body consumed a whole non-2xx response: a new request starts a new one

  // HTTP/2: one connection, its streams by the names connect gave them, and per stream what was
  // sent into it, which origin it goes to, and how much of what came back was consumed.
  std::shared_ptr<H2ClientLeg> h2_;
  struct H2Stream {
    std::string origin;
    std::string sent;
    std::size_t data_cursor = 0, echo_cursor = 0;
  };
  std::map<std::string, std::uint32_t> stream_names_;
  std::map<std::uint32_t, H2Stream> h2_streams_;
  std::uint32_t current_stream_ = 0;
};

// A short, readable excerpt of bytes for verdicts: escapes control bytes, elides the middle.
std::string excerpt(std::string_view bytes, std::size_t max = 96);

}  // namespace connectspec
