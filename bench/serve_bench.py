#!/usr/bin/env python3
"""The HTTP service figure of docs/performance.md, run by xjdata-bench (or alone):

    bench/serve_bench.py TOOL EXAMPLES_DIR [SECONDS]

`xjdata serve` (signing, records with the documents as digests, one thread per CPU) is driven by
wrk (Debian's `wrk`) over keep-alive connections on the loopback address, cycling through the
example requests that decide; then again at half the rate it reached, paced, for the latency. In
the same run the same requests go through `xjdata eval --jsonl` (one process, one core), the
stream the service is compared with. Every answer must be a 200 and a sample of them must verify
(POST /v1/verify and the records' kid): a wrong answer exits 2. Bounded: a few seconds per run,
127.0.0.1 only. Prints one `key=value ...` line per figure (xjdata-bench reads them) and a summary
line for a person."""
import http.client
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def die(msg):
    print("serve_bench: " + msg, file=sys.stderr, flush=True)
    sys.exit(2)


def main():
    if len(sys.argv) < 3:
        die("usage: serve_bench.py TOOL EXAMPLES_DIR [SECONDS]")
    tool, exdir = sys.argv[1], sys.argv[2]
    secs = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    wrk = shutil.which("wrk")
    if not wrk:
        print("unavailable reason=wrk-not-installed", flush=True)
        return 0
    tmp = tempfile.mkdtemp(prefix="xjdata-serve-bench-")
    env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "cfg"))
    server = None
    try:
        key = os.path.join(tmp, "key")
        subprocess.run([tool, "keygen", "--out", key], check=True, capture_output=True, env=env)
        pub = subprocess.run([tool, "key", "public", key], check=True, capture_output=True, env=env).stdout.strip()
        # the examples that decide (an example the rules refuse is a 400, not a decision)
        bodies, skipped = [], []
        for f in sorted(os.listdir(exdir)):
            if not f.endswith(".json"):
                continue
            p = os.path.join(exdir, f)
            r = subprocess.run([tool, "eval", "--no-sign", "--format", "json", p], capture_output=True, env=env)
            with open(p, encoding="utf-8") as fh:
                line = json.dumps(json.load(fh), ensure_ascii=False, separators=(",", ":"))
            (bodies if r.returncode == 0 else skipped).append(line if r.returncode == 0 else f)
        if not bodies:
            die("no example request decides")
        bfile = os.path.join(tmp, "bodies.jsonl")
        with open(bfile, "w", encoding="utf-8") as fh:
            fh.write("\n".join(bodies) + "\n")

        errpath = os.path.join(tmp, "serve.err")
        errf = open(errpath, "wb")
        server = subprocess.Popen([tool, "serve", "--key", key, "--port", "0", "--digest-only"], stdout=subprocess.DEVNULL,
                                  stderr=errf, env=env)
        port, deadline = None, time.monotonic() + 20
        while port is None and time.monotonic() < deadline and server.poll() is None:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+) \(kid ([0-9a-f]+),",
                          open(errpath, encoding="utf-8", errors="replace").read())
            if m:
                port, kid = int(m.group(1)), m.group(2)
            else:
                time.sleep(0.02)
        if port is None:
            die("the server did not start: " + open(errpath, encoding="utf-8", errors="replace").read())

        # a wrong answer is a wrong result: every body decided, signed with the key, verified
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        sizes = []
        for b in bodies:
            c.request("POST", "/v1/evaluate", body=b.encode("utf-8"), headers={"Content-Type": "application/json"})
            r = c.getresponse()
            d = json.loads(r.read())
            if r.status != 200 or d.get("kid") != kid or not d.get("record"):
                die("POST /v1/evaluate: %d %.200s" % (r.status, d))
            c.request("POST", "/v1/verify", body=json.dumps({"record": d["record"]}), headers={"Content-Type": "application/json"})
            r = c.getresponse()
            v = json.loads(r.read())
            if r.status != 200 or v.get("verified") is not True or v.get("effect") != d["effect"]:
                die("POST /v1/verify: %d %.200s" % (r.status, v))
            sizes.append(len(d["record"]) * 3 // 4)
        c.close()

        def run_wrk(conns, seconds, delay_ms=0.0):
            e = dict(env, XJD_BENCH_BODIES=bfile, XJD_BENCH_DELAY_MS="%.4f" % delay_ms)
            out = subprocess.run([wrk, "-t1", "-c%d" % conns, "-d%ds" % max(1, round(seconds)), "--timeout", "5s",
                                  "-s", os.path.join(HERE, "serve.lua"), "http://127.0.0.1:%d/v1/evaluate" % port],
                                 capture_output=True, env=e, timeout=seconds + 60).stdout.decode()
            m = re.search(r"wrk requests=(\d+) duration_us=(\d+) non2xx=(\d+) errors=(\d+) p50_us=(\d+) p99_us=(\d+)", out)
            if not m:
                die("wrk printed no figures: " + out[-500:])
            n, dur, non2xx, errs, p50, p99 = (int(x) for x in m.groups())
            if non2xx or errs:
                die("wrk: %d answers other than 2xx, %d socket errors" % (non2xx, errs))
            return n / (dur / 1e6), p50, p99

        run_wrk(8, 1)  # warm-up: the server's buffers, the page cache
        conns = 8
        maxes = [run_wrk(conns, secs) for _ in range(3)]
        rate = statistics.median(x[0] for x in maxes)
        best = sorted(maxes)[1]
        print("serve_max rate=%.0f p50_us=%d p99_us=%d conns=%d cpus=%d seconds=%.0f runs=3 examples=%d skipped=%d "
              "record_bytes=%d" % (rate, best[1], best[2], conns, os.cpu_count(), secs, len(bodies), len(skipped),
                                   sum(sizes) // len(sizes)), flush=True)

        # half that rate, paced: each of `hc` connections waits between its requests. wrk's timers
        # count whole milliseconds and fire late, so the wait that gives the rate is found by
        # bisection on short probes (the rate falls as the wait grows)
        target, hc = rate / 2, 32
        lo, hi = 0.0, 3 * hc * 1000.0 / target
        delay = hc * 1000.0 / target
        for _ in range(6):
            probe = run_wrk(hc, 1, delay)[0]
            if abs(probe - target) < 0.05 * target:
                break
            if probe > target:
                lo = delay
            else:
                hi = delay
            delay = (lo + hi) / 2
        half = run_wrk(hc, max(secs, 3), delay)
        print("serve_half target=%.0f rate=%.0f p50_us=%d p99_us=%d conns=%d" % (target, half[0], half[1], half[2], hc),
              flush=True)

        # the --jsonl stream over the same requests, in the same run: CPU seconds of one process
        n = 20000
        inp = os.path.join(tmp, "in.jsonl")
        with open(inp, "w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(bodies[i % len(bodies)] + "\n")
        rates = []
        for _ in range(3):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            with open(inp, "rb") as i_, open(os.path.join(tmp, "out.jsonl"), "wb") as o_:
                subprocess.run([tool, "eval", "--jsonl", "--key", key, "--digest-only"], stdin=i_, stdout=o_, check=True,
                               env=env)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
            with open(os.path.join(tmp, "out.jsonl"), "rb") as o_:
                got = sum(1 for line in o_ if b'"record":' in line)
            if got != n:
                die("xjdata eval --jsonl: %d signed decisions for %d requests" % (got, n))
            rates.append(n / cpu)
        print("jsonl rate_per_core=%.0f lines=%d runs=3" % (statistics.median(rates), n), flush=True)
        print("summary: service %.0f signed decisions/s (p50 %.2f ms, p99 %.2f ms, %d connections, %d CPUs); "
              "at half rate (%.0f/s achieved) p50 %.2f ms, p99 %.2f ms; --jsonl stream %.0f/s per core"
              % (rate, best[1] / 1000, best[2] / 1000, conns, os.cpu_count(), half[0], half[1] / 1000, half[2] / 1000,
                 statistics.median(rates)), flush=True)
        return 0
    finally:
        if server and server.poll() is None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
