// The profile loader: every committed profile loads cleanly, a profile using every field becomes
// exactly the expected model, and every kind of mistake is reported at its file, line and column
// (in profile.toml or in the config template where it was written).
#include <catch2/catch.hpp>

#include "diagnostics_matchers.hpp"

#include <stdlib.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "profile/profile_loader.hpp"

using namespace connectspec;
using namespace connectspec::testing;
namespace fs = std::filesystem;

namespace {

// A throwaway profile folder: profile.toml and any other files, removed afterwards.
class TempProfile {
 public:
  explicit TempProfile(const std::string& profile_toml = {}) {
    std::string tmpl = (fs::temp_directory_path() / "connectspec-profile-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    root_ = tmpl;
    if (!profile_toml.empty()) write("profile.toml", profile_toml);
  }
  ~TempProfile() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempProfile(const TempProfile&) = delete;
  TempProfile& operator=(const TempProfile&) = delete;

  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((root_ / name).parent_path());
    std::ofstream out(root_ / name, std::ios::binary);
    out << text;
    REQUIRE(out.good());
  }
  const fs::path& dir() const { return root_; }
  std::string file(const std::string& name = "profile.toml") const {
    return (fs::absolute(root_).lexically_normal() / name).string();
  }

 private:
  fs::path root_;
};

struct Loaded {
  Profile p;
  Diagnostics problems;
};

Loaded load(const TempProfile& t) {
  Loaded l;
  l.p = load_profile(t.dir(), l.problems);
  return l;
}

// The smallest valid profile; tests append to it or write their own.
constexpr const char* kMinimal =
    "name = \"mini\"\n"                  // 1
    "description = \"d\"\n"              // 2
    "changes = \"none\"\n"               // 3
    "\n"                                 // 4
    "[launch]\n"                         // 5
    "command = [\"prog\"]\n";            // 6

}  // namespace

// ---------------------------------------------------------------------------------------------
// the committed profiles

TEST_CASE("every profile in fixtures/proxies loads with no problem", "[profile][fixtures]") {
  fs::path dir = fs::path(CONNECTSPEC_SOURCE_DIR) / "fixtures" / "proxies";
  REQUIRE(fs::is_directory(dir));
  std::set<std::string> names;
  int loaded = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_directory() || !fs::exists(entry.path() / "profile.toml")) continue;
    INFO("profile " << entry.path().string());
    Diagnostics problems;
    Profile p = load_profile(entry.path(), problems);
    INFO(dump(problems));
    CHECK(problems.empty());
    CHECK(p.dir == fs::absolute(entry.path()).lexically_normal());
    CHECK_FALSE(p.name.empty());
    CHECK(names.insert(p.name).second);  // names are unique: reports are told apart by them
    CHECK_FALSE(p.description.empty());
    CHECK_FALSE(p.changes.empty());
    CHECK_FALSE(p.command.empty());
    for (const auto& c : p.capabilities) CHECK(is_capability(c));
    ++loaded;
  }
  CHECK(loaded >= 2);
  CHECK(names.count("connectspec-refproxy") == 1);
}

TEST_CASE("the reference proxy's profile", "[profile][fixtures]") {
  Diagnostics problems;
  Profile p = load_profile(fs::path(CONNECTSPEC_SOURCE_DIR) / "fixtures" / "proxies" / "refproxy", problems);
  INFO(dump(problems));
  REQUIRE(problems.empty());
  CHECK(p.name == "connectspec-refproxy");
  CHECK(p.announce == "listening on ");
  CHECK_FALSE(p.ready_connect);
  CHECK_FALSE(p.private_network);  // the default: the mutant no-connect-timeout must be seen waiting
  CHECK(p.has_capability("basic-auth"));
  CHECK(p.has_capability("upstream"));
  CHECK(p.has_capability("port-policy"));
  CHECK(p.has_capability("loopback-denied"));
  CHECK_FALSE(p.has_capability("http2"));
  REQUIRE_FALSE(p.command.empty());
  CHECK(p.command[0] == "{{bin_dir}}/connectspec-refproxy");
}

