#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Per-call cost of Engine.evaluate(dict) from Python against the C calls it wraps (docs/performance.md:
Python adds at most 3 µs per call over the C call, unsigned; the signing path releases the GIL).

The C side (libxjdbench.so, bench_c.c) is loaded into this process, so both are timed in
alternating rounds on the same engine and the same CBOR bytes: medians of 31 rounds of the
thread's CPU time (the machine is shared: time spent descheduled is not the call's).

    meson compile -C build
    PYTHONPATH=build/bindings/python /usr/bin/python3 bindings/python/bench/bench_python.py

Prints one line per figure; exits non-zero only when something fails, never for a slow figure.
"""
import os
import statistics
import sys
import time

import xjdata
from xjdata._ffi import ffi

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from support import HEALTH, SHARE  # noqa: E402  (the README's example share request and dataset)
from test_engine import ENTERPRISE, EXPORT, TRADE, TRADE_DS, OpenTests  # noqa: E402

ROUNDS = 31

ffi.cdef("""double xjdbench_decode_evaluate(xjd_decision *dec, const xjd_engine *eng, xjd_request *req,
    xjd_dataset *ds, const uint8_t *r, size_t rlen, const uint8_t *d, size_t dlen, unsigned flags, long n);""")


def main():
    n = int(os.environ.get("BENCH_N", "2000"))
    bench = ffi.dlopen(os.environ.get("BENCH_LIB", os.path.join(os.path.dirname(xjdata.__file__), "..",
                                                                "libxjdbench.so")))
    key = xjdata.SigningKey.generate()
    engine = xjdata.Engine(signing_key=key)
    dataset = xjdata.Dataset(HEALTH)
    d = engine.evaluate(SHARE, HEALTH, sign=False)
    print(f"path: {'C accelerator' if xjdata._fast is not None else 'pure Python (cffi ABI mode)'}; "
          f"one {d.effect} decision: {len(d.reasons)} reason(s), {len(d.obligations)} obligation(s)")
    s = xjdata._scratch()  # a C decision, request and dataset of this thread, as the binding uses
    rq, ds = xjdata.encode_document(SHARE), xjdata.encode_document(HEALTH, "dataset")

    def c_call(flags, with_ds=True, count=n):
        def run():
            ns = bench.xjdbench_decode_evaluate(s.dec, engine._ptr, s.req, s.ds, rq, len(rq), ds,
                                                len(ds) if with_ds else 0, flags, count)
            if ns < 0:
                raise xjdata.Error(f"C call failed: {int(ns)}", int(ns))
            return ns
        return run

    def py_call(fn, count=n):
        def run():
            t0 = time.thread_time_ns()
            for _ in range(count):
                fn()
            return (time.thread_time_ns() - t0) / count
        return run

    figures = {
        "evaluate(dicts), unsigned": (py_call(lambda: engine.evaluate(SHARE, HEALTH, sign=False)), c_call(1)),
        "evaluate(dict, Dataset), unsigned": (py_call(lambda: engine.evaluate(SHARE, dataset, sign=False)),
                                              c_call(1, with_ds=False)),
        "evaluate(dicts), signed": (py_call(lambda: engine.evaluate(SHARE, HEALTH), n // 20 + 1),
                                    c_call(0, count=n // 20 + 1)),
    }
    # A typical request of each other family, documents as dicts.
    for fam, (rq_doc, ds_doc) in (("open", (OpenTests.OPEN, OpenTests.NO_PI)), ("export", (EXPORT, ENTERPRISE)),
                                  ("trade", (TRADE, TRADE_DS))):
        frq, fds = xjdata.encode_document(rq_doc), xjdata.encode_document(ds_doc, "dataset")

        def fam_c(frq=frq, fds=fds):
            ns = bench.xjdbench_decode_evaluate(s.dec, engine._ptr, s.req, s.ds, frq, len(frq), fds, len(fds), 1, n)
            if ns < 0:
                raise xjdata.Error(f"C call failed: {int(ns)}", int(ns))
            return ns
        figures[f"{fam}: evaluate(dicts), unsigned"] = (
            py_call(lambda rq_doc=rq_doc, ds_doc=ds_doc: engine.evaluate(rq_doc, ds_doc, sign=False)), fam_c)
    for name, (py, c) in figures.items():
        try:
            pys, cs = [], []
            for _ in range(ROUNDS):  # alternating rounds: the machine's noise hits both alike
                pys.append(py())
                cs.append(c())
        except xjdata.Error as e:
            print(f"{name:<36} not measured: {e}")
            continue
        p, q = statistics.median(pys), statistics.median(cs)
        target = "   (target <= 3 µs over C)" if "unsigned" in name else ""
        print(f"{name:<36} python {p / 1000:7.2f} µs   C {q / 1000:7.2f} µs   "
              f"python over C {(p - q) / 1000:6.2f} µs{target}")
    threads_figure(engine, key)
    return 0


def threads_figure(engine, key):
    """Signing and verifying release the GIL: two threads sharing one engine do more work per
    second than one (wall clock; 2 cores at best, and the machine is shared)."""
    import threading
    try:
        rec = engine.evaluate(SHARE, HEALTH).record
    except xjdata.Error as e:
        print(f"threads: not measured ({e})")
        return
    m = int(os.environ.get("BENCH_THREAD_N", "400"))

    def sign_and_verify(k):
        for _ in range(k):
            engine.evaluate(SHARE, HEALTH)
            xjdata.verify(rec, key)

    def wall(nthreads):
        ts = [threading.Thread(target=sign_and_verify, args=(m // nthreads,)) for _ in range(nthreads)]
        t0 = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return time.perf_counter() - t0

    one = statistics.median(wall(1) for _ in range(5))
    two = statistics.median(wall(2) for _ in range(5))
    print(f"{'sign+verify, 2 threads vs 1':<36} speed-up {one / two:4.2f}x on {os.cpu_count()} CPU(s), "
          f"load average {os.getloadavg()[0]:.1f} (wall clock: near 1x when the CPUs are busy; "
          f"test_threads.GilTests checks the GIL release itself)")


if __name__ == "__main__":
    sys.exit(main())
