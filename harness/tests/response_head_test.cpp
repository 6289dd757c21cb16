// parse_response_head: complete, incomplete and malformed heads, as bytes arrive from a proxy.
#include <catch2/catch.hpp>

#include <string>

#include "http/response_head.hpp"

using namespace connectspec;
using HeadState = ParseResponse::State;

namespace {

ParseResponse malformed_ok(std::string_view bytes) {
  ParseResponse r = parse_response_head(bytes);
  INFO("error: " << r.error);
  CHECK(r.state == HeadState::malformed);
  CHECK_FALSE(r.error.empty());
  return r;
}

}  // namespace

TEST_CASE("a complete 200 with no header fields", "[response_head]") {
  std::string_view bytes = "HTTP/1.1 200 Connection established\r\n\r\n";
  ParseResponse r = parse_response_head(bytes);
  REQUIRE(r.state == HeadState::complete);
  CHECK(r.error.empty());
  CHECK(r.head.version == "HTTP/1.1");
  CHECK(r.head.status == 200);
  CHECK(r.head.reason == "Connection established");
  CHECK(r.head.fields.empty());
  CHECK(r.head.size == bytes.size());
  CHECK(r.head.status_line() == "HTTP/1.1 200 Connection established");
}

TEST_CASE("header values are trimmed of spaces and tabs: names are kept as sent", "[response_head]") {
  ParseResponse r = parse_response_head(
      "HTTP/1.0 403 Forbidden\r\nVia:   1.1 proxy  \r\nX-Tab:\tb c\t\r\nx-empty:\r\nX-Tight:v\r\n\r\n");
  REQUIRE(r.state == HeadState::complete);
  CHECK(r.head.version == "HTTP/1.0");
  CHECK(r.head.status == 403);
  REQUIRE(r.head.fields.size() == 4);
  CHECK(r.head.fields[0] == std::pair<std::string, std::string>{"Via", "1.1 proxy"});
  CHECK(r.head.fields[1] == std::pair<std::string, std::string>{"X-Tab", "b c"});
  CHECK(r.head.fields[2] == std::pair<std::string, std::string>{"x-empty", ""});
  CHECK(r.head.fields[3] == std::pair<std::string, std::string>{"X-Tight", "v"});
}

TEST_CASE("no CRLF CRLF yet is incomplete", "[response_head]") {
  for (std::string_view partial : {"", "H", "HT", "HTTP", "HTTP/", "HTTP/1.1 200 OK",
                                   "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nVia: x\r\n",
                                   "HTTP/1.1 200 OK\r\nVia: x\r\n\r"}) {
    INFO('"' << std::string(partial) << '"');
    ParseResponse r = parse_response_head(partial);
    CHECK(r.state == HeadState::incomplete);
    CHECK(r.error.empty());
  }
}

TEST_CASE("bytes after the head are not part of it", "[response_head]") {
  std::string_view head = "HTTP/1.1 200 OK\r\nVia: p\r\n\r\n";
  std::string bytes = std::string(head) + "SSH-2.0-banner\r\n\r\nmore";
  ParseResponse r = parse_response_head(bytes);
  REQUIRE(r.state == HeadState::complete);
  CHECK(r.head.size == head.size());
  REQUIRE(r.head.fields.size() == 1);
  CHECK(r.head.fields[0].second == "p");
  CHECK(bytes.substr(r.head.size) == "SSH-2.0-banner\r\n\r\nmore");
}

TEST_CASE("non-HTTP bytes are malformed at once, before any CRLF CRLF", "[response_head]") {
  CHECK(malformed_ok("SSH-2.0-OpenSSH_9.6\r\n").error == "response does not start with \"HTTP/\"");
  malformed_ok("S");
  malformed_ok("HX");
  malformed_ok("http/1.1 200 OK\r\n\r\n");  // HTTP-version is case-sensitive
  malformed_ok("\r\nHTTP/1.1 200 OK\r\n\r\n");
  malformed_ok(" HTTP/1.1 200 OK\r\n\r\n");
  malformed_ok(std::string_view("\0HTTP", 5));
}

TEST_CASE("a status line without a reason phrase", "[response_head]") {
  ParseResponse r = parse_response_head("HTTP/1.1 200\r\n\r\n");
  REQUIRE(r.state == HeadState::complete);
  CHECK(r.head.status == 200);
  CHECK(r.head.reason.empty());
  CHECK(r.head.status_line() == "HTTP/1.1 200");

  ParseResponse empty_reason = parse_response_head("HTTP/1.1 502 \r\n\r\n");
  REQUIRE(empty_reason.state == HeadState::complete);
  CHECK(empty_reason.head.status == 502);
  CHECK(empty_reason.head.reason.empty());
}

TEST_CASE("malformed status lines", "[response_head]") {
  CHECK(malformed_ok("HTTP/1.1 2x0 OK\r\n\r\n").error == "status code \"2x0\" is not three digits");
  CHECK(malformed_ok("HTTP/1.1 2000 OK\r\n\r\n").error == "no space after the status code");
  CHECK(malformed_ok("HTTP/1.1 20 OK\r\n\r\n").error.find("status code") != std::string::npos);
  CHECK(malformed_ok("HTTP/2 200\r\n\r\n").error.find("malformed status line") != std::string::npos);
  CHECK(malformed_ok("HTTP/1.1  200 OK\r\n\r\n").error.find("status code") != std::string::npos);
  CHECK(malformed_ok("HTTP/1.1\t200 OK\r\n\r\n").error.find("malformed status line") != std::string::npos);
  CHECK(malformed_ok("HTTP/x.1 200 OK\r\n\r\n").error.find("malformed status line") != std::string::npos);
  CHECK(malformed_ok("HTTP/1.1\r\n\r\n").error.find("malformed status line") != std::string::npos);
}

