#include <catch2/catch.hpp>

#include <cctype>
#include <map>
#include <sstream>
#include <stdexcept>

#include "report/run/junit_report.hpp"
#include "sample_results.hpp"

using namespace connectspec;

namespace {

// A strict little XML reader, enough to prove the report is well-formed XML 1.0 and to read it
// back: elements, double-quoted attributes, text, the five entities and character references.
struct Node {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::string text;
  std::vector<Node> children;

  const Node& child(std::string_view n) const {
    for (const auto& c : children)
      if (c.name == n) return c;
    throw std::runtime_error("no child " + std::string(n) + " in " + name);
  }
  bool has(std::string_view n) const {
    for (const auto& c : children)
      if (c.name == n) return true;
    return false;
  }
  std::vector<const Node*> all(std::string_view n) const {
    std::vector<const Node*> out;
    for (const auto& c : children)
      if (c.name == n) out.push_back(&c);
    return out;
  }
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view s) : s_(s) { check_characters(); }

  Node document() {
    const std::string decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    if (s_.substr(0, decl.size()) != decl) fail("missing XML declaration");
    i_ = decl.size();
    Node root = element();
    skip_space();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(what + " at offset " + std::to_string(i_));
  }

  // Raw control characters are never allowed, and the document must be valid UTF-8.
  void check_characters() const {
    for (std::size_t k = 0; k < s_.size(); ++k) {
      const auto c = static_cast<unsigned char>(s_[k]);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        throw std::runtime_error("raw control byte " + std::to_string(c));
      if (c < 0x80) continue;
      const std::size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
      if (len == 0 || c > 0xf4 || k + len > s_.size()) throw std::runtime_error("bad UTF-8");
      for (std::size_t j = 1; j < len; ++j)
        if ((static_cast<unsigned char>(s_[k + j]) & 0xc0) != 0x80) throw std::runtime_error("bad UTF-8");
      k += len - 1;
    }
    if (s_.find("]]>") != std::string_view::npos) throw std::runtime_error("]]> in character data");
  }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }

  std::string name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == '_' || s_[i_] == '.' || s_[i_] == ':'))
      ++i_;
    if (i_ == start) fail("expected a name");
    return std::string(s_.substr(start, i_ - start));
  }

  void expect(char c) {
    if (i_ >= s_.size() || s_[i_] != c) fail(std::string("expected ") + c);
    ++i_;
  }

  std::string entity() {
    const std::size_t end = s_.find(';', i_);
    if (end == std::string_view::npos) fail("unterminated reference");
    const std::string ref(s_.substr(i_ + 1, end - i_ - 1));
    i_ = end + 1;
    if (ref == "amp") return "&";
    if (ref == "lt") return "<";
    if (ref == "gt") return ">";
    if (ref == "quot") return "\"";
    if (ref == "apos") return "'";
    if (ref.size() > 1 && ref[0] == '#') {
      const long code = ref[1] == 'x' ? std::stol(ref.substr(2), nullptr, 16) : std::stol(ref.substr(1));
      if (code != 9 && code != 10 && code != 13 && (code < 0x20 || code > 0x7e)) fail("unexpected &#" + ref);
      return std::string(1, static_cast<char>(code));
    }
    fail("unknown entity &" + ref + ";");
  }

  std::string attribute_value() {
    expect('"');
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '<') fail("< in attribute");
      if (s_[i_] == '&') {
        out += entity();
      } else {
        // Attribute normalisation: a literal whitespace character reads back as a space.
        out += (s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r') ? ' ' : s_[i_];
        ++i_;
      }
    }
    expect('"');
    return out;
  }

  Node element() {
    expect('<');
    Node node;
    node.name = name();
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) fail("unterminated tag");
      if (s_[i_] == '/') {
        ++i_;
        expect('>');
        return node;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      std::string key = name();
      expect('=');
      if (node.attrs.count(key)) fail("duplicate attribute " + key);
      node.attrs[key] = attribute_value();
    }
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated element " + node.name);
      if (s_.substr(i_, 2) == "</") {
        i_ += 2;
        if (name() != node.name) fail("mismatched end tag for " + node.name);
        skip_space();
        expect('>');
        return node;
      }
      if (s_[i_] == '<') {
        node.children.push_back(element());
      } else if (s_[i_] == '&') {
        node.text += entity();
      } else {
        node.text += s_[i_] == '\r' ? '\n' : s_[i_];  // end-of-line handling
        ++i_;
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

Node parse(const std::string& xml) { return XmlReader(xml).document(); }

Case make_case(std::string id, std::string topic) {
  Case c;
  c.id = std::move(id);
  c.topic = std::move(topic);
  c.level = Level::must;
  c.requirements = {"REQ-1", "REQ-2"};
  c.rfc = "RFC 9110 \xc2\xa7" "9.3.6";
  c.pos = {"cases/" + c.topic + "/" + c.id + ".toml", 1, 1};
  return c;
}

CaseResult make_result(const Case& c, Outcome o, std::string reason, double ms) {
  CaseResult r;
  r.test = &c;
  r.outcome = o;
  r.reason = std::move(reason);
  r.duration_ms = ms;
  return r;
}

RunInfo make_run() {
  RunInfo run;
  run.implementation = "refproxy";
  run.wall_ms = 1234.5;
  return run;
}

std::string render_junit(const std::vector<CaseResult>& results) {
  std::ostringstream out;
  write_junit_report(out, make_run(), results);
  return out.str();
}

}  // namespace