// ---------------------------------------------------------------------------------------------
// a profile with every field

TEST_CASE("a profile using every field loads into exactly that model", "[profile]") {
  fs::path dir = fs::path(CONNECTSPEC_TEST_DATA) / "profiles" / "good";
  Diagnostics problems;
  Profile p = load_profile(dir, problems);
  INFO(dump(problems));
  REQUIRE(problems.empty());

  CHECK(p.dir == fs::absolute(dir).lexically_normal());
  CHECK(p.dir.is_absolute());
  CHECK(p.name == "good-proxy");
  CHECK(p.description == "A proxy profile that uses every field.");
  CHECK(p.changes == "- Everything, for the test.\n");
  CHECK(p.capabilities == std::vector<std::string>{"basic-auth", "upstream", "port-policy", "http2"});
  CHECK(p.has_capability("http2"));
  CHECK_FALSE(p.has_capability("basic_auth"));

  CHECK(p.debian_packages == std::vector<std::string>{"goodproxy", "apache2-utils"});
  CHECK_FALSE(p.npm);

  CHECK(p.version_command == std::vector<std::string>{"goodproxy", "--version"});
  CHECK(p.version_pattern == R"(goodproxy ([0-9][^ \n]*))");

  CHECK(p.command == std::vector<std::string>{"goodproxy", "-c", "{{workdir}}/good.conf", "{{#auth}}--auth{{/auth}}"});
  CHECK(p.templates == std::vector<std::string>{"good.conf"});
  REQUIRE(p.prepare.size() == 2);
  CHECK(p.prepare[0] == std::vector<std::string>{"htpasswd", "-bc", "{{workdir}}/passwd", "{{user}}", "{{password}}"});
  CHECK(p.prepare[1] == std::vector<std::string>{"touch", "{{workdir}}/prepared"});
  CHECK(p.env == std::map<std::string, std::string>{{"HOME", "{{workdir}}"}, {"LANG", "C"}});
  CHECK(p.logs == std::vector<std::string>{"good.log", "access.log"});
  REQUIRE(p.ready_log.has_value());
  CHECK(p.ready_log->file == "good.log");
  CHECK(p.ready_log->text == "ready to serve");
  CHECK(p.ready_timeout_ms == 20000);
  CHECK(p.announce == "listening on ");
  CHECK_FALSE(p.ready_connect);
  CHECK(p.private_network);

  CHECK(p.stop_signal == SIGQUIT);
  CHECK(p.stop_grace_ms == 500);
}

TEST_CASE("a minimal profile gets the documented defaults", "[profile]") {
  TempProfile t(kMinimal);
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 0);
  CHECK(l.p.name == "mini");
  CHECK(l.p.command == std::vector<std::string>{"prog"});
  CHECK(l.p.capabilities.empty());
  CHECK(l.p.debian_packages.empty());
  CHECK_FALSE(l.p.npm);
  CHECK(l.p.version_command.empty());
  CHECK(l.p.templates.empty());
  CHECK(l.p.prepare.empty());
  CHECK(l.p.env.empty());
  CHECK(l.p.logs.empty());
  CHECK_FALSE(l.p.ready_log.has_value());
  CHECK(l.p.ready_timeout_ms == 15000);
  CHECK(l.p.announce.empty());
  CHECK(l.p.ready_connect);
  CHECK(l.p.stop_signal == SIGTERM);
  CHECK(l.p.stop_grace_ms == 3000);
}

TEST_CASE("each stop signal name", "[profile]") {
  for (auto [name, sig] : {std::pair{"TERM", SIGTERM}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"HUP", SIGHUP}}) {
    INFO(name);
    TempProfile t(std::string(kMinimal) + "[stop]\nsignal = \"" + name + "\"\n");
    auto l = load(t);
    REQUIRE_PROBLEM_COUNT(l.problems, 0);
    CHECK(l.p.stop_signal == sig);
  }
}

TEST_CASE("ready_log without a file waits on the proxy's own output", "[profile]") {
  TempProfile t(std::string(kMinimal) + "ready_log = { text = \"Listening on\" }\n");
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 0);
  REQUIRE(l.p.ready_log.has_value());
  CHECK(l.p.ready_log->file.empty());
  CHECK(l.p.ready_log->text == "Listening on");
}

