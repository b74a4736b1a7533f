#!/usr/bin/env python3
"""xjdata serve and its signals, through real HTTP: SIGTERM with requests in flight (they are
answered, nothing new is accepted, exit 0; the drain timeout bounds the wait), and SIGHUP under
load (the key and the calendar rotated together, many times, while clients decide: every answer
comes from one configuration, never a mix; a reload that fails keeps the configuration in force)."""
import json
import os
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import Checks, Server, Workdir, example, metrics  # noqa: E402

T = Checks()
W = Workdir()

# A share of conditional data, received 2026-03-02 and pending: the provider's reply is due ten
# working days later (Art. 34 para. 2), a date the calendar decides.
REQUEST = json.dumps({
    "action": "share", "at": "2026-03-02T10:00:00+08:00",
    "requester": {"id": "xj-cdc", "kind": "public_body", "access_terminated": False},
    "purpose": {"statutory_duty": True, "onward_transfer": False, "scenario": "传染病监测"},
    "share": {"received_at": "2026-03-02", "provider_decision": "pending"},
    "dataset": {"id": "xj-hc-0042", "category": "public", "grade": "general", "secret": "none", "on_platform": True,
                "source_department": "自治区卫生健康委员会", "share_type": "conditional",
                "share_conditions": ["仅用于疾病防控"]},
}, ensure_ascii=False)

# Two calendars: the first adds nothing to 2026, the second makes 3-6 March regional holidays.
CAL1 = "national 2027 none\n"
CAL2 = ("regional 2026 holiday 03-03..03-06 test holiday\nregional 2026 holiday 03-20..03-22 肉孜节\n"
        "regional 2026 holiday 05-27..05-31 古尔邦节\n")


def due_of(d):
    for o in d.get("obligations", []):
        if o.get("code") == "share.provider_reply":
            return o.get("due")
    return None


