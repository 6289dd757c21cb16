// The run-time test certificate and the TLS contexts, exercised end to end against a tls-echo
// origin on loopback: the client trusts only that certificate and checks the peer's address.
#include <catch2/catch.hpp>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <optional>

#include "origins/origin.hpp"
#include "tls/test_certificate.hpp"
#include "tls/tls_contexts.hpp"

#include "tests/run_client.hpp"

using namespace connectspec;
using namespace std::chrono_literals;
using asio::ip::tcp;

namespace {

constexpr auto kBound = 5s;

using testing::run_client;

struct Handshake {
  boost::system::error_code error;
  std::string echoed;
};

// Connects, handshakes expecting `peer`, and on success sends "secret" and reads the echo.
asio::awaitable<Handshake> tls_client(tcp::endpoint endpoint, asio::ssl::context& context,
                                      std::string peer) {
  asio::ssl::stream<tcp::socket> stream(co_await asio::this_coro::executor, context);
  co_await stream.next_layer().async_connect(endpoint, asio::use_awaitable);
  expect_peer_address(stream, peer);
  Handshake result;
  std::tie(result.error) = co_await stream.async_handshake(
      asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
  if (result.error) co_return result;
  co_await asio::async_write(stream, asio::buffer(std::string_view("secret")), asio::use_awaitable);
  result.echoed.resize(6);
  co_await asio::async_read(stream, asio::buffer(result.echoed), asio::use_awaitable);
  // Clean TLS close: our close_notify, then the origin's answer.
  co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
  co_return result;
}

struct TlsFixture {
  TestCertificate certificate = make_test_certificate();
  asio::ssl::context server = make_server_context(certificate);
  asio::ssl::context client = make_client_context(certificate);
  asio::io_context io;
  CaseTracePtr trace = std::make_shared<CaseTrace>(io.get_executor());
  std::shared_ptr<Origin> origin;

  TlsFixture() {
    OriginSpec spec;
    spec.name = "tls";
    spec.kind = OriginKind::tls_echo;
    origin = make_origin(io, spec, trace, &server);
    origin->start();
  }

  std::optional<std::string> note_starting_with(std::string_view prefix) const {
    for (const auto& e : trace->log.events()) {
      if (e.kind == WireEvent::Kind::note && e.text.starts_with(prefix)) return e.text;
    }
    return std::nullopt;
  }

  // Lets the origin finish its side (it may still be reacting to the client's last bytes).
  void settle() {
    io.restart();
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (!origin->connections().empty() && std::chrono::steady_clock::now() < deadline &&
           !note_starting_with("TLS handshake failed") && !closed_by_origin()) {
      io.run_one_for(10ms);
      if (io.stopped()) io.restart();
    }
  }

  bool closed_by_origin() const {
    for (const auto& e : trace->log.events()) {
      if (e.kind == WireEvent::Kind::close && !e.from_proxy) return true;
    }
    return false;
  }

  void stop() {
    origin->stop();
    io.restart();
    io.run_for(kBound);
    CHECK(io.stopped());
  }
};

}  // namespace

TEST_CASE("test certificate: self-signed P-256 CA with loopback names", "[tls]") {
  TestCertificate certificate = make_test_certificate();
  CHECK(certificate.certificate_pem.starts_with("-----BEGIN CERTIFICATE-----"));
  CHECK(certificate.private_key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));

  BIO* bio = BIO_new_mem_buf(certificate.certificate_pem.data(),
                             static_cast<int>(certificate.certificate_pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  REQUIRE(cert != nullptr);
  CHECK(X509_get_version(cert) == X509_VERSION_3);
  CHECK(X509_check_ip_asc(cert, "127.0.0.1", 0) == 1);
  CHECK(X509_check_ip_asc(cert, "::1", 0) == 1);
  CHECK(X509_check_host(cert, "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ca(cert) >= 1);
  CHECK(X509_cmp_current_time(X509_get0_notBefore(cert)) < 0);
  CHECK(X509_cmp_current_time(X509_get0_notAfter(cert)) > 0);
  char cn[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  CHECK(std::string(cn) == "connectspec test origin");
  X509_free(cert);

  // A fresh key every time.
  CHECK(make_test_certificate().private_key_pem != certificate.private_key_pem);
}

TEST_CASE("tls-echo origin: verified handshake and decrypted echo", "[tls][origins]") {
  TlsFixture f;
  Handshake result = run_client(f.io, tls_client(f.origin->endpoint(), f.client, "127.0.0.1"));
  INFO(result.error.message());
  REQUIRE_FALSE(result.error);
  CHECK(result.echoed == "secret");
  f.settle();

  REQUIRE(f.origin->accepted() == 1);
  const auto& record = *f.origin->connections().at(0);
  CHECK(record.tls_established);
  CHECK(record.received == "secret");  // plaintext, not TLS records
  CHECK(record.sent == 6);
  CHECK(record.eof);  // the client's close_notify
  auto note = f.note_starting_with("TLS handshake complete: TLSv1.");
  REQUIRE(note);
  CHECK(note->find("TLS_") != std::string::npos);
  f.stop();
}

TEST_CASE("tls-echo origin: a host name in the certificate verifies too", "[tls][origins]") {
  TlsFixture f;
  Handshake result = run_client(f.io, tls_client(f.origin->endpoint(), f.client, "localhost"));
  INFO(result.error.message());
  CHECK_FALSE(result.error);
  CHECK(result.echoed == "secret");
  f.stop();
}

TEST_CASE("tls client: a different address or name fails verification", "[tls][origins]") {
  std::string expected = GENERATE(std::string("127.0.0.2"), std::string("example.com"));
  TlsFixture f;
  Handshake result = run_client(f.io, tls_client(f.origin->endpoint(), f.client, expected));
  INFO(expected << ": " << result.error.message());
  CHECK(result.error.category() == asio::error::get_ssl_category());
  CHECK(result.error.message().find("certificate verify failed") != std::string::npos);
  f.settle();
  REQUIRE(f.origin->accepted() == 1);
  CHECK_FALSE(f.origin->connections().at(0)->tls_established);
  CHECK(f.note_starting_with("TLS handshake failed: "));
  f.stop();
}

TEST_CASE("tls client: a certificate it was not given is not trusted", "[tls][origins]") {
  TlsFixture f;
  asio::ssl::context stranger = make_client_context(make_test_certificate());
  Handshake result = run_client(f.io, tls_client(f.origin->endpoint(), stranger, "127.0.0.1"));
  CHECK(result.error.message().find("certificate verify failed") != std::string::npos);
  f.stop();
}
