#include "engine/client_case_runner.hpp"

#include <algorithm>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "engine/client_checks.hpp"
#include "engine/verdict.hpp"
#include "http/base64.hpp"
#include "profile/client_profile.hpp"

namespace connectspec {

namespace {

// After the client exited, how long the proxy's connections may take to record their ends
// (the bytes were written before the exit; only their reading remains).
constexpr auto kSettle = std::chrono::milliseconds(1500);

// A fresh password per case: a client cannot pass by remembering one.
std::string fresh_password() {
  static std::mt19937_64 rng(std::random_device{}());
  static const char* digits = "0123456789abcdef";
  std::string out = "pw-";
  for (int i = 0; i < 12; ++i) out += digits[rng() % 16];
  return out;
}

std::string scheme_of(const std::string& url) { return url.substr(0, url.find("://")); }

struct UrlParts {
  std::string host, port;
};

// Host (without brackets) and port of a URL with an authority; the scheme's port when none.
UrlParts url_parts(const std::string& url) {
  UrlParts p;
  auto start = url.find("://");
  if (start == std::string::npos) return p;
  std::string authority = url.substr(start + 3, url.find_first_of("/?#", start + 3) - start - 3);
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    p.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') p.port = authority.substr(close + 2);
  } else {
    auto colon = authority.rfind(':');
    p.host = authority.substr(0, colon);
    if (colon != std::string::npos) p.port = authority.substr(colon + 1);
  }
  if (p.port.empty()) {
    auto scheme = scheme_of(url);
    p.port = scheme == "https" ? "443" : scheme == "http" ? "80" : "";
  }
  return p;
}

std::string describe_run(const ClientRun& run) {
  std::string s = run.exit_status ? "exit status " + std::to_string(*run.exit_status) : run.problem;
  s += " after " + std::to_string(static_cast<long long>(run.wall_ms)) + " ms";
  return s;
}

// The values of the command template's placeholders (made outside the coroutine: GCC 12
// miscompiles braced lists of string literals inside one).
struct Users {
  std::string user, password;    // the case's credentials; empty: none
  std::string user2, password2;  // the second user's (cases that need "two-users")
};

std::map<std::string, std::string> command_values(const std::string& url, const Endpoint& proxy, const Users& u,
                                                  const ClientRunContext& ctx) {
  const UrlParts parts = url_parts(url);
  auto proxy_url = [&](const std::string& user, const std::string& password) {
    return "http://" + (user.empty() ? std::string() : user + ":" + password + "@") + proxy.authority();
  };
  return {{"proxy", proxy_url(u.user, u.password)}, {"proxy_host", proxy.host},
          {"proxy_port", std::to_string(proxy.port)}, {"url", url}, {"url_host", parts.host}, {"url_port", parts.port},
          {"cafile", ctx.cafile}, {"user", u.user}, {"password", u.password},
          {"dir", ctx.client->dir.string()}, {"build", ctx.client->build_dir},
          {"proxy2", proxy_url(u.user2, u.password2)}, {"user2", u.user2}, {"password2", u.password2}};
}

std::map<std::string, std::string, std::less<>> credential_texts(const Users& u) {
  std::map<std::string, std::string, std::less<>> t{
      {"auth.user", u.user}, {"auth.password", u.password},
      {"auth.basic", basic_credentials(u.user, u.password)}, {"auth.base64", basic_token68(u.user, u.password)}};
  if (!u.user2.empty()) {
    t["auth.user2"] = u.user2;
    t["auth.password2"] = u.password2;
    t["auth.basic2"] = basic_credentials(u.user2, u.password2);
    t["auth.base64_2"] = basic_token68(u.user2, u.password2);
  }
  return t;
}

}  // namespace

std::string client_cannot_run(const Case& c, const ClientUnderTest& client) {
  for (const auto& need : c.needs)
    if (std::find(client.supports.begin(), client.supports.end(), need) == client.supports.end())
      return "the client does not declare '" + need + "' (supports = [...] in its profile, or --capability)";
  auto scheme = scheme_of(c.client.url);
  if (std::find(client.schemes.begin(), client.schemes.end(), scheme) == client.schemes.end())
    return "the client does not fetch " + scheme + ":// URLs (schemes = [...] in its profile)";
  return {};
}

