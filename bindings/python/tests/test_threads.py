# SPDX-License-Identifier: MIT
"""One Engine shared by many threads: every thread gets the same decisions as a lone thread, and
every signed record verifies."""
import os
import subprocess
import sys
import threading
import unittest

import xjdata
from support import HEALTH, SHARE, cites_of, merge, requires, requires_family


@requires("xjd_key_generate", "xjd_record_verify")
@requires_family("share")
class ThreadTests(unittest.TestCase):
    def test_threads_share_one_engine(self):
        key = xjdata.SigningKey.generate()
        engine = xjdata.Engine(signing_key=key)
        requests = [
            (SHARE, HEALTH),
            (merge(SHARE, share={"provider_decision": "approved", "conditions_met": True}), HEALTH),
            (merge(SHARE, purpose={"statutory_duty": False}), HEALTH),
            (SHARE, merge(HEALTH, share_type="unconditional", share_conditions=None)),
        ]
        expected = [engine.evaluate(r, ds, sign=False) for r, ds in requests]
        self.assertEqual(len({e.effect for e in expected}), 3)  # permit, review and deny among them
        errors = []
        barrier = threading.Barrier(8)

        def work(t):
            try:
                barrier.wait()
                for n in range(60):
                    i = (n + t) % len(requests)
                    d = engine.evaluate(*requests[i])
                    e = expected[i]
                    if d.effect != e.effect or d.codes != e.codes or \
                            cites_of(d.reasons) != cites_of(e.reasons):
                        errors.append(f"thread {t}: {d!r} != {e!r}")
                    if n % 10 == 0:
                        v = xjdata.verify(d.record, key.public_key)
                        if v.codes != e.codes:
                            errors.append(f"thread {t}: record says {v!r}")
                    if n % 15 == 0:  # errors in one thread do not disturb the others
                        try:
                            engine.evaluate(merge(SHARE, action="sell"), HEALTH)
                            errors.append("bad input accepted")
                        except xjdata.InputError as ex:
                            if ex.path != "action":
                                errors.append(f"path {ex.path!r}")
            except Exception as ex:  # collected and reported by the main thread
                errors.append(f"thread {t}: {ex!r}")

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        self.assertEqual(errors, [])


# A thread loops on a call while the main thread waits for the GIL. The switch interval is made
# so long that the main thread only gets the GIL when the looping thread gives it up inside the
# call: the script ends at once if the call releases the GIL, and hangs (killed by the timeout)
# if it does not.
GIL_SCRIPT = r"""
import sys, threading, xjdata
sys.path.insert(0, sys.argv[2])
from support import HEALTH, SHARE
key = xjdata.SigningKey.generate()
engine = xjdata.Engine(signing_key=key)
record = engine.evaluate(SHARE, HEALTH).record
calls = {
    "sign": lambda: engine.evaluate(SHARE, HEALTH),
    "evaluate": lambda: engine.evaluate(SHARE, HEALTH, sign=False),
    "verify": lambda: xjdata.verify(record, key.public_key),
}
call = calls[sys.argv[1]]
stop = threading.Event()
def loop():
    n = 0
    while not stop.is_set():
        call()
        n += 1
sys.setswitchinterval(1000.0)
t = threading.Thread(target=loop)
t.start()  # returns only once the loop lets go of the GIL
stop.set()
t.join()
print("released")
"""


@requires("xjd_key_generate", "xjd_record_verify")
@requires_family("share")
class GilTests(unittest.TestCase):
    def test_signing_evaluating_and_verifying_release_the_gil(self):
        here = os.path.dirname(os.path.abspath(__file__))
        for what in ("sign", "evaluate", "verify"):
            with self.subTest(call=what):
                try:
                    r = subprocess.run([sys.executable, "-c", GIL_SCRIPT, what, here], capture_output=True,
                                       text=True, timeout=60, env=dict(os.environ))
                except subprocess.TimeoutExpired:
                    self.fail(f"{what} holds the GIL: the waiting thread never ran")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout.strip(), "released")


if __name__ == "__main__":
    unittest.main()
