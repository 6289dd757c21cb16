// The profile templates: {{placeholder}} values, {{#section}}/{{^section}} switched per variant,
// and every mistake reported at the exact line and column of the tag that is wrong.
#include <catch2/catch.hpp>

#include <string>

#include "profile/profile_loader.hpp"
#include "profile/template_text.hpp"

using namespace connectspec;

namespace {

TemplateValues values(std::initializer_list<std::string> active = {}) {
  TemplateValues v;
  v.values = {{"host", "127.0.0.1"}, {"port", "3128"}, {"user", "alice"}, {"password", "s3cret"}, {"empty", ""}};
  v.sections = {"auth", "upstream", "port_policy"};
  for (const auto& a : active) v.active.insert(a);
  return v;
}

std::string ok(std::string_view text, const TemplateValues& v) {
  Rendered r = render_template(text, v);
  INFO("template: " << text);
  if (r.error) FAIL_CHECK("unexpected error " << r.error->line << ":" << r.error->column << ": " << r.error->message);
  return r.text;
}

TemplateError error_of(std::string_view text, const TemplateValues& v = values()) {
  Rendered r = render_template(text, v);
  INFO("template: " << text << "\nrendered: " << r.text);
  REQUIRE(r.error.has_value());
  return *r.error;
}

}  // namespace

#define REQUIRE_TEMPLATE_ERROR(text, line_, col_, part)                                          \
  do {                                                                                           \
    TemplateError e_ = error_of(text);                                                           \
    INFO("error: " << e_.line << ":" << e_.column << ": " << e_.message);                        \
    CHECK(e_.line == (line_));                                                                   \
    CHECK(e_.column == (col_));                                                                  \
    CHECK_THAT(e_.message, Catch::Matchers::Contains(part));                                     \
  } while (false)

TEST_CASE("text without tags is kept verbatim", "[template]") {
  auto v = values();
  CHECK(ok("", v).empty());
  CHECK(ok("http_port 3128\n", v) == "http_port 3128\n");
  CHECK(ok("a { b } c}} d", v) == "a { b } c}} d");  // a lone '}}' or single braces are text
  CHECK(ok("multi\nline\n\ntext", v) == "multi\nline\n\ntext");
}

TEST_CASE("placeholders are replaced by their values", "[template]") {
  auto v = values();
  CHECK(ok("{{host}}", v) == "127.0.0.1");
  CHECK(ok("listen {{host}}:{{port}}\n", v) == "listen 127.0.0.1:3128\n");
  CHECK(ok("{{port}}{{port}}", v) == "31283128");
  CHECK(ok("x{{empty}}y", v) == "xy");
  CHECK(ok("line1\n  {{user}}:{{password}}\nline3", v) == "line1\n  alice:s3cret\nline3");
}

TEST_CASE("{{#section}} keeps its text only when the section is on", "[template]") {
  CHECK(ok("a{{#auth}}B{{/auth}}c", values()) == "ac");
  CHECK(ok("a{{#auth}}B{{/auth}}c", values({"auth"})) == "aBc");
  CHECK(ok("a{{#auth}}B{{/auth}}c", values({"upstream"})) == "ac");
  // Multi-line sections, as in a config file.
  std::string conf = "port {{port}}\n{{#auth}}auth_param basic\nacl users {{user}}\n{{/auth}}end\n";
  CHECK(ok(conf, values()) == "port 3128\nend\n");
  CHECK(ok(conf, values({"auth"})) == "port 3128\nauth_param basic\nacl users alice\nend\n");
}

TEST_CASE("{{^section}} keeps its text only when the section is off", "[template]") {
  CHECK(ok("a{{^auth}}B{{/auth}}c", values()) == "aBc");
  CHECK(ok("a{{^auth}}B{{/auth}}c", values({"auth"})) == "ac");
  CHECK(ok("{{#upstream}}forward{{/upstream}}{{^upstream}}direct{{/upstream}}", values()) == "direct");
  CHECK(ok("{{#upstream}}forward{{/upstream}}{{^upstream}}direct{{/upstream}}", values({"upstream"})) == "forward");
}