TEST_CASE("npm = true with a package.json loads", "[profile]") {
  TempProfile t(std::string(kMinimal) + "\n[install]\nnpm = true\n");
  t.write("package.json", "{}\n");
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 0);
  CHECK(l.p.npm);
}

// ---------------------------------------------------------------------------------------------
// mistakes, each at its place

TEST_CASE("an unknown key (a typo) is reported at the key", "[profile][problems]") {
  TempProfile t(
      "name = \"typo\"\n"
      "descripton = \"d\"\n"
      "changes = \"none\"\n"
      "\n"
      "[launch]\n"
      "command = [\"prog\"]\n"
      "  ready_timout_ms = 100\n"
      "\n"
      "[stop]\n"
      "grace = 1\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 2, 1, "unknown key 'descripton'");
  CHECK_THAT(find_problem(l.problems, "descripton")->message, Catch::Matchers::Contains("did you mean 'description'?"));
  // One typo, one problem: not also "missing required key 'description'".
  CHECK(find_problem(l.problems, "missing required key 'description'") == nullptr);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 7, 3, "[launch]: unknown key 'ready_timout_ms'");
  CHECK_THAT(find_problem(l.problems, "ready_timout_ms")->message, Catch::Matchers::Contains("ready_timeout_ms"));
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 10, 1, "[stop]: unknown key 'grace'");
  REQUIRE_PROBLEM_COUNT(l.problems, 3);
}

TEST_CASE("an unknown table is an unknown key", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) + "\n[variants]\nauth = true\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 8, 2, "unknown key 'variants'");
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("a missing [launch] table is reported", "[profile][problems]") {
  TempProfile t(
      "name = \"x\"\n"
      "description = \"d\"\n"
      "changes = \"none\"\n"
      "\n"
      "[lanch]\n"
      "command = [\"prog\"]\n");
  auto l = load(t);
  INFO(dump(l.problems));
  const Diagnostic* missing = find_problem(l.problems, "missing required table [launch]");
  REQUIRE(missing != nullptr);
  CHECK(missing->pos.file == t.file());
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 5, 2, "unknown key 'lanch'");
  REQUIRE_PROBLEM_COUNT(l.problems, 2);
}

TEST_CASE("[launch] without a command is reported at [launch]", "[profile][problems]") {
  TempProfile t(
      "name = \"x\"\n"
      "description = \"d\"\n"
      "changes = \"none\"\n"
      "\n"
      "[launch]\n"
      "logs = [\"x.log\"]\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 5, 1, "[launch]: missing required key 'command'");
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("an empty command is reported", "[profile][problems]") {
  TempProfile t(
      "name = \"x\"\n"
      "description = \"d\"\n"
      "changes = \"none\"\n"
      "[launch]\n"
      "command = []\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 5, 11, "'command' must name a program");
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("required top-level keys, and their types", "[profile][problems]") {
  TempProfile t(
      "name = \"Bad Name\"\n"
      "changes = \" \\n \"\n"
      "capabilities = \"basic-auth\"\n"
      "[launch]\n"
      "command = [\"prog\", 3]\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 1, 8, "name 'Bad Name' must be lowercase");
  REQUIRE(find_problem(l.problems, "missing required key 'description'") != nullptr);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 2, 11, "'changes' must say what differs");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 3, 16, "'capabilities' must be an array of strings, not string");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 5, 20, "'command' items must be strings, not integer");
  REQUIRE_PROBLEM_COUNT(l.problems, 5);
}

TEST_CASE("an unknown capability is reported at the capabilities", "[profile][problems]") {
  TempProfile t(
      "name = \"x\"\n"
      "description = \"d\"\n"
      "changes = \"none\"\n"
      "capabilities = [\"basic-auth\", \"basic_auth\"]\n"
      "[launch]\n"
      "command = [\"prog\"]\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 4, 16, "unknown capability 'basic_auth'");
  CHECK_THAT(find_problem(l.problems, "basic_auth")->message, Catch::Matchers::Contains("port-policy"));
  CHECK_THAT(find_problem(l.problems, "basic_auth")->message, Catch::Matchers::Contains("loopback-denied"));
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("a bad stop signal or grace is reported at its value", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) +
                "\n"                         // 7
                "[stop]\n"                   // 8
                "signal = \"SIGTERM\"\n"     // 9
                "grace_ms = -1\n");          // 10
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 9, 10, "signal must be TERM, INT, QUIT or HUP, not 'SIGTERM'");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 10, 12, "'grace_ms' must be between 0 and 120000, not -1");
  REQUIRE_PROBLEM_COUNT(l.problems, 2);
  CHECK(l.p.stop_signal == SIGTERM);  // the default stays
}

