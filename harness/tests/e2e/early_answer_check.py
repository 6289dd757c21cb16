#!/usr/bin/env python3
"""A proxy that answers a request before reading it, then resets the connection, judged by its answer.

Plays a proxy on loopback that reads nothing of a request: it answers 431 at once and, a moment
later, closes with a reset (SO_LINGER 0) while the client is still writing the 100 000-character
header line of the test case (16 MiB: more than loopback's buffers, so that the write is still under
way). connectspec must judge the 431 (the case passes), not fail the write that the reset cut short
(robustness.long-header-line once failed so against ncat, which answers 413 and closes, on a loaded
machine). Exit 0 when it does; 1 with the reason otherwise.
  early_answer_check.py CONNECTSPEC CASES_DIR JSON_OUT
"""
import json
import socket
import struct
import subprocess
import sys
import threading
import time

ANSWER = b"HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def serve(listener):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=answer_then_reset, args=(conn,), daemon=True).start()


def answer_then_reset(conn):
    try:
        conn.sendall(ANSWER)
        time.sleep(0.3)  # the client reads the answer; its write is blocked on the unread request
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    finally:
        conn.close()  # with bytes unread and SO_LINGER 0: a reset


def main():
    connectspec, cases, json_out = sys.argv[1:4]
    listener = socket.socket()
    # A small receive window, so that the client's write of the long head cannot complete unread.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    port = listener.getsockname()[1]
    run = subprocess.run([connectspec, "run", "--cases", cases, "--proxy", f"127.0.0.1:{port}",
                          "--confirm", "0", "--json", json_out],
                         capture_output=True, text=True, timeout=60)
    listener.close()
    case = json.load(open(json_out))["cases"][0]
    notes = [e.get("text", "") for e in case.get("transcript", []) if e.get("kind") == "note"]
    cut = any("answered and closed before taking all" in n for n in notes)
    first = case["checks"][0] if case.get("checks") else {}
    if run.returncode != 0 or case["outcome"] != "pass" or "431" not in first.get("observed", ""):
        print(run.stdout + run.stderr)
        print(f"FAILED: exit {run.returncode}, outcome {case['outcome']}, first check {first}")
        return 1
    if not cut:
        print("FAILED: the write was not cut short by the reset, so this run did not test the early answer")
        return 1
    print(f"pass: the 431 was judged ({first.get('observed')}); the write cut by the reset was not a verdict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
