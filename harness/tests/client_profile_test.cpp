// Client profiles (fixtures/clients/NAME/profile.toml): every committed one loads cleanly, a
// two_users_command gives the "two-users" capability, mistakes are named at their key, and the
// command template's placeholders are filled shell-quoted.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "profile/client_profile.hpp"

using namespace connectspec;
namespace fs = std::filesystem;

namespace {

// A throwaway fixtures/clients/myclient/profile.toml, removed afterwards.
class TempClient {
 public:
  explicit TempClient(const std::string& profile_toml) {
    std::string tmpl = (fs::temp_directory_path() / "connectspec-client-profile-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    root_ = tmpl;
    fs::create_directories(dir());
    std::ofstream(dir() / "profile.toml", std::ios::binary) << profile_toml;
  }
  ~TempClient() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempClient(const TempClient&) = delete;
  TempClient& operator=(const TempClient&) = delete;
  fs::path dir() const { return root_ / "myclient"; }

 private:
  fs::path root_;
};

std::string all_messages(const Diagnostics& d) {
  std::string out;
  for (const auto& x : d) out += x.str() + "\n";
  return out;
}

}  // namespace

TEST_CASE("every committed client profile loads without a problem", "[client-profile]") {
  int loaded = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(CONNECTSPEC_SOURCE_DIR) / "fixtures" / "clients")) {
    if (!fs::exists(entry.path() / "profile.toml")) continue;
    Diagnostics problems;
    const ClientProfile p = load_client_profile(entry.path(), problems);
    INFO(entry.path().string() << ": " << all_messages(problems));
    CHECK(problems.empty());
    CHECK(p.name == entry.path().filename().string());
    CHECK_FALSE(p.command.empty());
    ++loaded;
  }
  CHECK(loaded >= 10);
}

TEST_CASE("a two_users_command gives the two-users capability", "[client-profile]") {
  TempClient t(R"(name = "myclient"
command = "fetch --proxy {proxy} {url}"
two_users_command = "fetch --proxy {proxy} {url} --proxy {proxy2} {url}"
supports = ["basic-auth"]
)");
  Diagnostics problems;
  const ClientProfile p = load_client_profile(t.dir(), problems);
  REQUIRE(problems.empty());
  CHECK(p.two_users_command == "fetch --proxy {proxy} {url} --proxy {proxy2} {url}");
  CHECK(p.supports == std::vector<std::string>{"basic-auth", "two-users"});
}

TEST_CASE("two-user mistakes are named at their key", "[client-profile]") {
  SECTION("a two_users_command without {proxy2}") {
    TempClient t("name = \"myclient\"\ncommand = \"fetch {proxy} {url}\"\ntwo_users_command = \"fetch {proxy} {url}\"\n");
    Diagnostics problems;
    load_client_profile(t.dir(), problems);
    const std::string text = all_messages(problems);
    CHECK_THAT(text, Catch::Contains("profile.toml:3:21") && Catch::Contains("has no {proxy2}"));
  }
  SECTION("two-users listed by hand") {
    TempClient t("name = \"myclient\"\ncommand = \"fetch {proxy} {url}\"\nsupports = [\"two-users\"]\n");
    Diagnostics problems;
    load_client_profile(t.dir(), problems);
    CHECK_THAT(all_messages(problems), Catch::Contains("profile.toml:3:12") &&
                                           Catch::Contains("'two-users' comes from a two_users_command"));
  }
  SECTION("an unknown placeholder") {
    TempClient t("name = \"myclient\"\ncommand = \"fetch {proxy} {url}\"\ntwo_users_command = \"f {proxy2} {proxy3}\"\n");
    Diagnostics problems;
    load_client_profile(t.dir(), problems);
    CHECK_THAT(all_messages(problems), Catch::Contains("unknown placeholder {proxy3}"));
  }
}

TEST_CASE("placeholders are filled shell-quoted, unknown ones left as written", "[client-profile]") {
  const std::string filled = fill_client_command("c --proxy {proxy} --then {proxy2} {url} {other}",
                                                 {{"proxy", "http://u:p'w@127.0.0.1:1"},
                                                  {"proxy2", "http://u2:x@127.0.0.1:1"},
                                                  {"url", "https://127.0.0.1:2/"}});
  CHECK(filled == "c --proxy 'http://u:p'\\''w@127.0.0.1:1' --then 'http://u2:x@127.0.0.1:1' 'https://127.0.0.1:2/' {other}");
  CHECK(check_client_command("c {proxy2} {user2} {password2}").empty());
  CHECK_THAT(check_client_command("c {proxy"), Catch::Contains("is not closed"));
}