TEST_CASE("JUnit report counts per testsuite, in first-appearance order", "[report][junit]") {
  const Case a1 = make_case("target.a", "target"), b1 = make_case("tunnel.b", "tunnel"),
             a2 = make_case("target.c", "target"), b2 = make_case("tunnel.d", "tunnel"),
             a3 = make_case("target.e", "target"), c1 = make_case("limits.f", "limits");
  std::vector<CaseResult> results = {
      make_result(a1, Outcome::pass, "", 10),  make_result(b1, Outcome::fail, "boom", 20),
      make_result(a2, Outcome::error, "crash", 30), make_result(b2, Outcome::warn, "meh", 40),
      make_result(a3, Outcome::skip, "no v6", 0),  make_result(c1, Outcome::info, "saw 502", 5)};

  const Node root = parse(render_junit(results));
  CHECK(root.name == "testsuites");
  CHECK(root.attrs.at("name") == "connectspec");
  CHECK(root.attrs.at("tests") == "6");
  CHECK(root.attrs.at("failures") == "1");
  CHECK(root.attrs.at("errors") == "1");
  CHECK(root.attrs.at("skipped") == "1");
  CHECK(root.attrs.at("time") == "1.234");

  const auto suites = root.all("testsuite");
  REQUIRE(suites.size() == 3);
  CHECK(suites[0]->attrs.at("name") == "target");
  CHECK(suites[1]->attrs.at("name") == "tunnel");
  CHECK(suites[2]->attrs.at("name") == "limits");

  const Node& target = *suites[0];
  CHECK(target.attrs.at("tests") == "3");
  CHECK(target.attrs.at("failures") == "0");
  CHECK(target.attrs.at("errors") == "1");
  CHECK(target.attrs.at("skipped") == "1");
  CHECK(target.attrs.at("time") == "0.040");
  const auto target_cases = target.all("testcase");
  REQUIRE(target_cases.size() == 3);
  CHECK(target_cases[0]->attrs.at("name") == "target.a");
  CHECK(target_cases[0]->attrs.at("classname") == "connectspec.target");
  CHECK(target_cases[0]->attrs.at("time") == "0.010");
  CHECK(target_cases[0]->attrs.at("file") == "cases/target/target.a.toml");
  CHECK_FALSE(target_cases[0]->has("failure"));
  CHECK_FALSE(target_cases[0]->has("system-out"));
  CHECK(target_cases[1]->child("error").attrs.at("message") == "crash");
  CHECK(target_cases[2]->child("skipped").attrs.at("message") == "no v6");

  const auto props = target_cases[0]->child("properties").all("property");
  REQUIRE(props.size() == 3);
  CHECK(props[0]->attrs.at("name") == "level");
  CHECK(props[0]->attrs.at("value") == "MUST");
  CHECK(props[1]->attrs.at("value") == "REQ-1,REQ-2");
  CHECK(props[2]->attrs.at("value") == "RFC 9110 \xc2\xa7" "9.3.6");

  const Node& tunnel = *suites[1];
  CHECK(tunnel.attrs.at("tests") == "2");
  CHECK(tunnel.attrs.at("failures") == "1");
  CHECK(tunnel.attrs.at("errors") == "0");
  CHECK(tunnel.attrs.at("skipped") == "0");
  const auto tunnel_cases = tunnel.all("testcase");
  CHECK(tunnel_cases[0]->child("failure").attrs.at("message") == "boom");
  CHECK(tunnel_cases[0]->child("failure").attrs.at("type") == "MUST");
  CHECK_FALSE(tunnel_cases[1]->has("failure"));
  CHECK(tunnel_cases[1]->child("system-out").text.rfind("WARN: meh", 0) == 0);

  CHECK(suites[2]->all("testcase")[0]->child("system-out").text.rfind("INFO: saw 502", 0) == 0);
}