TEST_CASE("a bare CR in the head is malformed, not a line break", "[response_head]") {
  // RFC 9112 §2.2: the element is invalid; read as a line break it would inject a field.
  CHECK(malformed_ok("HTTP/1.1 403 Forbidden\rX-Injected: yes\r\n\r\n").error ==
        "bare CR in the status line \"HTTP/1.1 403 Forbidden\\rX-Injected: yes\"");
  CHECK(malformed_ok("HTTP/1.1 403 Forbidden\r\nVia: a\rX-Injected: yes\r\n\r\n").error.find("bare CR in the header line") !=
        std::string::npos);
}

TEST_CASE("malformed header sections", "[response_head]") {
  SECTION("obs-fold") {
    CHECK(malformed_ok("HTTP/1.1 200 OK\r\nVia: a\r\n  folded\r\n\r\n").error ==
          "obsolete line folding in header section");
    malformed_ok("HTTP/1.1 200 OK\r\nVia: a\r\n\tfolded\r\n\r\n");
  }
  SECTION("a line without a colon, or without a name") {
    CHECK(malformed_ok("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n").error ==
          "header line without a field name: \"NoColonHere\"");
    CHECK(malformed_ok("HTTP/1.1 200 OK\r\n: value\r\n\r\n").error.find("without a field name") !=
          std::string::npos);
  }
  SECTION("an invalid field name") {
    CHECK(malformed_ok("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n").error ==
          "invalid header field name \"Bad Name\"");
    // No whitespace is allowed between the field name and the colon (RFC 9112 §5.1).
    CHECK(malformed_ok("HTTP/1.1 200 OK\r\nVia : x\r\n\r\n").error == "invalid header field name \"Via \"");
    malformed_ok("HTTP/1.1 200 OK\r\nX(y): z\r\n\r\n");
  }
}

TEST_CASE("a head of more than 64 KiB without its end is malformed", "[response_head]") {
  std::string start = "HTTP/1.1 200 OK\r\nX-Big: ";
  std::string at_limit = start + std::string(kMaxResponseHead - start.size(), 'a');
  REQUIRE(at_limit.size() == kMaxResponseHead);
  CHECK(parse_response_head(at_limit).state == HeadState::incomplete);
  CHECK(malformed_ok(at_limit + "a").error == "response head is longer than 64 KiB");
  malformed_ok(start + std::string(100000, 'a'));
}

TEST_CASE("a head of more than 64 KiB is malformed however it is split into reads",
          "[response_head]") {
  // response_head.cpp: the 64 KiB limit is checked only while no CRLF CRLF has been seen. The
  // same 100 KB head is malformed when the harness parses a 64 KiB+1 prefix of it (arriving in
  // several reads) but complete when it arrives in one read, so the verdict depends on TCP
  // segmentation.
  std::string big = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(100000, 'a') + "\r\n\r\n";
  REQUIRE(parse_response_head(std::string_view(big).substr(0, kMaxResponseHead + 1)).state ==
          HeadState::malformed);
  CHECK(parse_response_head(big).state == HeadState::malformed);
}

TEST_CASE("count() and get() are case-insensitive and see duplicates", "[response_head]") {
  ParseResponse r = parse_response_head(
      "HTTP/1.1 200 OK\r\nVia: a\r\nvia: b\r\nContent-Length: 0\r\nVIA: c\r\n\r\n");
  REQUIRE(r.state == HeadState::complete);
  CHECK(r.head.count("via") == 3);
  CHECK(r.head.count("VIA") == 3);
  CHECK(r.head.count("Content-length") == 1);
  CHECK(r.head.count("Transfer-Encoding") == 0);
  CHECK(r.head.count("Vi") == 0);
  CHECK(r.head.get("vIa") == std::optional<std::string>("a"));  // the first occurrence
  CHECK(r.head.get("content-length") == std::optional<std::string>("0"));
  CHECK_FALSE(r.head.get("Upgrade").has_value());
}

TEST_CASE("status_line() quotes the status code's three digits as received", "[response_head]") {
  // Found by fuzz-response-head: "002" was quoted as "2", and the line did not parse again.
  ParseResponse r = parse_response_head("HTTP/1.1 002 OK\r\n\r\n");
  REQUIRE(r.state == HeadState::complete);
  CHECK(r.head.status == 2);
  CHECK(r.head.status_line() == "HTTP/1.1 002 OK");
  CHECK(parse_response_head("HTTP/1.1 040\r\n\r\n").head.status_line() == "HTTP/1.1 040");
}

TEST_CASE("iequals", "[response_head]") {
  CHECK(iequals("Content-Length", "content-length"));
  CHECK(iequals("", ""));
  CHECK_FALSE(iequals("Via", "Vias"));
  CHECK_FALSE(iequals("Via", "Vie"));
}
