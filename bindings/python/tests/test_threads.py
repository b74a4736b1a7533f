# SPDX-License-Identifier: MIT
"""One Engine shared by many threads: every thread gets the same decisions as a lone thread, and
every signed record verifies."""
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


if __name__ == "__main__":
    unittest.main()
