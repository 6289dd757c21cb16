// ProxyInstances: one instance per variant and lane for a launched proxy, one for everything when
// attached, and a slow lane that cannot start falls back to the shared instance.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <set>

#include "launch/proxy_instances.hpp"

using namespace connectspec;

namespace {

class FakeProxy final : public ProxyUnderTest {
 public:
  FakeProxy(std::uint16_t port, bool starts) : port_(port), starts_(starts) {}
  std::string implementation() const override { return "fake"; }
  Endpoint endpoint() const override { return Endpoint{"127.0.0.1", port_}; }
  asio::awaitable<std::optional<std::string>> ensure_running() override {
    if (!starts_) co_return std::string("address already in use");
    ++generation_;
    co_return std::nullopt;
  }
  bool alive() override { return starts_; }
  int generation() const override { return generation_; }
  std::string exit_description() override { return {}; }
  std::string log_tail(std::size_t) override { return {}; }
  asio::awaitable<void> stop() override { co_return; }

 private:
  std::uint16_t port_;
  bool starts_;
  int generation_ = 0;
};

// What the factory was asked for, and whether the slow lane's process may start.
struct Fleet {
  std::vector<std::pair<Variant, Lane>> made;
  bool slow_starts = true;
};

asio::awaitable<ProxyInstances::Made> make_fake(Fleet& fleet, Variant v, Lane lane) {
  fleet.made.emplace_back(v, lane);
  auto port = static_cast<std::uint16_t>(1000 + fleet.made.size());
  co_return std::unique_ptr<ProxyUnderTest>(new FakeProxy(port, lane == Lane::shared || fleet.slow_starts));
}

asio::awaitable<void> ask(ProxyInstances& p, Variant v, Lane lane, ProxyUnderTest*& out) {
  std::string why;
  out = co_await p.ready(v, why, lane);
}

ProxyUnderTest* ready(asio::io_context& io, ProxyInstances& p, Variant v, Lane lane) {
  ProxyUnderTest* out = nullptr;
  asio::co_spawn(io, ask(p, v, lane, out), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.restart();
  io.run();
  return out;
}

ProxyInstances instances(asio::io_context& io, Fleet& fleet, bool separate) {
  return ProxyInstances(
      io.get_executor(), "fake", {}, [&fleet](Variant v, Lane lane) { return make_fake(fleet, v, lane); }, separate);
}

}  // namespace

TEST_CASE("ProxyInstances: a launched proxy gets a process per variant and lane", "[launch][lanes]") {
  asio::io_context io;
  Fleet fleet;
  auto p = instances(io, fleet, true);
  ProxyUnderTest* shared = ready(io, p, Variant::plain, Lane::shared);
  ProxyUnderTest* slow = ready(io, p, Variant::plain, Lane::slow);
  REQUIRE(shared);
  REQUIRE(slow);
  CHECK(shared != slow);
  CHECK(ready(io, p, Variant::plain, Lane::slow) == slow);  // made once, then shared by its cases
  CHECK(fleet.made == std::vector<std::pair<Variant, Lane>>{{Variant::plain, Lane::shared}, {Variant::plain, Lane::slow}});
  CHECK(p.separate_lanes());
}

TEST_CASE("ProxyInstances: an attached proxy is one instance whatever the lane", "[launch][lanes]") {
  asio::io_context io;
  Fleet fleet;
  auto p = instances(io, fleet, false);
  CHECK(ready(io, p, Variant::plain, Lane::slow) == ready(io, p, Variant::plain, Lane::shared));
  CHECK(fleet.made.size() == 1);
  CHECK_FALSE(p.separate_lanes());
}

TEST_CASE("ProxyInstances: a slow lane that cannot start shares the first instance and the run goes on",
          "[launch][lanes]") {
  asio::io_context io;
  Fleet fleet;
  fleet.slow_starts = false;
  auto p = instances(io, fleet, true);
  ProxyUnderTest* shared = ready(io, p, Variant::plain, Lane::shared);
  REQUIRE(shared);
  CHECK(ready(io, p, Variant::plain, Lane::slow) == shared);
  CHECK(ready(io, p, Variant::plain, Lane::slow) == shared);  // not tried again
  CHECK(fleet.made.size() == 2);
  CHECK_FALSE(p.launch_failed());
}