TEST_CASE("a version pattern that is no regex, or has no capture, is reported", "[profile][problems]") {
  SECTION("not a regular expression") {
    TempProfile t(std::string(kMinimal) +
                  "[version]\n"                        // 7
                  "command = [\"prog\", \"-v\"]\n"     // 8
                  "pattern = 'Version ([0-9'\n");      // 9
    auto l = load(t);
    REQUIRE_PROBLEM_IN(l.problems, t.file(), 9, 11, "'pattern' is not a valid regular expression");
    REQUIRE_PROBLEM_COUNT(l.problems, 1);
  }
  SECTION("no capture group") {
    TempProfile t(std::string(kMinimal) +
                  "[version]\n"
                  "command = [\"prog\", \"-v\"]\n"
                  "pattern = 'Version [0-9.]+'\n");
    auto l = load(t);
    REQUIRE_PROBLEM_IN(l.problems, t.file(), 9, 11, "'pattern' needs a capture group");
    REQUIRE_PROBLEM_COUNT(l.problems, 1);
  }
  SECTION("a pattern without a command") {
    TempProfile t(std::string(kMinimal) +
                  "[version]\n"
                  "pattern = 'Version ([0-9.]+)'\n");
    auto l = load(t);
    REQUIRE_PROBLEM_IN(l.problems, t.file(), 7, 1, "[version]: missing required key 'command'");
    REQUIRE_PROBLEM_COUNT(l.problems, 1);
  }
}

TEST_CASE("an unknown placeholder in a config template is reported in the template", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) + "templates = [\"proxy.conf\"]\n");
  t.write("proxy.conf",
          "# proxy.conf\n"
          "listen {{host}}:{{port}}\n"
          "{{#auth}}\n"
          "  users {{workdir}}/passwd {{usr}}\n"
          "{{/auth}}\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file("proxy.conf"), 4, 28, "unknown placeholder '{{usr}}'");
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("an unbalanced section in a config template is reported in the template", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) + "templates = [\"a.conf\", \"b.conf\"]\n");
  t.write("a.conf", "ok {{port}}\n");
  t.write("b.conf", "x\n{{#upstream}}\nparent {{upstream_host}}\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file("b.conf"), 2, 1, "section 'upstream' is never closed");
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("a missing template file is reported at templates", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) + "templates = [\"missing.conf\"]\n");
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 7, 13, "template 'missing.conf' does not exist");
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("template and log names must be plain file names", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) +
                "templates = [\"../escape.conf\"]\n"                          // 7
                "logs = [\"ok.log\", \"/var/log/x.log\"]\n"                   // 8
                "ready_log = { file = \"logs/x.log\", text = \"up\" }\n");    // 9
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 7, 13, "template '../escape.conf' must be a file name in the profile folder");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 8, 8, "log '/var/log/x.log' must be a file name in the work directory");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 9, 22, "'file' must be a file name in the work directory");
  REQUIRE_PROBLEM_COUNT(l.problems, 3);
}

TEST_CASE("'.' and '..' are not file names either", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) + "logs = [\"..\"]\ntemplates = [\".\"]\n");
  auto l = load(t);
  REQUIRE(find_problem(l.problems, "log '..' must be a file name") != nullptr);
  REQUIRE(find_problem(l.problems, "template '.' must be a file name") != nullptr);
  REQUIRE_PROBLEM_COUNT(l.problems, 2);
}

