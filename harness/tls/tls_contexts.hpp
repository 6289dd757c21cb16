// The TLS settings of both ends of a tls-echo case: the origin serves the test certificate, and
// the harness's client trusts exactly that certificate and nothing else, so a handshake through
// the tunnel succeeds only if the bytes reached the real origin unaltered.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <string>

#include "tls/test_certificate.hpp"

namespace connectspec {

namespace asio = boost::asio;

// TLS 1.2 or later, serving `certificate`.
asio::ssl::context make_server_context(const TestCertificate& certificate);

// TLS 1.2 or later, verify_peer with `certificate` as the only trust anchor. It checks the chain
// only: call expect_peer_address on each stream so the name or address is checked too.
asio::ssl::context make_client_context(const TestCertificate& certificate);

// Makes the handshake verify that the certificate is for `ip_or_name`: an IP literal (brackets
// allowed, "[::1]") is matched against IP subjectAltNames; a host name against DNS names, and it
// is also sent as SNI. Call before the handshake. Throws std::runtime_error on failure.
void expect_peer_address(SSL* ssl, const std::string& ip_or_name);

template <class Stream>
void expect_peer_address(asio::ssl::stream<Stream>& stream, const std::string& ip_or_name) {
  expect_peer_address(stream.native_handle(), ip_or_name);
}

}  // namespace connectspec