TEST_CASE("JUnit report stays well-formed with hostile content", "[report][junit]") {
  using namespace std::string_literals;
  Case c = make_case("tunnel.weird<&>\"'", "tunnel");
  c.rfc = "]]> & <![CDATA[";
  CaseResult r = make_result(c, Outcome::fail, "observed \"HTTP/1.1 200\x01\x1b[0m\" ]]> <b>'x'</b> \xff", 5);
  r.checks.push_back({1, "expect_data", CheckResult::Grade::failed, "\"PING\"",
                      "\"P\0NG\r\n\""s, {"f.toml", 9, 3}, Level::must, ""});
  r.checks.push_back({0, "expect_status", CheckResult::Grade::ok, "200", "200", {"f.toml", 5, 1}, Level::must, ""});
  WireEvent e;
  e.leg = "client";
  e.from_proxy = true;
  e.kind = WireEvent::Kind::data;
  e.bytes = "\0\x01\x7f\xff]]><![CDATA[&amp;\"'\r\n"s;
  e.size = e.bytes.size();
  r.transcript.push_back(e);
  r.proxy_log_tail = "fatal: \0\x08 ]]> </testcase>\n"s;
  const std::string xml = render_junit({r});

  Node root;
  REQUIRE_NOTHROW(root = parse(xml));
  const Node& tc = root.child("testsuite").child("testcase");
  CHECK(tc.attrs.at("name") == "tunnel.weird<&>\"'");
  const Node& failure = tc.child("failure");
  CHECK(failure.attrs.at("message") == "observed \"HTTP/1.1 200\\x01\\x1b[0m\" ]]> <b>'x'</b> \\xff");
  // The failed check is listed, the passing one is not.
  CHECK(failure.text.find("failed: MUST (]]> & <![CDATA[) \xe2\x80\x94 expect_data: expected \"PING\", observed \"P\\x00NG\r\n\" (f.toml:9:3)") !=
        std::string::npos);
  CHECK(failure.text.find("expect_status") == std::string::npos);
  // Transcript bytes are rendered losslessly with visible_bytes.
  CHECK(failure.text.find("from proxy  data 25: \\0\\x01\\x7f\\xff]]><![CDATA[&amp;\"'\\r\\n\n") !=
        std::string::npos);
  CHECK(tc.child("properties").all("property")[2]->attrs.at("value") == "]]> & <![CDATA[");
  CHECK(tc.child("system-err").text == "fatal: \\x00\\x08 ]]> </testcase>\n");
}