TEST_CASE("an unknown placeholder in a [launch] string is reported in profile.toml at the tag", "[profile][problems]") {
  TempProfile t(
      "name = \"x\"\n"                                                            // 1
      "description = \"d\"\n"                                                     // 2
      "changes = \"none\"\n"                                                      // 3
      "[launch]\n"                                                                // 4
      "command = [\"prog\", \"--port={{prot}}\"]\n"                               // 5
      "prepare = [[\"htpasswd\", \"{{workdir}}/p\", \"{{#auht}}x{{/auht}}\"]]\n"  // 6
      "env = { HOME = \"{{work_dir}}\" }\n");                                     // 7
  auto l = load(t);
  // command: the string starts at column 20 (its quote), the tag 7 characters into its text.
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 5, 28, "unknown placeholder '{{prot}}'");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 6, 43, "unknown section 'auht'");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 7, 17, "unknown placeholder '{{work_dir}}'");
  REQUIRE_PROBLEM_COUNT(l.problems, 3);
}

TEST_CASE("an unknown placeholder in the version command is reported", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) +
                "[version]\n"                                       // 7
                "command = [\"{{bindir}}/prog\", \"-v\"]\n"         // 8
                "pattern = '(.*)'\n");                              // 9
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 8, 13, "unknown placeholder '{{bindir}}'");
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("npm = true without package.json is reported at npm", "[profile][problems]") {
  TempProfile t(std::string(kMinimal) +
                "[install]\n"        // 7
                "npm = true\n");     // 8
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 8, 7, "npm = true needs package.json");
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
}

TEST_CASE("bad [install], prepare, env and ready_log values", "[profile][problems]") {
  TempProfile t(
      "name = \"x\"\n"                                        // 1
      "description = \"d\"\n"                                 // 2
      "changes = \"none\"\n"                                  // 3
      "[install]\n"                                           // 4
      "debian = []\n"                                         // 5
      "apt = [\"x\"]\n"                                       // 6
      "[launch]\n"                                            // 7
      "command = [\"prog\"]\n"                                // 8
      "prepare = [[], [\"ok\"], \"touch x\"]\n"               // 9
      "env = { A = 1 }\n"                                     // 10
      "ready_log = { text = \"\", when = 1 }\n"               // 11
      "ready_timeout_ms = 50\n");                             // 12
  auto l = load(t);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 5, 10, "'debian' names no package");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 6, 1, "[install]: unknown key 'apt'");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 9, 12, "each 'prepare' command must be a non-empty array of strings");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 10, 13, "env 'A' must be a string");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 11, 22, "'text' must not be empty");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 11, 26, "unknown key 'when'");
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 12, 20, "'ready_timeout_ms' must be between 100 and 300000, not 50");
  // [] and "touch x" are both reported; ["ok"] is kept.
  int prepare_problems = 0;
  for (const auto& d : l.problems) prepare_problems += d.message.find("each 'prepare' command") != std::string::npos;
  CHECK(prepare_problems == 2);
  CHECK(l.p.prepare == std::vector<std::vector<std::string>>{{"ok"}});
  REQUIRE_PROBLEM_COUNT(l.problems, 8);
}

TEST_CASE("a TOML syntax error is reported at its place", "[profile][problems]") {
  TempProfile t(
      "name = \"x\"\n"
      "description = \"d\n"
      "changes = \"none\"\n");
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
  CHECK(l.problems[0].pos.file == t.file());
  CHECK(l.problems[0].pos.line == 2);
  CHECK(l.problems[0].pos.column > 1);
}

TEST_CASE("a folder without profile.toml cannot be read", "[profile][problems]") {
  TempProfile t;
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
  CHECK(l.problems[0].pos.file == t.file());
  CHECK_THAT(l.problems[0].message, Catch::Matchers::Contains("cannot read"));
}

