#!/usr/bin/python3
"""Writes the fuzzers' seed inputs from real files of the repository into DIR/<target>/:
case files, profiles with their templates, the response heads proxies really sent (from the
published results), and small results files cut from them. The committed corpus
(fuzz/corpus/) is these seeds minimised with libFuzzer's -merge=1 (docs/fuzzing.md)."""
import glob
import hashlib
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write(out, target, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def visible_to_bytes(text):
    """The inverse of the harness's visible_bytes (docs/results-schema.md)."""
    out, i = bytearray(), 0
    escapes = {"\\": 0x5C, "r": 0x0D, "n": 0x0A, "t": 0x09, "0": 0x00}
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(ord(c))
            i += 1
        elif text[i + 1] == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(escapes[text[i + 1]])
            i += 2
    return bytes(out)


def seed_cases(out):
    for path in sorted(glob.glob(os.path.join(REPO, "cases/*/*.toml"))) + sorted(
            glob.glob(os.path.join(REPO, "harness/tests/data/*-suite/*/*.toml"))):
        if os.path.basename(path) != "requirements.toml":
            write(out, "case-file", read(path))


def seed_profiles(out):
    for path in sorted(glob.glob(os.path.join(REPO, "fixtures/proxies/*/profile.toml")) +
                       glob.glob(os.path.join(REPO, "harness/tests/data/profiles/*/profile.toml"))):
        text = read(path)
        write(out, "profile-file", text)
        folder = os.path.dirname(path)
        # With each template the profile names: profile.toml NUL template (profile_file_fuzzer.cpp).
        for name in sorted(os.listdir(folder)):
            if name.encode() in text and name not in ("profile.toml", "expected.toml") and os.path.isfile(os.path.join(folder, name)):
                write(out, "profile-file", text + b"\0" + read(os.path.join(folder, name)))


def seed_responses_and_results(out, per_report_heads=40):
    for path in sorted(glob.glob(os.path.join(REPO, "reports/*/results.json"))):
        with open(path) as f:
            doc = json.load(f)
        heads = set()
        for case in doc["cases"]:
            first = next((e for e in case["transcript"] if e["kind"] == "data" and e["leg"] == "client" and e["dir"] == "from_proxy"), None)
            if first and first["data"].startswith("HTTP/"):
                heads.add(visible_to_bytes(first["data"]))
        for head in sorted(heads, key=lambda h: (len(h), h))[:per_report_heads]:
            write(out, "response-head", head)
        # A small results file: three cases of each report, counts made to agree.
        small = dict(doc)
        small["cases"] = doc["cases"][:3]
        counts = {"total": len(small["cases"]), "pass": 0, "fail": 0, "warn": 0, "info": 0, "skip": 0, "error": 0}
        for c in small["cases"]:
            counts[c["outcome"]] += 1
        small["summary"] = counts
        small.pop("requirements", None)
        write(out, "results-file", json.dumps(small, indent=1))
    write(out, "results-file", read(os.path.join(REPO, "harness/tests/data/results/broken.json")))


def frame(kind, flags, stream, payload=b""):
    return len(payload).to_bytes(3, "big") + bytes([kind, flags]) + stream.to_bytes(4, "big") + payload


def seed_h2_frames(out):
    """What an HTTP/2 proxy sends a CONNECT client: SETTINGS, the 2xx (RFC 7541 C.6.1's response
    block for ':status 302' rewritten as a literal ':status 200'), tunnel DATA, the endings
    (END_STREAM, RST_STREAM CONNECT_ERROR, GOAWAY), and header blocks split over CONTINUATION.
    The first byte of each input is the piece size the fuzzer cuts the rest into."""
    settings = frame(4, 0, 0, (3).to_bytes(2, "big") + (100).to_bytes(4, "big") + (4).to_bytes(2, "big") + (65535).to_bytes(4, "big"))
    ack = frame(4, 1, 0)
    ok = frame(1, 4, 1, b"\x88")  # :status 200, indexed
    ok_literal = frame(1, 4, 1, b"\x08\x03200")
    informational = frame(1, 4, 1, b"\x08\x03100")
    data = frame(0, 0, 1, b"hello through the tunnel")
    end = frame(0, 1, 1)
    rst = frame(3, 0, 1, (0xA).to_bytes(4, "big"))
    goaway = frame(7, 0, 0, (1).to_bytes(4, "big") + (0).to_bytes(4, "big") + b"bye")
    ping = frame(6, 0, 0, b"12345678")
    window = frame(8, 0, 0, (1 << 20).to_bytes(4, "big")) + frame(8, 0, 1, (1 << 20).to_bytes(4, "big"))
    split = frame(1, 0, 1, b"\x08") + frame(9, 4, 1, b"\x03200")
    padded = frame(0, 8, 1, b"\x03abc\0\0\0")
    c4 = bytes.fromhex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff".replace(" ", ""))
    for body in (settings + ack + ok + data + end,
                 settings + ok_literal + window + data + data + end,
                 settings + informational + ok + data,
                 settings + ack + rst,
                 settings + ok + goaway,
                 settings + ping + split + padded,
                 settings + frame(1, 5, 1, c4),
                 settings + frame(1, 4, 1, b"\xbe")):
        for piece in (0, 6, 30):
            write(out, "h2-frames", bytes([piece]) + body)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fuzz/seed-corpus.py DIR")
    out = sys.argv[1]
    seed_cases(out)
    seed_profiles(out)
    seed_responses_and_results(out)
    seed_h2_frames(out)


if __name__ == "__main__":
    main()