asio::awaitable<CaseResult> run_client_case(const Case& c, const ClientRunContext& ctx) {
  CaseResult result;
  result.test = &c;
  auto started = Clock::now();
  if (auto why = client_cannot_run(c, *ctx.client); !why.empty()) co_return skipped(c, why);
  for (const auto& o : c.origins)
    if (o.host == "::1" && !ctx.ipv6_available)
      co_return skipped(c, "origin '" + o.name + "' needs IPv6 loopback (::1), which this machine does not have");

  auto trace = std::make_shared<CaseTrace>(ctx.executor);
  ClientRecord record;
  try {
    auto& io = static_cast<asio::io_context&>(asio::query(ctx.executor, asio::execution::context));
    for (const auto& spec : c.origins) {
      auto origin = make_origin(io, spec, trace, ctx.tls_server);
      origin->start();
      record.values[spec.name] = Endpoint{origin->endpoint().address().to_string(), origin->endpoint().port()};
      record.origins.emplace(spec.name, std::move(origin));
    }
  } catch (const std::exception& e) {
    for (auto& [name, o] : record.origins) o->stop();
    co_return not_run(c, std::string("could not start the case's origins: ") + e.what());
  }

  // A case that needs two users runs the two-user command: the second user differs in name and
  // password, and the scripted proxy accepts either user's credentials.
  const bool two_users = std::find(c.needs.begin(), c.needs.end(), "two-users") != c.needs.end();
  Users users;
  std::vector<std::string> accepted;
  if (c.client.credentials) {
    users.user = "connectspec";
    users.password = fresh_password();
    accepted.push_back(basic_credentials(users.user, users.password));
    if (two_users) {
      users.user2 = "connectspec-2";
      users.password2 = fresh_password();
      accepted.push_back(basic_credentials(users.user2, users.password2));
    }
    record.texts = credential_texts(users);
  }
  ScriptedProxy proxy(ctx.executor, c.replies, record.origins.at(c.client.tunnel)->endpoint(), accepted, trace);
  Endpoint proxy_ep = proxy.start();
  record.values["proxy"] = proxy_ep;

  const std::string url = expand_placeholders(c.client.url, record.values, record.texts);
  const std::string command = fill_client_command(two_users ? ctx.client->two_users_command : ctx.client->command,
                                                  command_values(url, proxy_ep, users, ctx));
  trace->log.note("client process", "runs: " + command);

  std::vector<std::string> env;
  env.push_back("CONNECTSPEC_CLIENT_BUILD=" + ctx.client->build_dir);
  record.run = co_await run_client_command(ctx.executor, command, ctx.client->dir, env, ctx.scaled(c.timeout_ms));
  const ClientRun& run = record.run;
  trace->log.note("client process", describe_run(run));
  if (!run.out.empty())
    trace->log.note("client process", "stdout" + std::string(run.out_truncated ? " (cut at 1 MiB)" : "") + ": " + run.out.substr(0, 4096));
  if (!run.err.empty())
    trace->log.note("client process", "stderr" + std::string(run.err_truncated ? " (cut at 64 KiB)" : "") + ": " + run.err.substr(0, 4096));

  // The client is gone; let the proxy's connections record their ends, within a bound.
  for (auto until = Clock::now() + kSettle; proxy.active() > 0 && Clock::now() < until;) {
    asio::steady_timer tick(ctx.executor, std::chrono::milliseconds(10));
    co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  record.requests = proxy.requests();
  proxy.stop();
  for (auto& [name, o] : record.origins) o->stop();

  using G = CheckResult::Grade;
  bool blocked = false;  // an unmet precondition: later checks are not reached
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const Step& s = c.steps[i];
    CheckResult r;
    r.step = i;
    r.keyword = s.keyword;
    r.level = c.level_of(s);
    r.requirement = c.requirement_of(s);
    r.pos = s.pos;
    if (blocked) {
      r.grade = G::not_reached;
      r.observed = "not reached: an earlier precondition was not met";
      result.checks.push_back(std::move(r));
      continue;
    }
    Judgement j;
    if (auto* a = std::get_if<step::ExpectRequest>(&s.action)) j = judge_request(*a, record);
    else if (auto* a = std::get_if<step::ExpectClient>(&s.action)) j = judge_client(*a, record);
    else if (auto* a = std::get_if<step::ExpectOrigin>(&s.action)) j = judge_origin(*a, record);
    else continue;
    r.expected = std::move(j.expected);
    r.observed = std::move(j.observed);
    if (j.met) r.grade = G::ok;
    else if (s.precondition || !j.applies) r.grade = G::not_reached, r.precondition = true, blocked = s.precondition;
    else r.grade = r.level == Level::must ? G::failed : r.level == Level::should ? G::warned : G::info;
    result.checks.push_back(std::move(r));
  }
  grade(result, c.level, ctx.strict);
  result.streams = trace->log.streams();
  result.transcript = trace->log.take();
  result.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  co_return result;
}

}  // namespace connectspec
