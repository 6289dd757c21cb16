// The HTTP/2 profiles of fixtures/proxies launched for real, as a run launches them, with the
// readiness probe speaking h2c (or h2 over TLS): the fronts get ready, and an HTTP/1.1-only proxy
// probed in h2c fails at once with "does not speak h2c", not after its ready timeout. Hidden
// ([.real-proxies]): it needs the Debian packages of scripts/install-proxies and the reference
// proxy built next to this test program; run with `connectspec_tests "[real-proxies]"`.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <filesystem>

#include "diagnostics_matchers.hpp"
#include "launch/profile_launch.hpp"
#include "input/toml_file.hpp"
#include "profile/profile_loader.hpp"
#include "tests/run_client.hpp"
#include "tls/tls_contexts.hpp"

using namespace connectspec;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Launched {
  std::optional<std::string> problem;  // why it did not get ready
  std::chrono::steady_clock::duration took{};
};

// The reference proxy of this build: beside this program or in the build's bin/.
fs::path built_refproxy() {
  for (const fs::path& dir : {own_directory(), own_directory().parent_path() / "bin"})
    if (fs::exists(dir / "connectspec-refproxy")) return dir / "connectspec-refproxy";
  FAIL("connectspec-refproxy is not built next to " << own_directory());
  return {};
}

Launched launch_profile(const std::string& name, Protocol protocol) {
  asio::io_context io;
  Diagnostics problems;
  // The profile as written, but with the reference proxy of this build ({{bin_dir}} is this program's folder).
  const fs::path dir = fs::path(CONNECTSPEC_SOURCE_DIR) / "fixtures" / "proxies" / name;
  std::string text = *read_text_file(dir / "profile.toml");
  for (auto at = text.find("{{bin_dir}}/connectspec-refproxy"); at != std::string::npos;
       at = text.find("{{bin_dir}}/connectspec-refproxy"))
    text.replace(at, std::string("{{bin_dir}}/connectspec-refproxy").size(), built_refproxy().string());
  Profile p = load_profile_text(text, dir, problems, read_text_file);
  INFO(testing::dump(problems));
  REQUIRE(problems.empty());
  std::string tmpl = (fs::temp_directory_path() / "connectspec-h2-front-XXXXXX").string();
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  TestCertificate cert = make_test_certificate();
  asio::ssl::context client = make_client_context(cert);
  InstanceSettings s;
  s.work_dir = tmpl;
  s.implementation = name;
  s.protocol = protocol;
  s.certificate = &cert;
  s.tls_client = &client;
  s.credentials.password = "pw";
  Launched out;
  const auto started = std::chrono::steady_clock::now();
  auto prepared = testing::run_client(io, prepare_instance(io.get_executor(), p, s));
  if (auto* err = std::get_if<std::string>(&prepared)) {
    out.problem = *err;
  } else {
    auto proxy = launch_proxy(io.get_executor(), std::move(std::get<LaunchSpec>(prepared)));
    io.restart();
    std::optional<std::optional<std::string>> result;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      result = co_await proxy->ensure_running();
      co_await proxy->stop();
    }, asio::detached);
    io.run_for(40s);
    REQUIRE(result.has_value());
    out.problem = *result;
  }
  out.took = std::chrono::steady_clock::now() - started;
  UNSCOPED_INFO(name << " over " << to_string(protocol) << ": "
                     << (out.problem ? *out.problem : std::string("ready")) << " after "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(out.took).count() << " ms");
  std::error_code ec;
  fs::remove_all(tmpl, ec);
  return out;
}

}  // namespace

TEST_CASE("HTTP/2 fronts get ready through an h2c CONNECT", "[.real-proxies][h2]") {
  for (const char* name : {"nghttpx-h2c", "haproxy-h2c", "apache-httpd-h2c"}) {
    INFO(name);
    auto l = launch_profile(name, Protocol::h2c);
    CHECK(l.problem.value_or("") == "");
  }
}

TEST_CASE("HTTP/2 fronts over TLS get ready through an h2 CONNECT, with the run's certificate", "[.real-proxies][h2]") {
  for (const char* name : {"nghttpx-h2", "haproxy-h2"}) {
    INFO(name);
    auto l = launch_profile(name, Protocol::h2);
    CHECK(l.problem.value_or("") == "");
  }
}

TEST_CASE("an HTTP/1.1-only proxy probed in h2c does not speak it, said at once", "[.real-proxies][h2]") {
  auto l = launch_profile("apache-httpd", Protocol::h2c);
  REQUIRE(l.problem.has_value());
  CHECK_THAT(*l.problem, Catch::Matchers::Contains("the proxy does not speak h2c: it answered the preface with 'HTTP/1.1 400"));
  CHECK(l.took < 10s);  // its ready timeout is 15 s
}

TEST_CASE("a cleartext HTTP/2 front probed in h2 over TLS does not speak it", "[.real-proxies][h2]") {
  auto l = launch_profile("nghttpx-h2c", Protocol::h2);
  REQUIRE(l.problem.has_value());
  CHECK_THAT(*l.problem, Catch::Matchers::Contains("the proxy does not speak h2"));
  CHECK(l.took < 10s);
}
