// The bench's origin server (bench_protocol.hpp), run in a child process of its own
// (`connectspec bench-origin`) so that the receiving and the sending end of a transfer use
// separate cores, as iperf3's client and server do; in one process they would share one thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace connectspec::bench {

namespace asio = boost::asio;

// Accepts until the acceptor is closed; each connection is served by its own coroutine.
asio::awaitable<void> serve_bench_origin(asio::ip::tcp::acceptor& acceptor, std::size_t chunk_bytes);

// The `bench-origin` subcommand: listens on 127.0.0.1:port (0: any), prints
// "bench origin listening on 127.0.0.1:PORT" on stdout, serves until stdin closes or the parent dies.
int bench_origin_main(unsigned short port, std::size_t chunk_bytes);

}  // namespace connectspec::bench
