#include "engine/client_checks.hpp"

#include <regex>

#include "engine/case_session.hpp"
#include "http/head_fields.hpp"
#include "origins/generated_bytes.hpp"

namespace connectspec {

namespace {

std::string bytes_of(const Payload& p, const ClientRecord& r) {
  if (p.is_generated()) return generated_bytes(*p.generated_size, p.seed);
  return expand_placeholders(p.text, r.values, r.texts);
}

std::string nth(int n) {
  switch (n) {
    case 1: return "first";
    case 2: return "second";
    case 3: return "third";
  }
  return std::to_string(n) + "th";
}

std::string_view first_line(std::string_view head) { return head.substr(0, head.find("\r\n")); }

// The request-target: between the first and the second space of the request line.
std::string target_of(std::string_view head) {
  auto line = first_line(head);
  auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return {};
  auto sp2 = line.find(' ', sp1 + 1);
  return std::string(line.substr(sp1 + 1, sp2 == std::string_view::npos ? std::string_view::npos : sp2 - sp1 - 1));
}

Judgement judged(bool ok, std::string expected, std::string observed) {
  Judgement j;
  j.met = ok;
  j.expected = std::move(expected);
  j.observed = std::move(observed);
  return j;
}
Judgement met(std::string expected, std::string observed) { return judged(true, std::move(expected), std::move(observed)); }
Judgement unmet(std::string expected, std::string observed) { return judged(false, std::move(expected), std::move(observed)); }

// The request heads inside what an origin received (decrypted, for an https origin).
std::vector<std::string> request_heads(const std::string& received) {
  std::vector<std::string> heads;
  std::size_t at = 0;
  while (at < received.size()) {
    auto end = received.find("\r\n\r\n", at);
    heads.push_back(received.substr(at, end == std::string::npos ? std::string::npos : end + 4 - at));
    if (end == std::string::npos) break;
    at = end + 4;
  }
  return heads;
}

}  // namespace

Judgement judge_request(const step::ExpectRequest& a, const ClientRecord& r) {
  const int received = static_cast<int>(r.requests.size());
  if (a.requests && received != *a.requests)
    return unmet("the proxy to receive " + std::to_string(*a.requests) + " request" + (*a.requests == 1 ? "" : "s"),
                 std::to_string(received) + " received");
  if (received < a.index)
    return unmet("a " + nth(a.index) + " request to the proxy",
                 received == 0 ? "the client sent no request to the proxy" : "only " + std::to_string(received) + " received");
  const auto& req = r.requests[a.index - 1];
  const std::string& head = req.head;
  const std::string which = "the " + nth(a.index) + " request";
  if (a.if_version) {
    auto line = first_line(head);
    auto version = line.substr(line.rfind(' ') + 1);
    if (version != *a.if_version) {
      Judgement j = unmet(which + " in " + *a.if_version, "the client sent " + std::string(version) + " (" +
                                                              excerpt(line, 200) + "), to which this rule does not apply");
      j.applies = false;
      return j;
    }
  }
  if (a.method && first_line(head).substr(0, first_line(head).find(' ')) != *a.method)
    return unmet(which + " to be a " + *a.method, excerpt(first_line(head), 200));
  if (a.target) {
    std::string want = expand_placeholders(*a.target, r.values, r.texts);
    if (target_of(head) != want)
      return unmet(which + "'s target to be " + excerpt(want), excerpt(target_of(head)) + " in " + excerpt(first_line(head), 200));
  }
  for (const auto& name : a.present)
    if (field_values(head, name).empty()) return unmet(which + " to carry " + name, "it does not: " + excerpt(head, 300));
  for (const auto& name : a.absent)
    if (!field_values(head, name).empty()) return unmet(which + " not to carry " + name, "it does: " + excerpt(head, 300));
  for (const auto& [name, want] : a.count) {
    int n = static_cast<int>(field_values(head, name).size());
    if (n != want)
      return unmet(which + " to carry " + std::to_string(want) + " " + name + " line" + (want == 1 ? "" : "s"),
                   std::to_string(n) + ": " + excerpt(head, 300));
  }
  for (const auto& [name, most] : a.at_most) {
    int n = static_cast<int>(field_values(head, name).size());
    if (n > most)
      return unmet(which + " to carry at most " + std::to_string(most) + " " + name + " line" + (most == 1 ? "" : "s"),
                   std::to_string(n) + ": " + excerpt(head, 300));
  }
  for (const auto& [name, pattern] : a.matches) {
    std::string p = expand_placeholders(pattern, r.values, r.texts);
    auto values = field_values(head, name);
    bool any = false;
    for (const auto& v : values) any = any || std::regex_search(v, std::regex(p, std::regex::ECMAScript));
    if (!any)
      return unmet(which + "'s " + name + " to match /" + p + "/",
                   values.empty() ? "no " + name + " field: " + excerpt(head, 300) : excerpt(values.front(), 200));
  }
  if (a.same_connection) {
    const auto& before = r.requests[a.index - 2];
    bool same = before.connection == req.connection;
    if (same != *a.same_connection)
      return unmet(which + " on " + (*a.same_connection ? "the same connection as" : "another connection than") + " the one before",
                   "connection " + std::to_string(req.connection) + ", the one before on " + std::to_string(before.connection));
  }
  // RFC 9931: a client may send tunnel data before the 2xx when its CONNECT says Connection: close.
  if (a.or_connection_close && has_connection_close(head))
    return met(which + " as the case describes it (tunnel data held back, or Connection: close)", "Connection: close in " + excerpt(head, 300));
  for (bool after : {false, true}) {
    const auto& want_p = after ? a.received_after_reply : a.received_before_reply;
    if (!want_p) continue;
    std::string want = bytes_of(*want_p, r);
    const std::string& got = after ? req.after_reply : req.before_reply;
    const std::string when = after ? "after a reply that opened no tunnel" : "after " + which + "'s head, before the reply";
    if (got != want)
      return unmet("the proxy to receive " + (want.empty() ? std::string("nothing") : excerpt(want)) + " " + when +
                       (a.or_connection_close ? ", or a CONNECT with Connection: close" : ""),
                   excerpt(got) + (a.or_connection_close ? " (and no Connection: close)" : ""));
  }
  return met(which + " as the case describes it", excerpt(head, 300));
}

Judgement judge_client(const step::ExpectClient& a, const ClientRecord& r) {
  const ClientRun& run = r.run;
  std::string status = run.exit_status ? "exit status " + std::to_string(*run.exit_status) : run.problem;
  std::string err_line = run.err.substr(0, run.err.find('\n'));
  if (!err_line.empty()) status += "; stderr: " + excerpt(err_line, 160);
  if (!a.success) {
    // Not a success: a non-zero status, or killed (a client that hangs does not fetch either).
    if (run.exit_status && *run.exit_status == 0)
      return unmet("the client to fail (a non-zero exit status)", "exit status 0; stdout: " + excerpt(run.out, 120));
    return met("the client to fail", status);
  }
  if (!run.exit_status || *run.exit_status != 0) return unmet("the client to succeed (exit status 0)", status);
  if (a.output_contains) {
    std::string want = expand_placeholders(*a.output_contains, r.values, r.texts);
    if (run.out.find(want) == std::string::npos)
      return unmet("the client's output to contain " + excerpt(want), "exit status 0; stdout: " + excerpt(run.out, 160));
  }
  return met("the client to succeed", status + (run.out.empty() ? "" : "; stdout: " + excerpt(run.out, 120)));
}

Judgement judge_origin(const step::ExpectOrigin& a, const ClientRecord& r) {
  const Origin& origin = *r.origins.at(a.origin);
  const auto& conns = origin.connections();
  if (a.accepted && origin.accepted() != *a.accepted)
    return unmet("origin '" + a.origin + "' to accept " + std::to_string(*a.accepted) + " connection" + (*a.accepted == 1 ? "" : "s"),
                 std::to_string(origin.accepted()) + " accepted");
  if (a.received) {
    std::string want = bytes_of(*a.received, r);
    std::string got = conns.empty() ? std::string() : conns.front()->received;
    if (got != want) return unmet("origin '" + a.origin + "' to receive " + excerpt(want), excerpt(got));
  }
  for (const auto& conn : conns)
    for (const auto& head : request_heads(conn->received))
      for (const auto& name : a.absent)
        if (!field_values(head, name).empty())
          return unmet("no " + name + " in what origin '" + a.origin + "' received through the tunnel",
                       "it got " + name + ": " + excerpt(field_values(head, name).front(), 120) + " in " + excerpt(head, 300));
  return met("origin '" + a.origin + "' as the case describes it",
             std::to_string(origin.accepted()) + " connection" + (origin.accepted() == 1 ? "" : "s") +
                 (conns.empty() ? "" : "; received " + excerpt(conns.front()->received, 160)));
}

}  // namespace connectspec