def sigterm_in_flight():
    key, pub = W.keygen("k-term")
    body = REQUEST.encode("utf-8")
    S = Server(W, "--key", key, "--drain-timeout", "10")
    if not T.check("a server to stop", S.port, S.stderr()):
        return
    socks = []
    for i in range(3):  # headers and part of the body: in flight
        s = socket.create_connection(("127.0.0.1", S.port), timeout=5)
        s.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                  % len(body) + body[:40])
        socks.append(s)
    idle = S.conn()
    S.request("GET", "/healthz", conn=idle)  # a keep-alive connection with nothing in flight
    time.sleep(0.3)
    t0 = time.monotonic()
    S.signal(signal.SIGTERM)
    time.sleep(0.3)
    try:
        socket.create_connection(("127.0.0.1", S.port), timeout=2).close()
        refused = False
    except OSError:
        refused = True
    T.check("SIGTERM: new connections are refused at once", refused)
    try:
        st, h, d = S.request("GET", "/healthz", conn=idle)
        T.check("  a request on an open keep-alive connection: 503 draining, Connection: close",
                st == 503 and h.get("connection") == "close" and b"draining" in d, (st, h, d))
    except (OSError, Exception) as e:  # closed for being idle: acceptable too
        T.check("  an idle keep-alive connection is closed", True, e)
    for s in socks:
        s.sendall(body[40:])
    answers = []
    for s in socks:
        s.settimeout(5)
        data = b""
        while True:
            try:
                b = s.recv(65536)
            except (socket.timeout, OSError):
                break
            if not b:
                break
            data += b
        head, _, rest = data.partition(b"\r\n\r\n")
        try:
            d = json.loads(rest)
        except ValueError:
            d = {}
        answers.append((head.split(b"\r\n")[0], b"Connection: close" in head, d.get("effect"), bool(d.get("record"))))
        s.close()
    T.check("  the 3 requests in flight are answered in full: 200, a signed decision, Connection: close",
            all(a == (b"HTTP/1.1 200 OK", True, "review", True) for a in answers), answers)
    rc = S.proc.wait(15)
    T.check("  then the server exits 0 (%.1f s after SIGTERM)" % (time.monotonic() - t0), rc == 0, S.stderr())
    T.check("  and says what it drained", "stopping: 3 requests in flight" in S.stderr() and "stopped" in S.stderr(),
            S.stderr())
    S.stop()

    # a request that never completes holds the exit back for --drain-timeout only
    S = Server(W, "--key", key, "--drain-timeout", "1", "--request-timeout", "60", "--idle-timeout", "60")
    s = socket.create_connection(("127.0.0.1", S.port), timeout=5)
    s.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999\r\n\r\n{")
    time.sleep(0.3)
    t0 = time.monotonic()
    S.signal(signal.SIGTERM)
    rc = S.proc.wait(15)
    took = time.monotonic() - t0
    T.check("SIGTERM with a request that never completes: exit 0 after --drain-timeout (%.1f s)" % took,
            rc == 0 and 0.9 < took < 5 and "still in flight after 1 s" in S.stderr(), S.stderr())
    s.close()
    S.stop()


def sighup_under_load():
    k1, p1 = W.keygen("k1")
    k2, p2 = W.keygen("k2")
    keyfile, calfile = W.file("signing.key"), W.file("calendar.txt")

    def install(k, cal):  # each file replaced whole (rename), then SIGHUP
        data = open(k, "rb").read()
        tmp = W.file("signing.key.tmp", data, 0o600)
        os.replace(tmp, keyfile)
        tmp = W.file("calendar.tmp", cal)
        os.replace(tmp, calfile)

    install(k1, CAL1)
    S = Server(W, "--key", keyfile, "--calendar", calfile)
    if not T.check("a server to reload", S.port, S.stderr()):
        return
    kid1 = S.json("GET", "/healthz")[1]["kid"]
    st, d1 = S.json("POST", "/v1/evaluate?sign=false", REQUEST)
    due1 = due_of(d1)
    install(k2, CAL2)
    S.signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and S.json("GET", "/healthz")[1].get("generation") != 2:
        time.sleep(0.02)
    h = S.json("GET", "/healthz")[1]
    kid2 = h["kid"]
    st, d2 = S.json("POST", "/v1/evaluate?sign=false", REQUEST)
    due2 = due_of(d2)
    T.check("SIGHUP: the new key and calendar are in force (generation 2; due %s, then %s)" % (due1, due2),
            h.get("generation") == 2 and kid1 != kid2 and due1 and due2 and due1 < due2, (h, due1, due2))
    expect = {kid1: due1, kid2: due2}

    stop = threading.Event()
    results, errors = [], []

    def client():
        c = S.conn()
        while not stop.is_set():
            try:
                st, hd, body = S.request("POST", "/v1/evaluate", REQUEST, conn=c)
            except Exception as e:  # noqa: BLE001
                errors.append(repr(e))
                c.close()
                c = S.conn()
                continue
            if st != 200:
                errors.append((st, body[:200]))
                continue
            d = json.loads(body)
            results.append((d.get("kid"), due_of(d), d.get("record")))
        c.close()

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    reloads = 0
    t_end = time.monotonic() + 3
    while time.monotonic() < t_end:
        time.sleep(0.15)
        which = reloads % 2
        install(k1 if which == 0 else k2, CAL1 if which == 0 else CAL2)
        S.signal(signal.SIGHUP)
        reloads += 1
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join(30)
    gen = S.json("GET", "/healthz")[1].get("generation")
    T.check("%d reloads under load by 4 clients: every reload taken (generation %s)" % (reloads, gen),
            gen == 2 + reloads, gen)
    T.check("  %d requests answered, none failed" % len(results), len(results) > 50 and not errors, errors[:5])
    mixed = [r[:2] for r in results if expect.get(r[0]) != r[1]]
    seen = {r[0] for r in results}
    T.check("  every answer is one configuration's: the key and the calendar always go together (%d with the first, "
            "%d with the second)" % (sum(r[0] == kid1 for r in results), sum(r[0] == kid2 for r in results)),
            not mixed and seen == {kid1, kid2}, mixed[:5])
    # records signed on either side of the rotation verify with their own public key
    ok = True
    for kid, pub in ((kid1, p1), (kid2, p2)):
        rec = next(r[2] for r in results if r[0] == kid)
        W.file("rec.b64", rec)
        r = W.xjdata("verify", "--key", W.file("p.pub", pub + "\n"), W.file("rec.b64"))
        ok &= r.returncode == 0
    T.check("  records signed before and after a rotation verify with their own key", ok)

    # a reload that fails keeps what is in force
    before = S.json("GET", "/healthz")[1]
    W.file("calendar.bad", "regional 2026 holiday 02-30 no such day\n")
    os.replace(W.file("calendar.bad"), calfile)
    S.signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "reload failed" not in S.stderr():
        time.sleep(0.02)
    after = S.json("GET", "/healthz")[1]
    st, d = S.json("POST", "/v1/evaluate", REQUEST)
    T.check("a reload with a bad calendar fails, says why, and the configuration in force stays",
            "reload failed" in S.stderr() and "--calendar" in S.stderr() and after == before and st == 200
            and d.get("kid") == before["kid"] and due_of(d) == expect[before["kid"]], (before, after, S.stderr()[-300:]))
    m = metrics(S)
    T.check("  /metrics counts the reloads", m.get('xjdata_reloads_total{result="ok"}') == 1 + reloads
            and m.get('xjdata_reloads_total{result="failed"}') == 1 and m.get("xjdata_state_generation") == 2 + reloads, m)
    rc = S.stop()
    T.check("  and SIGTERM still stops it: exit 0", rc == 0, S.stderr())


try:
    sigterm_in_flight()
    sighup_under_load()
finally:
    W.cleanup()
sys.exit(T.finish())