TEST_CASE("JUnit failure body is capped and keeps the end of the transcript", "[report][junit]") {
  const Case c = make_case("tunnel.big", "tunnel");
  CaseResult r = make_result(c, Outcome::fail, "too much", 5);
  r.checks.push_back({3, "expect_echo", CheckResult::Grade::failed, "echo", "nothing", {"f.toml", 2, 1}, Level::must, ""});
  for (int k = 0; k < 500; ++k) {
    WireEvent e;
    e.leg = "client";
    e.kind = WireEvent::Kind::data;
    e.bytes = "event-" + std::to_string(k) + std::string(1000, 'z');
    e.size = e.bytes.size();
    r.transcript.push_back(e);
  }
  const Node root = parse(render_junit({r}));
  const std::string& body = root.child("testsuite").child("testcase").child("failure").text;
  CHECK(body.size() <= 9 * 1024);
  // Cited with the case's RFC section when the check names no requirement the notes know.
  CHECK(body.rfind("failed: MUST (RFC 9110 \xc2\xa7" "9.3.6) \xe2\x80\x94 expect_echo: expected echo", 0) == 0);
  CHECK(body.find("event-499") != std::string::npos);
  CHECK(body.find("event-0z") == std::string::npos);
  CHECK(body.find(" of 500 events):") != std::string::npos);
}

TEST_CASE("JUnit cites each check not met: grade, level, requirement, RFC section, keyword, paraphrase", "[report][junit]") {
  connectspec::testing::GradedResults g;
  std::ostringstream out;
  write_junit_report(out, g.run, g.results, g.notes);
  const Node root = parse(out.str());
  std::map<std::string, const Node*> cases;
  for (const auto* suite : root.all("testsuite"))
    for (const auto* tc : suite->all("testcase")) cases[tc->attrs.at("name")] = tc;

  // A MUST violated: a <failure> whose message is the reason (as the JSON has it), typed MUST;
  // its body cites the failed check and the one it kept from being reached.
  const Node& failure = cases.at("target.port-missing")->child("failure");
  CHECK(failure.attrs.at("message") == g.results[0].reason);
  CHECK(failure.attrs.at("type") == "MUST");
  CHECK(failure.text.rfind("failed: MUST R9110-9.3.6-b (RFC 9110 \xc2\xa7" "9.3.6): a CONNECT to an invalid port is rejected "
                           "\xe2\x80\x94 expect_status: expected status 4xx, observed HTTP/1.1 200 OK "
                           "(cases/target/port-missing.toml:12:1)\n", 0) == 0);
  CHECK(failure.text.find("\nnot reached: MUST R9110-9.3.6-b (RFC 9110 \xc2\xa7" "9.3.6): a CONNECT to an invalid port is rejected "
                          "\xe2\x80\x94 expect_closed: not reached: step 1 (expect_status) failed first") != std::string::npos);

  // A SHOULD not followed: not a <failure>; its <system-out> cites it first.
  const Node& warned = *cases.at("headers.proxy-connection");
  CHECK_FALSE(warned.has("failure"));
  CHECK(warned.child("system-out").text.rfind(
            "WARN: SHOULD R9110-7.6.1-c (RFC 9110 \xc2\xa7" "7.6.1): a proxy removes Proxy-Connection before forwarding "
            "\xe2\x80\x94 expect_upstream: expected Proxy-Connection absent", 0) == 0);
  CHECK(warned.child("system-out").text.find("\nwarned: SHOULD R9110-7.6.1-c") != std::string::npos);

  // A note: a pass that says what was unusual.
  const Node& noted = *cases.at("target.port-zero");
  CHECK_FALSE(noted.has("failure"));
  CHECK(noted.child("system-out").text.rfind("NOTE: 503 where 400 is usual\nnoted: MUST R9110-9.3.6-b", 0) == 0);
  CHECK(root.attrs.at("failures") == "1");
}