TEST_CASE("every problem is found in one pass", "[profile][problems]") {
  TempProfile t(
      "name = \"x\"\n"
      "description = \"d\"\n"
      "changes = \"none\"\n"
      "capabilities = [\"tls\"]\n"
      "[launch]\n"
      "command = [\"{{nope}}\"]\n"
      "[stop]\n"
      "signal = \"KILL\"\n");
  auto l = load(t);
  REQUIRE(find_problem(l.problems, "unknown capability 'tls'") != nullptr);
  REQUIRE(find_problem(l.problems, "unknown placeholder '{{nope}}'") != nullptr);
  REQUIRE(find_problem(l.problems, "not 'KILL'") != nullptr);
  REQUIRE_PROBLEM_COUNT(l.problems, 3);
}

// ---------------------------------------------------------------------------------------------
// resolve_profile

TEST_CASE("resolve_profile: a name, a folder, or its profile.toml", "[profile][resolve]") {
  TempProfile profiles;
  profiles.write("alpha/profile.toml", kMinimal);
  profiles.write("beta/profile.toml", kMinimal);
  profiles.write("notes/README", "not a profile\n");
  fs::path base = fs::absolute(profiles.dir()).lexically_normal();
  std::string why;

  SECTION("a name in the profiles folder") {
    auto r = resolve_profile("alpha", profiles.dir(), why);
    REQUIRE(r.has_value());
    CHECK(*r == base / "alpha");
    CHECK(r->is_absolute());
  }
  SECTION("a path to the folder") {
    auto r = resolve_profile((profiles.dir() / "beta").string(), "/nonexistent", why);
    REQUIRE(r.has_value());
    CHECK(*r == base / "beta");
  }
  SECTION("a path to the folder with a trailing slash, '.' or '..'") {
    // The folder's name identifies the profile (reports, the reference proxy's --refproxy-fault):
    // a trailing slash from tab completion must not leave it with an empty filename().
    auto r = resolve_profile((profiles.dir() / "beta").string() + "/", "/nonexistent", why);
    REQUIRE(r.has_value());
    CHECK(*r == base / "beta");
    CHECK(r->filename() == "beta");
    auto r2 = resolve_profile((profiles.dir() / "notes" / ".." / "alpha").string(), "/nonexistent", why);
    REQUIRE(r2.has_value());
    CHECK(*r2 == base / "alpha");
    auto r3 = resolve_profile((profiles.dir() / "alpha" / ".").string(), "/nonexistent", why);
    REQUIRE(r3.has_value());
    CHECK(*r3 == base / "alpha");
    CHECK(r3->filename() == "alpha");
  }
  SECTION("a path to its profile.toml") {
    auto r = resolve_profile((profiles.dir() / "alpha" / "profile.toml").string(), "/nonexistent", why);
    REQUIRE(r.has_value());
    CHECK(*r == base / "alpha");
  }
  SECTION("an unknown name lists the profiles there") {
    auto r = resolve_profile("gamma", profiles.dir(), why);
    CHECK_FALSE(r.has_value());
    CHECK_THAT(why, Catch::Matchers::Contains("no profile named 'gamma'"));
    CHECK_THAT(why, Catch::Matchers::Contains(profiles.dir().string()));
    CHECK_THAT(why, Catch::Matchers::EndsWith("(profiles: alpha beta)"));  // sorted, folders without profile.toml left out
  }
  SECTION("a folder without profile.toml is not a profile") {
    auto r = resolve_profile((profiles.dir() / "notes").string(), profiles.dir(), why);
    CHECK_FALSE(r.has_value());
    CHECK_THAT(why, Catch::Matchers::Contains("is not a profile folder"));
    auto r2 = resolve_profile("notes", profiles.dir(), why);
    CHECK_FALSE(r2.has_value());
    CHECK_THAT(why, Catch::Matchers::Contains("no profile named 'notes'"));
  }
  SECTION("a path that does not exist") {
    auto r = resolve_profile((profiles.dir() / "nope").string(), profiles.dir(), why);
    CHECK_FALSE(r.has_value());
    CHECK_THAT(why, Catch::Matchers::Contains("nope is not a profile folder"));
  }
}

