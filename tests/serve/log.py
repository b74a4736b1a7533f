#!/usr/bin/env python3
"""xjdata serve --log LOG: every decision appended to the decision log before it is answered, its
record carrying its receipt (per-decision signing, as eval --log), single requests and a batch
from concurrent clients; the receipts verify, the log audits clean, and a log that cannot be
opened or a ?sign=false request is refused."""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_lib import Checks, Server, Workdir, example  # noqa: E402

T = Checks()
W = Workdir()
key, pub = W.keygen("k")
pubf = W.file("k.pub", pub + "\n")


def main():
    log = W.file("l.db")
    r = W.xjdata("log", "init", log)
    T.check("xjdata log init makes the log", r.returncode == 0, r.stderr)
    r = W.xjdata("serve", "--key", key, "--port", "0", "--log", W.file("missing.db"))
    T.check("serve --log with a log that does not exist: exit 2 naming it",
            r.returncode == 2 and b"missing.db" in r.stderr, r.stderr)

    S = Server(W, "--key", key, "--log", log)
    T.check("serve --log starts", S.port and S.alive(), S.stderr())
    if not S.port:
        return
    text = example("share-pending-national-day")
    s, d = S.json("POST", "/v1/evaluate", text)
    T.check("a decision with --log: 200, a record, log_index 0", s == 200 and d.get("record") and d.get("log_index") == 0, d)
    W.file("d0.json", json.dumps(d))
    r = W.xjdata("verify", "--key", pubf, "--format", "json", W.file("d0.json"))
    v = [json.loads(line) for line in r.stdout.decode().splitlines() if line.strip()]
    T.check("  its record verifies and carries a receipt of entry 0 that verifies",
            r.returncode == 0 and v and v[0].get("status") == "verified" and len(v[0].get("receipts", [])) == 1
            and v[0]["receipts"][0].get("log_index") == 0, r.stdout[:600] + r.stderr[:300])
    s, v = S.json("POST", "/v1/verify", json.dumps(d))
    T.check("  POST /v1/verify of it: 200, its log_index vouched for by the receipt it carries",
            s == 200 and v.get("verified") is True, v)
    s, v = S.json("POST", "/v1/verify", json.dumps(dict(d, log_index=1)))
    T.check("  with log_index edited: 422 naming log_index and the entry the receipt proves",
            s == 422 and v.get("path") == "log_index" and "(0)" in v.get("error", ""), v)
    s, nosign = S.json("POST", "/v1/evaluate?sign=false", text)
    T.check("?sign=false is refused with --log: 400 naming query.sign",
            s == 400 and isinstance(nosign, dict) and nosign.get("path") == "query.sign", nosign)

    # concurrent clients: single requests and a batch; every index once, the appends serialised
    got, lock = [], threading.Lock()

    def one():
        st, dd = S.json("POST", "/v1/evaluate", text)
        with lock:
            got.append((st, dd.get("log_index") if isinstance(dd, dict) else None))

    threads = [threading.Thread(target=one) for _ in range(8)]
    for t in threads:
        t.start()
    batch = "\n".join([json.dumps(json.loads(text))] * 3) + "\n"
    s, h, body = S.request("POST", "/v1/evaluate", batch, headers={"Content-Type": "application/jsonl"})
    for t in threads:
        t.join()
    lines = [json.loads(line) for line in body.decode().splitlines()]
    idx = sorted([i for _, i in got] + [x.get("log_index") for x in lines])
    T.check("8 concurrent requests and a batch of 3: all 200, indexes 1..11 each once",
            all(st == 200 for st, _ in got) and s == 200 and idx == list(range(1, 12)), (got, body[:300]))
    W.file("batch.jsonl", body)
    r = W.xjdata("verify", "--key", pubf, "--lang", "en", W.file("batch.jsonl"))
    T.check("  the batch's records and receipts verify",
            r.returncode == 0 and b"verified 3, failed 0" in r.stdout and r.stdout.count(b"receipt: entry") == 3,
            r.stdout[:600])
    rc = S.stop()
    T.check("the server stops on SIGTERM with exit 0", rc == 0, S.stderr())
    r = W.xjdata("log", "audit", log, "--key", pubf, "--records")
    T.check("xjdata log audit passes on the log the server wrote: 12 entries",
            r.returncode == 0 and b"audit passed: 12 entries" in r.stdout, r.stdout + r.stderr)


try:
    main()
finally:
    W.cleanup()
sys.exit(T.finish())