TEST_CASE("JUnit under --strict: a SHOULD warning is a <failure> of type SHOULD", "[report][junit]") {
  connectspec::testing::GradedResults g;
  g.run.strict = true;
  g.results[1].outcome = Outcome::fail;
  std::ostringstream out;
  write_junit_report(out, g.run, g.results, g.notes);
  const Node root = parse(out.str());
  CHECK(root.attrs.at("failures") == "2");
  for (const auto* suite : root.all("testsuite"))
    for (const auto* tc : suite->all("testcase"))
      if (tc->attrs.at("name") == "headers.proxy-connection") {
        CHECK(tc->child("failure").attrs.at("type") == "SHOULD");
        CHECK(tc->child("failure").text.rfind("warned: SHOULD R9110-7.6.1-c (RFC 9110 \xc2\xa7" "7.6.1): a proxy removes", 0) == 0);
      }
}

TEST_CASE("JUnit: a case re-run by --confirm has its re-runs as properties: an unstable pass says so", "[report][junit]") {
  connectspec::testing::GradedResults g;
  CaseResult& flaky = g.results[0];
  flaky.first_outcome = Outcome::fail;
  flaky.reruns = {Outcome::pass};
  flaky.unstable = true;
  flaky.outcome = Outcome::pass;
  flaky.reason = "unstable: fail then pass on re-run; " + flaky.reason;
  std::ostringstream out;
  write_junit_report(out, g.run, g.results, g.notes);
  const Node root = parse(out.str());
  CHECK(root.attrs.at("failures") == "0");
  for (const auto* suite : root.all("testsuite"))
    for (const auto* tc : suite->all("testcase"))
      if (tc->attrs.at("name") == "target.port-missing") {
        const auto props = tc->child("properties").all("property");
        REQUIRE(props.size() == 5);
        CHECK(props[3]->attrs.at("name") == "reruns");
        CHECK(props[3]->attrs.at("value") == "fail then pass");
        CHECK(props[4]->attrs.at("value") == "true");
        CHECK_FALSE(tc->has("failure"));
        CHECK(tc->child("system-out").text.rfind("UNSTABLE: unstable: fail then pass on re-run; expect_status:", 0) == 0);
      }
}

TEST_CASE("JUnit testsuites carry the run's implementation and protocol as properties", "[report][junit][protocol]") {
  connectspec::testing::GradedResults g;
  g.run.implementation = "nghttpx 1.52.0";
  g.run.protocol = Protocol::h2c;
  g.run.network = "this machine's (--host-network)";
  std::ostringstream out;
  write_junit_report(out, g.run, g.results, g.notes);
  const Node root = parse(out.str());
  REQUIRE_FALSE(root.all("testsuite").empty());
  for (const auto* suite : root.all("testsuite")) {
    std::map<std::string, std::string> props;
    for (const auto* p : suite->child("properties").all("property")) props[p->attrs.at("name")] = p->attrs.at("value");
    CHECK(props == std::map<std::string, std::string>{{"implementation", "nghttpx 1.52.0"},
                                                      {"protocol", "h2c"},
                                                      {"network", "this machine's (--host-network)"}});
  }
}

TEST_CASE("JUnit: a failure names the case's origins and their addresses before the transcript", "[report][junit]") {
  connectspec::testing::SampleResults sample;  // results[1] failed; its origins: main and v6
  std::ostringstream out;
  write_junit_report(out, sample.run, sample.results, {});
  const std::string xml = out.str();
  const auto origins = xml.find("origins: main (echo) at 127.0.0.1:40123; v6 (banner) at [::1]:40124");
  REQUIRE(origins != std::string::npos);
  CHECK(origins < xml.find("transcript", origins));
}