TEST_CASE("a switched-off section hides its placeholders", "[template]") {
  CHECK(ok("{{#auth}}{{user}}:{{password}}{{/auth}}", values()) == "");
  CHECK(ok("{{#auth}}{{user}}:{{password}}{{/auth}}", values({"auth"})) == "alice:s3cret");
  CHECK(ok("{{^auth}}{{host}}{{/auth}}", values({"auth"})) == "");
}

TEST_CASE("nested sections need every enclosing section on", "[template]") {
  const char* t = "<{{#auth}}A{{#upstream}}U{{user}}{{/upstream}}a{{/auth}}>";
  CHECK(ok(t, values()) == "<>");
  CHECK(ok(t, values({"auth"})) == "<Aa>");
  CHECK(ok(t, values({"upstream"})) == "<>");  // the inner one is on, the outer one off
  CHECK(ok(t, values({"auth", "upstream"})) == "<AUalicea>");

  // An inverted section inside an off section stays off; the text after the inner close is
  // governed by the outer section again.
  const char* inv = "{{#auth}}x{{^upstream}}y{{/upstream}}z{{/auth}}w";
  CHECK(ok(inv, values()) == "w");
  CHECK(ok(inv, values({"auth"})) == "xyzw");
  CHECK(ok(inv, values({"auth", "upstream"})) == "xzw");
  CHECK(ok(inv, values({"upstream"})) == "w");

  // The same section may be opened again after it is closed.
  CHECK(ok("{{#auth}}1{{/auth}}-{{#auth}}2{{/auth}}", values({"auth"})) == "1-2");
}

TEST_CASE("an unknown placeholder is an error at its '{{'", "[template]") {
  REQUIRE_TEMPLATE_ERROR("{{hots}}", 1, 1, "unknown placeholder '{{hots}}'");
  REQUIRE_TEMPLATE_ERROR("listen {{host}}:{{prot}}", 1, 17, "unknown placeholder '{{prot}}'");
  REQUIRE_TEMPLATE_ERROR("a\nbb\n  ccc {{nope}} d\n", 3, 7, "unknown placeholder '{{nope}}'");
  // Even inside a section that is off: a typo must not hide until the variant that uses it.
  REQUIRE_TEMPLATE_ERROR("{{#auth}}\n{{usr}}\n{{/auth}}", 2, 1, "unknown placeholder '{{usr}}'");
  // A section name is not a value.
  REQUIRE_TEMPLATE_ERROR("{{auth}}", 1, 1, "unknown placeholder '{{auth}}'");
}

TEST_CASE("an unknown section is an error at its tag", "[template]") {
  REQUIRE_TEMPLATE_ERROR("x {{#atuh}}y{{/atuh}}", 1, 3, "unknown section 'atuh'");
  REQUIRE_TEMPLATE_ERROR("line\n\t{{^tls}}no{{/tls}}", 2, 2, "unknown section 'tls'");
  // A value is not a section.
  REQUIRE_TEMPLATE_ERROR("{{#host}}x{{/host}}", 1, 1, "unknown section 'host'");
}

TEST_CASE("a section never closed is an error at its opening tag", "[template]") {
  REQUIRE_TEMPLATE_ERROR("a\n{{#auth}}\nb\n", 2, 1, "section 'auth' is never closed");
  // The innermost open one is named.
  REQUIRE_TEMPLATE_ERROR("{{#auth}}\n  {{^upstream}}x{{/upstream}}\n  {{#port_policy}}y\n", 3, 3,
                         "section 'port_policy' is never closed");
  REQUIRE_TEMPLATE_ERROR("{{#auth}}{{^upstream}}x{{/upstream}}", 1, 1, "section 'auth' is never closed");
}

