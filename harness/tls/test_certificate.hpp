// A throwaway self-signed certificate made at run time for tls-echo origins: nothing is read
// from or written to disk, and it expires a day later. It is its own trust anchor (CA:TRUE), so
// the harness's client can verify it without any other certificate.
#pragma once

#include <string>

namespace connectspec {

struct TestCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
};

// EC P-256 key; CN "connectspec test origin"; subjectAltName IP:127.0.0.1, IP:::1,
// DNS:localhost; valid from an hour ago (tolerates clock skew) until a day from now.
// Throws std::runtime_error with OpenSSL's reason on failure.
TestCertificate make_test_certificate();

}  // namespace connectspec
