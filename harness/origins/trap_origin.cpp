// trap: listeners where no correct proxy ever connects. Each trap gets a loopback address of its
// own in 127.77.0.0/16 (Linux routes all of 127.0.0.0/8 to lo), so cases running in parallel
// never share one, and listens there on the ports a lenient target parser falls back to: 443 and
// 80 (a missing, empty or unreadable port taken as the https or http default) and 65535 (a
// negative or oversized port clamped or wrapped), or on `ports = [...]`. A case names the trap's
// host where a valid target would need a port it does not have, so that a parser's guess lands
// here: every connection the trap accepts is the defect, and its record says on which port it
// arrived. What arrives is read and recorded; the connection is held open until the case ends.
//
// Ports under 1024 need root (or CAP_NET_BIND_SERVICE). A trap binds what it can; the ports it
// could not bind are "not armed", said in the transcript and in every check on the trap
// (arming_note), and never a reason to fail or error a case.
#include <unistd.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>

#include "origins/listening_origin.hpp"
#include "origins/origin_kinds.hpp"

namespace connectspec {

namespace {

using asio::ip::tcp;

constexpr std::uint16_t kDefaultPorts[] = {443, 80, 65535};
// Outside the traps' range: where a port's use by a listener on every address is probed.
constexpr const char* kProbeAddress = "127.76.0.1";
// 127.77.H.L with L in 1..254: 256 * 254 addresses, taken in turn by every trap of the process.
constexpr std::uint32_t kSlots = 256 * 254;
// An address whose port some other socket holds (another connectspec run on this machine, or a
// trap of this one still closing) is skipped; this many are tried before settling for one.
constexpr int kAddressAttempts = 64;

// Process-wide, so that no two traps of one run ever share an address. It starts at a point
// derived from the process id, so that two runs on one machine start far apart; should they meet,
// the EADDRINUSE of the first trap's listeners moves the second one on.
std::atomic<std::uint32_t> next_slot{static_cast<std::uint32_t>(::getpid()) * 2654435761u % kSlots};

asio::ip::address_v4 slot_address(std::uint32_t slot) {
  slot %= kSlots;
  return asio::ip::address_v4((127u << 24) | (77u << 16) | ((slot / 254) << 8) | (1 + slot % 254));
}

std::string port_list(const std::vector<std::uint16_t>& ports) {
  std::string out;
  for (auto p : ports) out += (out.empty() ? "" : ", ") + std::to_string(p);
  return out;
}

class TrapOrigin final : public Origin, public std::enable_shared_from_this<TrapOrigin> {
 public:
  TrapOrigin(asio::io_context& io, OriginSpec spec, CaseTracePtr trace)
      : io_(io), spec_(std::move(spec)), trace_(std::move(trace)) {
    if (spec_.ports.empty()) spec_.ports.assign(std::begin(kDefaultPorts), std::end(kDefaultPorts));
  }

  void start() override {
    bool placed = false;
    for (int attempt = 0; attempt < kAddressAttempts && !placed; ++attempt) {
      address_ = slot_address(next_slot.fetch_add(1));
      placed = bind_all();
      if (!placed) close_all();  // some port of this address is held elsewhere: take the next address
    }
    if (!placed) {
      // Every address tried was taken: say so, and do not fail the case (nothing can dial it).
      failures_.clear();
      for (auto p : spec_.ports) failures_[p] = "every address tried is in use";
    }
    std::string leg = "origin " + spec_.name;
    std::string armed;
    for (const auto& a : acceptors_) armed += (armed.empty() ? "" : ", ") + std::to_string(a->local_endpoint().port());
    trace_->log.note(leg, "trap on " + address_.to_string() + ": listening on " + (armed.empty() ? "no port" : armed) +
                              (failures_.empty() ? "" : "; " + arming_note()));
    trace_->changed.notify_all();
    for (auto& a : acceptors_) asio::co_spawn(io_, accept_loop(shared_from_this(), a), asio::detached);
  }

  void stop() override {
    stopped_ = true;
    close_all();
    for (auto& session : sessions_) session->stop();
    sessions_.clear();
  }

  tcp::endpoint endpoint() const override { return tcp::endpoint(address_, spec_.ports.front()); }
  const OriginSpec& spec() const override { return spec_; }
  int accepted() const override { return static_cast<int>(connections_.size()); }
  const std::vector<std::shared_ptr<OriginConnection>>& connections() const override { return connections_; }