TEST_CASE("resolve_profile in the real profiles folder", "[profile][resolve]") {
  fs::path dir = default_profiles_dir();
  CHECK(fs::is_regular_file(dir / "refproxy" / "profile.toml"));
  std::string why;
  auto r = resolve_profile("refproxy", dir, why);
  REQUIRE(r.has_value());
  CHECK(r->filename() == "refproxy");
  CHECK_FALSE(resolve_profile("no-such-profile", dir, why).has_value());
  CHECK_THAT(why, Catch::Matchers::Contains(" refproxy"));
}

TEST_CASE("load_profile_text reads the templates through the reader it is given", "[profile][problems]") {
  // The fuzzer's entry point (harness/fuzz/profile_file_fuzzer.cpp): no file is read from disk.
  const fs::path dir = "/nonexistent/profile";
  std::vector<fs::path> asked;
  Diagnostics problems;
  Profile p = load_profile_text(std::string(kMinimal) + "templates = [\"a.conf\", \"gone.conf\"]\n", dir, problems,
                                [&](const fs::path& file) -> std::optional<std::string> {
                                  asked.push_back(file);
                                  if (file.filename() == "gone.conf") return std::nullopt;
                                  return "listen {{host}}\n  {{#auth}}\n";
                                });
  CHECK(asked == std::vector<fs::path>{dir / "a.conf", dir / "gone.conf"});
  CHECK(p.name == "mini");
  CHECK(p.dir == dir);
  REQUIRE_PROBLEM_IN(problems, (dir / "a.conf").string(), 2, 3, "section 'auth' is never closed");
  REQUIRE_PROBLEM_IN(problems, (dir / "profile.toml").string(), 7, 13, "template 'gone.conf' does not exist");
  REQUIRE_PROBLEM_COUNT(problems, 2);
}

// ---------------------------------------------------------------------------------------------
// protocols (issue 19): what the proxy speaks to its clients, the default first

TEST_CASE("a profile without 'protocols' speaks HTTP/1.1 only", "[profile][protocol]") {
  TempProfile t(kMinimal);
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 0);
  CHECK(l.p.protocols == std::vector<Protocol>{Protocol::http1});
  CHECK(l.p.speaks(Protocol::http1));
  CHECK_FALSE(l.p.speaks(Protocol::h2c));
}

TEST_CASE("'protocols' lists what the proxy speaks, in order", "[profile][protocol]") {
  TempProfile t(std::string("protocols = [\"h2c\", \"http/1.1\", \"h2\"]\n") + kMinimal);
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 0);
  CHECK(l.p.protocols == std::vector<Protocol>{Protocol::h2c, Protocol::http1, Protocol::h2});
}

TEST_CASE("an unknown protocol is reported at its place, naming the valid ones", "[profile][protocol]") {
  TempProfile t(std::string("protocols = [\"h2c\", \"http2\"]\n") + kMinimal);
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 1);
  REQUIRE_PROBLEM_IN(l.problems, t.file(), 1, 21, "unknown protocol 'http2' (http/1.1, h2c, h2)");
}

TEST_CASE("an empty or repeated protocol list is an error", "[profile][protocol]") {
  {
    TempProfile t(std::string("protocols = []\n") + kMinimal);
    auto l = load(t);
    REQUIRE_PROBLEM_COUNT(l.problems, 1);
    REQUIRE_PROBLEM_IN(l.problems, t.file(), 1, 13, "must name at least one protocol");
  }
  {
    TempProfile t(std::string("protocols = [\"h2c\", \"h2c\"]\n") + kMinimal);
    auto l = load(t);
    REQUIRE_PROBLEM_COUNT(l.problems, 1);
    REQUIRE_PROBLEM_IN(l.problems, t.file(), 1, 21, "listed twice");
  }
}

TEST_CASE("{{tls_cert}} and {{tls_key}} are known placeholders", "[profile][protocol]") {
  TempProfile t(std::string(kMinimal).replace(std::string(kMinimal).find("[\"prog\"]"), 8,
                                              "[\"prog\", \"--cert={{tls_cert}}\", \"--key={{tls_key}}\"]"));
  auto l = load(t);
  REQUIRE_PROBLEM_COUNT(l.problems, 0);
}
