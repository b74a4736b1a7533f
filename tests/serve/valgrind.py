#!/usr/bin/env python3
"""One run of xjdata serve under valgrind memcheck: every endpoint, good and bad input of every
kind, a batch, the limits, a slow client, a token, a reload and SIGTERM, then the server must exit 0
with no memory error and no definite or indirect leak (valgrind's exit 99 otherwise).
Skipped (exit 77) without valgrind, or in a sanitizer build (memcheck cannot run those)."""
import json
import os
import shutil
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import Checks, Server, Workdir, example, examples, raw_send  # noqa: E402

if not shutil.which("valgrind"):
    print("valgrind is not installed (.ci/deps installs it): skipped")
    sys.exit(77)
if os.environ.get("XJD_SANITIZE", "none") not in ("", "none"):
    print("a sanitizer build (%s): memcheck does not run it; skipped" % os.environ["XJD_SANITIZE"])
    sys.exit(77)

T = Checks()
W = Workdir()
key, pub = W.keygen("k")
tok = W.file("token", "valgrind-token-0123456789\n", 0o600)
AUTH = {"Authorization": "Bearer valgrind-token-0123456789"}
VG = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect",
      "--show-leak-kinds=definite,indirect", "--log-file=" + W.file("valgrind.log")]


def main():
    S = Server(W, "--key", key, "--token-file", tok, "--max-body", "65536", "--request-timeout", "3",
               "--idle-timeout", "4", wrap=VG, start_timeout=120)
    if not T.check("the server starts under valgrind", S.port, S.stderr()):
        return
    try:
        exe = os.readlink("/proc/%d/exe" % S.proc.pid)
    except OSError:
        exe = "memcheck (no /proc)"
    T.check("  it is memcheck that runs it (%s)" % os.path.basename(exe), "memcheck" in exe, exe)
    text = example("share-pending-national-day")
    st = [S.request("POST", "/v1/evaluate", example(n), AUTH)[0] for n in examples()]
    T.check("every example decided or refused with a field path", all(s in (200, 400) for s in st) and st.count(200) > 10, st)
    s, d = S.json("POST", "/v1/evaluate?docs=digest&lang=en", text, AUTH)
    T.check("a signed decision in digest mode", s == 200 and d.get("record"), d)
    s, v = S.json("POST", "/v1/verify", json.dumps(d), AUTH)
    T.check("verified", s == 200 and v.get("verified") is True)
    bad = dict(d, record=d["record"][:-8] + "AAAAAAA=")
    T.check("a tampered record: 422", S.request("POST", "/v1/verify", json.dumps(bad), AUTH)[0] == 422)
    lines = "\n".join([json.dumps(json.loads(example(n))) for n in examples()[:4]] + ["{", "", '{"action": 5}'])
    s, h, body = S.request("POST", "/v1/evaluate", lines, dict(AUTH, **{"Content-Type": "application/jsonl"}))
    T.check("a batch with bad lines", s == 200 and body.count(b"\n") == 7)
    req = json.loads(text)
    ds = req.pop("dataset")
    T.check("an envelope", S.request("POST", "/v1/evaluate", json.dumps({"request": req, "dataset": ds}), AUTH)[0] == 200)
    codes = [
        S.request("POST", "/v1/check", open(os.path.join(os.environ["XJD_SOURCE_ROOT"], "examples", "datasets",
                                                         "bidding-review-files.json"), "rb").read(), AUTH)[0],
        S.request("GET", "/v1/rules?lang=en", None, AUTH)[0], S.request("GET", "/v1/national", None, AUTH)[0],
        S.request("GET", "/metrics", None, AUTH)[0], S.request("GET", "/healthz")[0],
        S.request("POST", "/v1/evaluate", '{"action":', AUTH)[0], S.request("POST", "/v1/evaluate?x=1", text, AUTH)[0],
        S.request("POST", "/v1/evaluate", text)[0], S.request("GET", "/none", None, AUTH)[0],
        S.request("DELETE", "/v1/check", None, AUTH)[0],
        S.request("POST", "/v1/check", "{}", dict(AUTH, **{"Content-Type": "text/csv"}))[0],
    ]
    T.check("check, rules, national, metrics, healthz and 400, 400, 401, 404, 405, 415",
            codes == [200, 200, 200, 200, 200, 400, 400, 401, 404, 405, 415], codes)
    out = raw_send(S.port, b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer valgrind-token-0123456789\r\n"
                           b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                   + b"".join(b"2000\r\n" + b" " * 8192 + b"\r\n" for _ in range(10)) + b"0\r\n\r\n", read_timeout=20)
    T.check("a chunked body over the limit: 413", out.startswith(b"HTTP/1.1 413"), out[:100])
    slow = socket.create_connection(("127.0.0.1", S.port))
    slow.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 90\r\n\r\n{")
    T.check("a request beside a slow client", S.request("POST", "/v1/evaluate", text, AUTH)[0] == 200)
    S.signal(signal.SIGHUP)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "reloaded" not in S.stderr():
        time.sleep(0.1)
    T.check("a reload", "reloaded: generation 2" in S.stderr(), S.stderr())
    T.check("a decision after it", S.request("POST", "/v1/evaluate", text, AUTH)[0] == 200)
    time.sleep(0.2)
    inflight = socket.create_connection(("127.0.0.1", S.port))
    body = text.encode()
    inflight.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer valgrind-token-0123456789\r\n"
                     b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:30])
    time.sleep(1)
    S.signal(signal.SIGTERM)
    time.sleep(1)
    inflight.sendall(body[30:])
    inflight.settimeout(60)
    got = b""
    try:
        while True:
            b = inflight.recv(65536)
            if not b:
                break
            got += b
    except OSError:
        pass
    T.check("SIGTERM with a request in flight: it is answered", got.startswith(b"HTTP/1.1 200"), got[:100])
    slow.close()
    rc = S.proc.wait(120)
    log = open(W.file("valgrind.log"), encoding="utf-8", errors="replace").read()
    T.check("the server exits 0 under valgrind: no memory error, no definite or indirect leak", rc == 0,
            "exit %s\n%s" % (rc, log[-3000:]))
    S.stop()


try:
    main()
finally:
    W.cleanup()
sys.exit(T.finish())