  // "traps on 443, 80 not armed: binding needs root", one clause per reason.
  std::string arming_note() const override {
    std::map<std::string, std::vector<std::uint16_t>> by_reason;
    for (auto p : spec_.ports)
      if (auto it = failures_.find(p); it != failures_.end()) by_reason[it->second].push_back(p);
    std::string out;
    for (const auto& [reason, ports] : by_reason)
      out += (out.empty() ? "" : "; ") + std::string(ports.size() == 1 ? "trap on " : "traps on ") + port_list(ports) +
             " not armed: " + reason;
    return out;
  }

 private:
  // Binds every port on address_. False when one of them is in use (the address belongs to
  // someone else); a port that needs privileges is only noted.
  bool bind_all() {
    failures_.clear();
    for (auto port : spec_.ports) {
      auto acceptor = std::make_shared<tcp::acceptor>(io_);
      tcp::endpoint wanted(address_, port);
      boost::system::error_code ec;
      acceptor->open(wanted.protocol(), ec);
      // Connections closed by a trap of this run linger in TIME_WAIT; they must not keep the
      // address from a later trap. Two listeners on one address and port are refused regardless.
      if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec) acceptor->bind(wanted, ec);
      if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
      if (ec == asio::error::address_in_use) {
        if (!held_on_every_address(port)) return false;
        failures_[port] = "another program listens on that port on every address";
        continue;
      }
      if (ec) {
        failures_[port] = ec == asio::error::access_denied ? "binding needs root" : ec.message();
        continue;
      }
      acceptors_.push_back(std::move(acceptor));
    }
    return true;
  }

  // A port in use on this address is either another trap's (this address is taken: try the next)
  // or held on every address by a wildcard listener (no address would do). A bind on a loopback
  // address outside the traps' range tells which.
  bool held_on_every_address(std::uint16_t port) {
    tcp::socket probe(io_);
    boost::system::error_code ec;
    probe.open(tcp::v4(), ec);
    if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) probe.bind(tcp::endpoint(asio::ip::make_address_v4(kProbeAddress), port), ec);
    return ec == asio::error::address_in_use;
  }

  void close_all() {
    boost::system::error_code ec;
    for (auto& a : acceptors_) a->close(ec);  // each accept loop holds its own reference
    acceptors_.clear();
  }

  static asio::awaitable<void> accept_loop(std::shared_ptr<TrapOrigin> self, std::shared_ptr<tcp::acceptor> acceptor) {
    const tcp::endpoint local = acceptor->local_endpoint();
    for (;;) {
      auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
      if (self->stopped_) co_return;
      if (ec == asio::error::connection_aborted) continue;
      if (ec) {
        self->trace_->log.note("origin " + self->spec_.name, "accept on port " + std::to_string(local.port()) +
                                                                  " failed: " + ec.message());
        self->trace_->changed.notify_all();
        co_return;
      }
      auto record = std::make_shared<OriginConnection>();
      record->index = static_cast<int>(self->connections_.size()) + 1;
      record->local = local;
      std::string leg = "origin " + self->spec_.name + "#" + std::to_string(record->index);
      self->connections_.push_back(record);
      self->trace_->log.event(leg, /*from_proxy=*/true, WireEvent::Kind::accept);
      self->trace_->log.note(leg, "the proxy dialled the trap at " + local.address().to_string() + ":" +
                                      std::to_string(local.port()));
      auto session = std::make_shared<OriginSession>(std::move(socket), record, leg, self->trace_);
      self->sessions_.push_back(session);
      self->trace_->changed.notify_all();
      asio::co_spawn(self->io_, hold(self, std::move(session)), asio::detached);
    }
  }

  // Records what arrives; the connection stays open until the case ends (stop()).
  static asio::awaitable<void> hold(std::shared_ptr<TrapOrigin>, std::shared_ptr<OriginSession> session) {
    co_await session->read_to_end();
  }

  asio::io_context& io_;
  OriginSpec spec_;
  CaseTracePtr trace_;
  asio::ip::address_v4 address_;
  std::vector<std::shared_ptr<tcp::acceptor>> acceptors_;
  std::map<std::uint16_t, std::string> failures_;  // port -> why it is not armed
  bool stopped_ = false;
  std::vector<std::shared_ptr<OriginConnection>> connections_;
  std::vector<std::shared_ptr<OriginSession>> sessions_;
};

}  // namespace

std::shared_ptr<Origin> make_trap_origin(asio::io_context& io, const OriginSpec& spec, CaseTracePtr trace) {
  return std::make_shared<TrapOrigin>(io, spec, std::move(trace));
}

}  // namespace connectspec
