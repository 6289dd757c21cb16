// The per-connection limit on what the harness keeps of a proxy's bytes (--max-response-bytes).
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include "trace/case_trace.hpp"

using namespace connectspec;

TEST_CASE("CaseTrace::admit keeps bytes up to the limit, then cuts off and says why once", "[limits]") {
  boost::asio::io_context io;
  CaseTrace trace(io.get_executor());
  trace.max_received_bytes = 100;

  CHECK(trace.admit(0, 60, "client") == 60);
  CHECK(trace.admit(60, 40, "client") == 40);  // exactly at the limit: all kept, nothing said
  CHECK(trace.cut_off.empty());

  CHECK(trace.admit(90, 30, "origin main#1") == 10);
  CHECK_THAT(trace.cut_off, Catch::Contains("more than 100 bytes on the origin main#1 connection") &&
                                Catch::Contains("--max-response-bytes"));
  CHECK(trace.admit(100, 5, "client") == 0);
  CHECK(trace.admit(150, 5, "client") == 0);  // a count past the limit never wraps around
  CHECK_THAT(trace.cut_off, Catch::Contains("origin main#1"));  // the first cut is the one reported

  auto events = trace.log.take();
  REQUIRE(events.size() == 3);  // each cut is a note in the transcript
  CHECK(events[0].kind == WireEvent::Kind::note);
  CHECK(events[0].leg == "origin main#1");
}
