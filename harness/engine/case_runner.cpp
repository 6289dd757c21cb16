#include "engine/case_runner.hpp"

#include <boost/asio/io_context.hpp>

#include "engine/case_session.hpp"
#include "engine/verdict.hpp"
#include "upstream/forwarding_upstream.hpp"

namespace connectspec {

asio::awaitable<CaseResult> run_case(const Case& c, const RunContext& ctx) {
  CaseResult result;
  result.test = &c;
  auto started = Clock::now();
  auto trace = std::make_shared<CaseTrace>(ctx.executor);
  // Room for what the case itself moves, and --max-response-bytes beyond it for the unasked.
  trace->max_received_bytes = std::max<std::size_t>(ctx.max_received_bytes, c.largest_transfer() + ctx.max_received_bytes);

  for (const auto& o : c.origins)
    if (o.host == "::1" && !ctx.ipv6_available) {
      co_return skipped(c, "origin '" + o.name + "' needs IPv6 loopback (::1), which this machine does not have");
    }

  std::map<std::string, std::shared_ptr<Origin>> origins;
  try {
    auto& io = static_cast<asio::io_context&>(asio::query(ctx.executor, asio::execution::context));
    for (const auto& spec : c.origins) {
      auto origin = make_origin(io, spec, trace, ctx.tls_server);
      origin->start();
      const auto ep = origin->endpoint();
      result.origins.push_back({spec.name, std::string(to_string(spec.kind)), Endpoint{ep.address().to_string(), ep.port()}.authority()});
      origins.emplace(spec.name, std::move(origin));
    }
  } catch (const std::exception& e) {
    for (auto& [name, o] : origins) o->stop();
    co_return not_run(c, std::string("could not start the case's origins: ") + e.what());
  }

  // The built-in upstream reports for this case's origins only what arrives from now on.
  if (ctx.upstream)
    for (const auto& [name, origin] : origins) {
      const auto& ep = origin->endpoint();
      ctx.upstream->claim(Endpoint{ep.address().to_string(), ep.port()}.authority());
    }
  // [upstream.NAME]: the built-in upstream answers this case's origins as scripted.
  std::vector<std::string> scripted;
  if (ctx.upstream)
    for (const auto& script : c.upstream_scripts) {
      const auto& ep = origins.at(script.origin)->endpoint();
      scripted.push_back(Endpoint{ep.address().to_string(), ep.port()}.authority());
      ctx.upstream->script(scripted.back(), script);
    }
  CaseSession session(c, ctx, trace, origins);
  try {
    co_await session.run();
  } catch (const std::exception& e) {
    harness_error(result, std::string("harness error: ") + e.what());
  }
  session.shutdown();
  for (const auto& authority : scripted) ctx.upstream->unscript(authority);
  for (auto& [name, o] : origins) o->stop();

  result.checks = std::move(session.checks());
  if (result.reason.empty()) grade(result, c.level, ctx.strict);
  result.streams = trace->log.streams();
  result.transcript = trace->log.take();
  result.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  co_return result;
}

}  // namespace connectspec