TEST_CASE("a close that does not match the open section is an error at the close", "[template]") {
  REQUIRE_TEMPLATE_ERROR("{{#auth}}x{{/upstream}}", 1, 11, "'{{/upstream}}' closes section 'auth'");
  REQUIRE_TEMPLATE_ERROR("a\n{{/auth}}", 2, 1, "'{{/auth}}' closes no section");
  // Crossed sections.
  REQUIRE_TEMPLATE_ERROR("{{#auth}}{{#upstream}}x{{/auth}}{{/upstream}}", 1, 24, "'{{/auth}}' closes section 'upstream'");
  // Closing twice.
  REQUIRE_TEMPLATE_ERROR("{{#auth}}x{{/auth}}\n{{/auth}}", 2, 1, "'{{/auth}}' closes no section");
}

TEST_CASE("'{{' without '}}' is an error at the '{{'", "[template]") {
  REQUIRE_TEMPLATE_ERROR("port {{port", 1, 6, "'{{' without a closing '}}'");
  REQUIRE_TEMPLATE_ERROR("ok {{port}}\nthen {{host\n", 2, 6, "'{{' without a closing '}}'");
  REQUIRE_TEMPLATE_ERROR("{{", 1, 1, "without a closing");
}

TEST_CASE("a tag whose name is not lowercase letters, digits and '_' is an error", "[template]") {
  REQUIRE_TEMPLATE_ERROR("{{}}", 1, 1, "'{{}}' is not a placeholder");
  REQUIRE_TEMPLATE_ERROR("a {{ host }}", 1, 3, "'{{ host }}' is not a placeholder");
  REQUIRE_TEMPLATE_ERROR("a\nb {{Host}}", 2, 3, "'{{Host}}' is not a placeholder");
  REQUIRE_TEMPLATE_ERROR("{{upstream-host}}", 1, 1, "'{{upstream-host}}' is not a placeholder");
  REQUIRE_TEMPLATE_ERROR("x{{#}}y{{/}}", 1, 2, "'{{#}}' is not a placeholder");
  REQUIRE_TEMPLATE_ERROR("{{!comment}}", 1, 1, "'{{!comment}}' is not a placeholder");
  REQUIRE_TEMPLATE_ERROR("{{{host}}}", 1, 1, "is not a placeholder");
  // The message names the allowed characters.
  CHECK_THAT(error_of("{{A}}").message, Catch::Matchers::Contains("lowercase letters, digits and '_'"));
}

TEST_CASE("the first error stops the rendering", "[template]") {
  TemplateError e = error_of("{{nope}} {{#bad}}");
  CHECK(e.line == 1);
  CHECK(e.column == 1);
  CHECK_THAT(e.message, Catch::Matchers::Contains("nope"));
}

TEST_CASE("template_names() knows every documented placeholder and section", "[template][profile]") {
  TemplateValues v = template_names();
  for (const char* name : {"host", "port", "workdir", "profile_dir", "bin_dir", "user", "password", "upstream_host",
                           "upstream_port", "tls_cert", "tls_key"}) {
    INFO(name);
    CHECK(v.values.count(name) == 1);
  }
  CHECK(v.values.size() == 11);
  CHECK(v.sections == std::set<std::string, std::less<>>{"auth", "upstream", "port_policy", "loopback_denied", "tls"});
  CHECK(v.active.empty());
  // Every documented name renders.
  Rendered r = render_template(
      "{{host}}{{port}}{{workdir}}{{profile_dir}}{{bin_dir}}{{user}}{{password}}{{upstream_host}}{{upstream_port}}"
      "{{tls_cert}}{{tls_key}}{{#auth}}{{/auth}}{{^upstream}}{{/upstream}}{{#port_policy}}{{/port_policy}}"
      "{{#loopback_denied}}{{/loopback_denied}}{{#tls}}{{/tls}}",
      v);
  CHECK_FALSE(r.error.has_value());
}
