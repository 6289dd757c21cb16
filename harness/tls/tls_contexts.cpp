#include "tls/tls_contexts.hpp"

#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <stdexcept>

namespace connectspec {

namespace {

void require_tls12_or_later(asio::ssl::context& context) {
  if (SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION) != 1) {
    throw std::runtime_error("cannot set the minimum TLS version to 1.2");
  }
}

}  // namespace

asio::ssl::context make_server_context(const TestCertificate& certificate) {
  asio::ssl::context context(asio::ssl::context::tls_server);
  require_tls12_or_later(context);
  context.use_certificate_chain(asio::buffer(certificate.certificate_pem));
  context.use_private_key(asio::buffer(certificate.private_key_pem), asio::ssl::context::pem);
  return context;
}

asio::ssl::context make_client_context(const TestCertificate& certificate) {
  asio::ssl::context context(asio::ssl::context::tls_client);
  require_tls12_or_later(context);
  // No default verify paths: the system's CAs have no business vouching for a test origin.
  context.add_certificate_authority(asio::buffer(certificate.certificate_pem));
  context.set_verify_mode(asio::ssl::verify_peer);
  return context;
}

void expect_peer_address(SSL* ssl, const std::string& ip_or_name) {
  std::string host = ip_or_name;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }

  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  boost::system::error_code not_ip;
  asio::ip::make_address(host, not_ip);
  if (!not_ip) {
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
      throw std::runtime_error("cannot expect peer address " + host);
    }
    return;
  }
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (SSL_set1_host(ssl, host.c_str()) != 1 || SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    throw std::runtime_error("cannot expect peer name " + host);
  }
}

}  // namespace connectspec
