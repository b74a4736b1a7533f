#!/usr/bin/env python3
"""xjdata serve through real HTTP: every endpoint against the command line's own answers, every
error status, the access token, the body, time and connection limits, a slow client that ties up
only its own connection, TLS, a Unix socket, and the refusal to listen beyond loopback without a
token. (Signals: signals.py; memcheck: valgrind.py; the Java example: java.sh.)"""
import base64
import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import Checks, Server, Workdir, example, examples, metrics, raw_send, EX  # noqa: E402

T = Checks()
W = Workdir()
key, pub = W.keygen("k")
other, other_pub = W.keygen("other")
trusted, trusted_pub = W.keygen("trusted")
W.file("trusted.pub", trusted_pub + "\n")
JSONH = {"Content-Type": "application/json"}


def cli_json(*args, stdin=None):
    r = W.xjdata(*args, stdin=stdin)
    return r.returncode, r.stdout.decode("utf-8")


def main():
    S = Server(W, "--key", key, "--trust", W.file("trusted.pub"), "--max-body", "65536", "--request-timeout", "2",
               "--idle-timeout", "3")
    T.check("the server starts on a free loopback port and says where", S.port and S.alive(), S.stderr())
    if not S.port:
        return
    _, health = S.json("GET", "/healthz")
    kid = health.get("kid", "")
    T.check("GET /healthz: ok, the kid of --key, generation 1",
            health.get("status") == "ok" and len(kid) == 64 and health.get("generation") == 1, health)

    # ---- POST /v1/evaluate: what `xjdata eval --format json` gives, error paths included
    same, n, decided = True, 0, 0
    decidable = []
    for name in examples():
        text = example(name)
        s, h, body = S.request("POST", "/v1/evaluate?sign=false", text)
        rc, out = cli_json("eval", "--no-sign", "--format", "json", os.path.join(EX, "requests", name + ".json"))
        n += 1
        if rc == 0:
            decided += 1
            decidable.append(name)
            ok = s == 200 and json.loads(body) == json.loads(out) and h.get("content-type") == "application/json"
        else:  # the command line's error object {"file", "error", "path"}: the same message and path
            cli = json.loads(out)
            got = json.loads(body)
            ok = s == 400 and got.get("error") == cli.get("error") and got.get("path") == cli.get("path")
        if not ok:
            same = False
            print("       %s: %d %s" % (name, s, body[:300]))
    T.check("POST /v1/evaluate?sign=false gives the command line's document for every example (%d of %d decided)"
            % (decided, n), same)

    text = example("share-pending-national-day")
    s, d = S.json("POST", "/v1/evaluate", text)
    T.check("a signed decision: 200, a record, the kid in force", s == 200 and d.get("record") and d.get("kid") == kid, d)
    W.file("decision.json", json.dumps(d))
    r = W.xjdata("verify", "--key", W.file("k.pub", pub + "\n"), W.file("decision.json"))
    T.check("  its record verifies with xjdata verify and the public key", r.returncode == 0, r.stderr)
    s, v = S.json("POST", "/v1/verify", json.dumps(d))
    T.check("  and with POST /v1/verify: 200, verified, the same effect",
            s == 200 and v.get("verified") is True and v.get("effect") == d["effect"] and v.get("record") == d["record"], v)
    s, v2 = S.json("POST", "/v1/verify", json.dumps({"record": d["record"]}))
    s3, v3 = S.json("POST", "/v1/verify", json.dumps(d["record"]))
    T.check("  {\"record\": BASE64} and a bare base64 string verify too", s == 200 and s3 == 200 and v2 == v and v3 == v)

    s, dd = S.json("POST", "/v1/evaluate?docs=digest", text)
    T.check("?docs=digest: a smaller record", s == 200 and len(dd["record"]) < len(d["record"]))
    s, de = S.json("POST", "/v1/evaluate?lang=en&sign=false", text)
    T.check("?lang=en: English texts", s == 200 and all(ord(c) < 0x3000 for c in de["reasons"][0]["text"]), de)
    s, dz = S.json("POST", "/v1/evaluate?lang=zh&sign=false", text)

    # the dataset beside the request
    req = json.loads(text)
    ds = req.pop("dataset")
    s, env = S.json("POST", "/v1/evaluate?sign=false", json.dumps({"request": req, "dataset": ds}))
    T.check("{\"request\", \"dataset\"}: the dataset beside the request, the same decision", s == 200 and env == dz, env)
    s, e = S.json("POST", "/v1/evaluate", json.dumps(req))
    T.check("no dataset at all: 400 naming dataset", s == 400 and e.get("path") == "dataset", e)
    s, e = S.json("POST", "/v1/evaluate", json.dumps({"request": req, "dataset": dict(ds, grade="top")}))
    T.check("a bad field of the dataset beside it: 400 naming dataset.grade", s == 400 and e.get("path") == "dataset.grade", e)

    # ---- batch: application/jsonl, one line out per line in, as eval --jsonl
    lines = [json.dumps(json.loads(example(n)), ensure_ascii=False) for n in examples()[:6]]
    good = [json.dumps(json.loads(example(n)), ensure_ascii=False) for n in decidable[:3]]
    bad = json.loads(example("share-unconditional-tax"))
    bad["dataset"]["share_type"] = "sometimes"
    batch = "\n".join(lines[:2] + ['{"action": "share", "requester": {', json.dumps(bad, ensure_ascii=False), ""]
                      + lines[2:]) + "\r\n"
    s, h, body = S.request("POST", "/v1/evaluate?sign=false", batch, {"Content-Type": "application/jsonl"})
    rc, out = cli_json("eval", "--jsonl", "--no-sign", stdin=batch.encode("utf-8"))
    got = [json.loads(x) for x in body.decode().splitlines()]
    want = [json.loads(x) for x in out.splitlines()]
    T.check("a JSON Lines batch: 200, application/jsonl, one line per line, the lines eval --jsonl gives",
            s == 200 and h.get("content-type") == "application/jsonl" and len(got) == 9 and got == want,
            [str(x)[:120] for x in got])
    global batch_errors
    batch_errors = sum("error" in x for x in got)
    T.check("  bad lines name their line and field", got[2].get("line") == 3 and got[3].get("path") == "dataset.share_type"
            and got[4].get("line") == 5, got[2:5])
    s, h, body = S.request("POST", "/v1/evaluate", "\n".join(good), {"Content-Type": "application/x-ndjson"})
    T.check("  application/x-ndjson too, signed", s == 200 and body.count(b'"record":') == 3)

    # ---- POST /v1/check, GET /v1/rules, GET /v1/national: the command line's documents
    ok = True
    for f in sorted(os.listdir(os.path.join(EX, "datasets"))):
        p = os.path.join(EX, "datasets", f)
        s, h, body = S.request("POST", "/v1/check?lang=en", open(p, "rb").read())
        rc, out = cli_json("check", "--format", "json", "--lang", "en", p)
        ok &= s == 200 and json.loads(body) == json.loads(out)
    T.check("POST /v1/check gives xjdata check --format json for every example dataset", ok)
    s, e = S.json("POST", "/v1/check", '{"id": "x", "grade": "top"}')
    T.check("  a bad dataset: 400 naming dataset.grade", s == 400 and e.get("path") == "dataset.grade", e)
    s, e = S.json("POST", "/v1/check?rulebook=xj-1999", open(os.path.join(EX, "datasets", f), "rb").read())
    T.check("  an unknown rulebook: 400 naming rulebook", s == 400 and e.get("path") == "rulebook", e)
    for rb in ("xj-2025", "xj-2024-draft"):
        s, h, body = S.request("GET", "/v1/rules?lang=en&rulebook=" + rb)
        rc, out = cli_json("rules", "--format", "json", "--lang", "en", "--rulebook", rb)
        T.check("GET /v1/rules?rulebook=%s gives xjdata rules --format json" % rb, s == 200 and json.loads(body) == json.loads(out))
    s, e = S.json("GET", "/v1/rules?rulebook=nope")
    T.check("  an unknown rulebook: 400 naming query.rulebook", s == 400 and e.get("path") == "query.rulebook", e)
    s, h, body = S.request("GET", "/v1/national")
    rc, out = cli_json("national", "list", "--format", "json")
    T.check("GET /v1/national gives xjdata national list --format json", s == 200 and json.loads(body) == json.loads(out))
    s, h, body = S.request("HEAD", "/v1/national")
    T.check("HEAD on a GET endpoint: 200 without a body", s == 200 and body == b"")

    # ---- verification failures
    rec = bytearray(base64.b64decode(d["record"]))
    rec[-3] ^= 1
    s, v = S.json("POST", "/v1/verify", json.dumps(dict(d, record=base64.b64encode(bytes(rec)).decode())))
    T.check("POST /v1/verify, one bit of the signature flipped: 422, check signature",
            s == 422 and v.get("verified") is False and v.get("check") == "signature", v)
    s, v = S.json("POST", "/v1/verify", json.dumps({"record": base64.b64encode(bytes(rec[:40])).decode()}))
    T.check("  truncated: 422 naming a structural check", s == 422 and v.get("check") not in (None, "signature"), v)
    rc, out = cli_json("eval", "--key", other, "--format", "json", os.path.join(EX, "requests", "trade-on-exchange.json"))
    s, v = S.json("POST", "/v1/verify", out)
    T.check("  signed by a key the server does not trust: 422, check kid", s == 422 and v.get("check") == "kid", v)
    rc, out = cli_json("eval", "--key", trusted, "--format", "json", os.path.join(EX, "requests", "trade-on-exchange.json"))
    s, v = S.json("POST", "/v1/verify", out)
    T.check("  signed by a key of --trust FILE: 200 verified", s == 200 and v.get("verified") is True, v)
    s, v = S.json("POST", "/v1/verify", '{"effect": "permit"}')
    T.check("  a document without a record: 400 naming record", s == 400 and v.get("path") == "record", v)
    # a decision document is evidence only through its record: what it shows is compared
    other_effect = "deny" if d["effect"] != "deny" else "permit"
    s, v = S.json("POST", "/v1/verify", json.dumps(dict(d, effect=other_effect)))
    T.check("  a document showing another effect around a genuine record: 422, check document, path effect",
            s == 422 and v.get("verified") is False and v.get("check") == "document" and v.get("path") == "effect"
            and ('the record holds "%s"' % d["effect"]) in v.get("error", ""), v)
    forged = json.loads(json.dumps(d))
    forged["reasons"][0]["cite"]["art"] += 1
    s, v = S.json("POST", "/v1/verify", json.dumps(forged))
    T.check("  a citation edited: 422 naming reasons[0].cite", s == 422 and v.get("path") == "reasons[0].cite", v)
    s, v = S.json("POST", "/v1/verify", json.dumps(dict(d, approved_by="x")))
    T.check("  a member no decision document has: 422 naming it", s == 422 and v.get("path") == "approved_by", v)
    s, v = S.json("POST", "/v1/verify", json.dumps(dict(d, log_index=7)))
    T.check("  a log_index with no receipt behind it: 422 naming log_index",
            s == 422 and v.get("path") == "log_index", v)

    # ---- every error status
    s, e = S.json("POST", "/v1/evaluate", '{"action": "share", "requester": {"id": "x",}}')
    T.check("invalid JSON: 400 with the line and column", s == 400 and e.get("error", "").startswith("invalid JSON at line 1 column"), e)
    s, e = S.json("POST", "/v1/evaluate", json.dumps(dict(json.loads(text), action="sell")))
    T.check("a wrong value: 400 naming action, as the command line does", s == 400 and e.get("path") == "action", e)
    s, e = S.json("POST", "/v1/evaluate?sgn=false", text)
    T.check("an unknown query parameter: 400 naming query.sgn", s == 400 and e.get("path") == "query.sgn", e)
    s, e = S.json("POST", "/v1/evaluate?sign=maybe", text)
    T.check("a bad query value: 400 naming query.sign", s == 400 and e.get("path") == "query.sign", e)
    s, h, body = S.request("GET", "/v2/evaluate")
    T.check("an unknown path: 404 with a JSON error", s == 404 and b"no such endpoint" in body)
    s, h, body = S.request("PUT", "/v1/evaluate", text)
    T.check("PUT /v1/evaluate: 405, Allow: POST", s == 405 and h.get("allow") == "POST", h)
    s, h, body = S.request("POST", "/healthz", "{}")
    T.check("POST /healthz: 405, Allow: GET, HEAD", s == 405 and h.get("allow") == "GET, HEAD", h)
    s, h, body = S.request("POST", "/v1/evaluate", text, {"Content-Type": "text/plain"})
    T.check("another Content-Type: 415", s == 415 and b"application/json" in body)
    s, h, body = S.request("POST", "/v1/check", text, {"Content-Type": "application/jsonl"})
    T.check("  a batch type on /v1/check: 415", s == 415)
    out = raw_send(S.port, b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 70000\r\n\r\n")
    T.check("a declared body over --max-body: 413 at once, before any body byte, and the connection closed",
            out.startswith(b"HTTP/1.1 413") and b"Connection: close" in out, out[:200])
    big = b'{"action": "share", "x": "' + b"a" * 80000 + b'"}'
    out = raw_send(S.port, b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           b"Transfer-Encoding: chunked\r\n\r\n" + b"".join(
                               b"%x\r\n%s\r\n" % (len(big[i:i + 8192]), big[i:i + 8192]) for i in range(0, len(big), 8192))
                   + b"0\r\n\r\n")
    T.check("a chunked body over --max-body: 413", out.startswith(b"HTTP/1.1 413"), out[:200])
    s, h, body = S.request("POST", "/v1/evaluate", b" " * 60000 + json.dumps(dict(json.loads(text), action="sell")).encode())
    T.check("  a body just under the limit is read whole (and refused for its action: 400 naming action)",
            s == 400 and json.loads(body).get("path") == "action", body[:200])

    # ---- keep-alive: many requests on one connection
    c = S.conn()
    ok = all(S.request("POST", "/v1/evaluate", text, conn=c)[0] == 200 for _ in range(20))
    c.close()
    T.check("20 decisions on one keep-alive connection", ok)

    # ---- a slow client ties up only its own connection
    slow = socket.create_connection(("127.0.0.1", S.port))
    slow.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"act")
    drip = socket.create_connection(("127.0.0.1", S.port))  # one byte a second: the idle timeout never fires
    drip.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n")
    t0 = time.monotonic()
    lat = []
    for i in range(30):
        a = time.monotonic()
        st = S.request("POST", "/v1/evaluate", text)[0]
        lat.append((time.monotonic() - a, st))
        if i % 10 == 0:
            try:
                drip.sendall(b" ")
            except OSError:
                pass
    T.check("while two clients send their bodies slowly, 30 other requests are answered at once (slowest %.0f ms)"
            % (1000 * max(x for x, _ in lat)), all(st == 200 for _, st in lat) and max(x for x, _ in lat) < 1.0)
    closed = {}
    for name, sock in (("silent", slow), ("dripping", drip)):
        sock.settimeout(0.2)
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            try:
                sock.sendall(b" ") if name == "dripping" else None
                if sock.recv(100) == b"":
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        closed[name] = time.monotonic() - t0
        sock.close()
    T.check("  the silent one is closed after --idle-timeout (%.1f s), the dripping one after --request-timeout (%.1f s)"
            % (closed["silent"], closed["dripping"]), closed["silent"] < 7 and closed["dripping"] < 7, closed)

    # ---- /metrics
    m = metrics(S)
    s, h, body = S.request("GET", "/metrics")
    T.check("GET /metrics: Prometheus text format", s == 200 and h.get("content-type", "").startswith("text/plain; version=0.0.4"))
    T.check("  requests by endpoint and status", m.get('xjdata_http_requests_total{endpoint="evaluate",code="200"}', 0) >= 20
            and m.get('xjdata_http_requests_total{endpoint="other",code="404"}') == 1
            and m.get('xjdata_http_requests_total{endpoint="evaluate",code="413"}') == 2, m)
    T.check("  errors by kind", m.get('xjdata_errors_total{kind="input"}', 0) >= 5 and m.get('xjdata_errors_total{kind="media_type"}') == 2
            and m.get('xjdata_errors_total{kind="batch_line"}') == batch_errors and m.get('xjdata_errors_total{kind="timeout"}', 0) >= 1
            and m.get('xjdata_errors_total{kind="verification"}') == 7,  # 3 records, 4 documents
            {k: v for k, v in m.items() if k.startswith("xjdata_errors_total")})
    T.check("  decisions by effect and signatures made", sum(m.get('xjdata_decisions_total{effect="%s"}' % e, 0)
                                                        for e in ("permit", "review", "deny")) >= 40
            and m.get("xjdata_signatures_total", 0) >= 25, m)
    cnt = m.get('xjdata_request_duration_seconds_count{endpoint="evaluate"}', 0)
    T.check("  a latency histogram", cnt >= 20 and m.get('xjdata_request_duration_seconds_bucket{endpoint="evaluate",le="+Inf"}') == cnt
            and m.get('xjdata_request_duration_seconds_bucket{endpoint="evaluate",le="0.0001"}', -1) >= 0)
    T.check("  the kid in force", m.get('xjdata_signing_key_info{kid="%s"}' % kid) == 1)
    rc = S.stop()
    T.check("SIGTERM: exit 0", rc == 0, S.stderr())

    # ---- the access token
    tok = W.file("token", "s3cret-token-0123456789\n", 0o600)
    A = Server(W, "--key", key, "--token-file", tok)
    s, h, body = A.request("POST", "/v1/evaluate", text)
    T.check("--token-file: no Authorization, 401 with WWW-Authenticate: Bearer",
            s == 401 and h.get("www-authenticate", "").startswith("Bearer"), (s, h))
    s = A.request("POST", "/v1/evaluate", text, {"Authorization": "Bearer s3cret-token-0123456788"})[0]
    s2 = A.request("GET", "/v1/rules", None, {"Authorization": "Bearer s3cret"})[0]
    s3 = A.request("GET", "/metrics", None, {"Authorization": "Basic s3cret-token-0123456789"})[0]
    T.check("  a wrong token, a shorter one, another scheme: 401", (s, s2, s3) == (401, 401, 401))
    s = A.request("POST", "/v1/evaluate", text, {"Authorization": "Bearer s3cret-token-0123456789"})[0]
    s2 = A.request("GET", "/nope", None, {"Authorization": "Bearer s3cret-token-0123456789"})[0]
    s3 = A.request("GET", "/nope")[0]
    T.check("  the token: 200 (and 404 for a wrong path, 401 for it without the token)", (s, s2, s3) == (200, 404, 401))
    T.check("  /healthz needs no token", A.request("GET", "/healthz")[0] == 200)
    T.check("  the start line says a token is required", "token required" in A.stderr())
    A.stop()
    r = W.xjdata("serve", "--key", key, "--port", "0", "--token-file", W.file("token-open", "s3cret-token-0123456789\n", 0o644))
    T.check("  a token file readable by others: refused, exit 2", r.returncode == 2 and b"chmod 600" in r.stderr, r.stderr)
    r = W.xjdata("serve", "--key", key, "--port", "0", "--token-file", W.file("token-short", "short\n", 0o600))
    T.check("  a token under 16 characters: refused, exit 2", r.returncode == 2 and b"16 characters" in r.stderr, r.stderr)

    # ---- beyond loopback only with a token (refused before anything listens)
    for addr in ("0.0.0.0", "192.0.2.10", "::"):
        r = W.xjdata("serve", "--key", key, "--listen", addr, "--port", "0")
        T.check("--listen %s without --token-file: refused, exit 2" % addr,
                r.returncode == 2 and b"refusing to listen" in r.stderr, r.stderr)
    r = W.xjdata("serve", "--listen", "example.org", "--port", "0")
    T.check("--listen with a name: exit 2", r.returncode == 2 and b"numeric" in r.stderr)
    L = Server(W, "--key", key, "--listen", "127.0.0.2")
    T.check("--listen 127.0.0.2 (loopback) needs no token", L.port and L.host == "127.0.0.2", L.stderr())
    if L.port:
        c = http.client.HTTPConnection("127.0.0.2", L.port, timeout=5)
        T.check("  and answers there", L.request("GET", "/healthz", conn=c)[0] == 200)
    L.stop()
    if socket.has_ipv6:
        L6 = Server(W, "--key", key, "--listen", "::1")
        if L6.port:
            c = http.client.HTTPConnection("::1", L6.port, timeout=5)
            T.check("--listen ::1: answers over IPv6", L6.request("GET", "/healthz", conn=c)[0] == 200)
        else:
            print("       (no IPv6 loopback here: %s)" % L6.stderr().strip()[-120:])
        L6.stop()

    # ---- the connection limit
    C = Server(W, "--key", key, "--max-connections", "4", "--idle-timeout", "20")
    held = []
    for i in range(4):
        c = C.conn()
        C.request("GET", "/healthz", conn=c)
        held.append(c)
    extra = socket.create_connection(("127.0.0.1", C.port), timeout=5)
    t0 = time.monotonic()
    try:
        extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        extra.settimeout(3)
        first = extra.recv(100)
    except (ConnectionResetError, BrokenPipeError):
        first = b""
    except socket.timeout:
        first = None
    T.check("--max-connections 4: a fifth connection, while four are open, is closed without an answer (%.2f s)"
            % (time.monotonic() - t0), first == b"", first)
    extra.close()
    held[0].close()
    time.sleep(0.3)
    s, h, body = C.request("GET", "/healthz")
    T.check("  a new one is served once one of the four has closed", s == 200)
    for c in held[1:]:
        c.close()
    C.stop()

    # ---- a Unix socket
    sock_path = W.file("xjdata.sock")
    U = Server(W, "--key", key, "--unix", sock_path)

    class UnixConn(http.client.HTTPConnection):
        def connect(self):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(5)
            self.sock.connect(sock_path)

    ok = "listening on unix:" in U.stderr()
    if ok:
        c = UnixConn("localhost")
        c.request("POST", "/v1/evaluate", body=text.encode(), headers=JSONH)
        r = c.getresponse()
        ok = r.status == 200 and json.loads(r.read()).get("record")
    T.check("--unix PATH: a signed decision over the socket", ok, U.stderr())
    U.stop()
    T.check("  the socket file is removed on SIGTERM", not os.path.exists(sock_path))

    # ---- TLS (a self-signed certificate made here)
    cert, tkey = W.file("cert.pem"), W.file("tls.key")
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", tkey, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], capture_output=True) if shutil_which("openssl") else None
    if r is None or r.returncode != 0:
        print("       (openssl could not make a test certificate: TLS not checked)")
    else:
        os.chmod(tkey, 0o600)
        H = Server(W, "--key", key, "--tls-cert", cert, "--tls-key", tkey)
        T.check("--tls-cert/--tls-key: the start line says https", H.scheme == "https" and H.port, H.stderr())
        if H.port:
            ctx = ssl.create_default_context(cafile=cert)
            c = http.client.HTTPSConnection("127.0.0.1", H.port, context=ctx, timeout=5)
            s, h, body = H.request("POST", "/v1/evaluate", text, conn=c)
            T.check("  a signed decision over HTTPS, the certificate verified", s == 200 and json.loads(body).get("record"))
            out = raw_send(H.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", read_timeout=2)
            T.check("  plain HTTP to the TLS port gets no HTTP answer", not out.startswith(b"HTTP/1.1 200"), out[:80])
        H.stop()
        os.chmod(tkey, 0o644)
        r = W.xjdata("serve", "--key", key, "--port", "0", "--tls-cert", cert, "--tls-key", tkey)
        T.check("  a TLS key readable by others: refused", r.returncode == 2 and b"chmod 600" in r.stderr, r.stderr)
    r = W.xjdata("serve", "--key", key, "--port", "0", "--tls-cert", cert)
    T.check("--tls-cert without --tls-key: exit 2", r.returncode == 2)

    # ---- usage errors
    for args, why in ((["--port", "70000"], "port"), (["--max-body", "x"], "max-body"), (["--unix", "/tmp/x", "--port", "1"], "exclude"),
                      (["--bogus"], "unknown option"), (["extra"], "no arguments")):
        r = W.xjdata("serve", *args)
        T.check("serve %s: exit 2" % " ".join(args), r.returncode == 2 and why.encode() in r.stderr, r.stderr)
    r = W.xjdata("serve", "--key", W.file("nokey"), "--port", "0")
    T.check("a missing key file: exit 2 naming it", r.returncode == 2 and b"nokey" in r.stderr, r.stderr)


def shutil_which(name):
    import shutil
    return shutil.which(name)


try:
    main()
finally:
    W.cleanup()
sys.exit(T.finish())
