# SPDX-License-Identifier: MIT
"""xjdata.Log: the decision log from Python (docs/decision-log.md): records logged with their
receipts, proofs checked here from RFC 9162 with hashlib alone, batch records, the audit naming a
deleted entry."""
import hashlib
import os
import sqlite3
import tempfile
import unittest

import xjdata
from support import HEALTH, SHARE, requires, requires_family
from test_keys import SEED1

LOG_SYMBOLS = ("xjd_log_open", "xjd_log_commit", "xjd_log_receipt", "xjd_log_audit")


def root_from_path(index, size, leaf, path):
    """RFC 9162 §2.1.3.2, independently of the library."""
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    return r


@requires(*LOG_SYMBOLS)
@requires_family("share")
class LogTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.key = xjdata.SigningKey.from_seed(SEED1)
        cls.engine = xjdata.Engine(signing_key=cls.key, digests=True)

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "log.db")

    def tearDown(self):
        self.dir.cleanup()

    def test_records_get_receipts_that_verify(self):
        with xjdata.Log("sqlite:" + self.path, create=True) as log:
            self.assertEqual(log.backend, "sqlite")
            self.assertEqual(len(log), 0)
            records = [log.append_record(self.engine.evaluate(SHARE, HEALTH).record, self.key) for _ in range(5)]
            self.assertEqual(len(log), 5)
            for i, rec in enumerate(records):
                d = xjdata.verify(rec, self.key.public_key)  # the record's own signature still holds
                self.assertTrue(d.verified)
                (r,) = xjdata.verify_record_receipts(rec, self.key.public_key)
                self.assertEqual(r.log_index, i)
                self.assertEqual(r.log_id, log.log_id)
            self.assertEqual(log.audit(self.key.public_key, records=True),
                             {"entries": 5, "checkpoints": 5, "unsigned_tail": 0})

    def test_proofs_check_out_with_hashlib(self):
        log = xjdata.Log("memory:")
        for i in range(11):
            log.add(b"entry %d" % i, "bytes")
        self.assertEqual(log.pending, 11)
        self.assertEqual(log.commit(self.key), 0)
        p = log.prove(6)
        leaf = hashlib.sha256(b"\x00" + p["entry"]).digest()
        self.assertEqual(leaf, p["leaf_hash"])
        self.assertEqual(root_from_path(6, 11, leaf, p["path"]), p["root"])
        r = xjdata.verify_receipt(p["receipt"], p["entry"], self.key.public_key)
        self.assertEqual((r.log_index, r.tree_size, r.root), (6, 11, p["root"]))
        with self.assertRaises(xjdata.VerificationError) as cm:
            xjdata.verify_receipt(p["receipt"], log.entry(5), self.key.public_key)
        self.assertEqual(cm.exception.check, "receipt")
        c = log.consistency(4, 11)
        self.assertEqual(c["new_root"], p["root"])
        self.assertTrue(c["proof"])
        with self.assertRaises(xjdata.NotFoundError):
            log.append(b"late", "bytes")
            log.prove(11)

    def test_batch_records_verify_through_their_receipt(self):
        # decisions without a signature of their own, proved by their batch's checkpoint
        engine = xjdata.Engine(digests=True)
        log = xjdata.Log("memory:")
        made = [engine.payload(SHARE, HEALTH) for _ in range(3)]
        for d, payload in made:
            self.assertIsNone(d.record)
            log.add(payload, "payload")
        first = log.commit(self.key)
        for i, (d, payload) in enumerate(made):
            v = xjdata.verify(log.batch_record(first + i, payload), self.key.public_key)
            self.assertTrue(v.verified)
            self.assertEqual(v.effect, d.effect)
            self.assertEqual(v.kid, self.key.kid)

    def test_the_audit_names_a_deleted_entry(self):
        with xjdata.Log(self.path, create=True) as log:
            for i in range(9):
                log.add(b"x%d" % i, "bytes")
                if i % 3 == 2:
                    log.commit(self.key)
        db = sqlite3.connect(self.path)
        db.execute("DELETE FROM xjd_entries WHERE seq = 4")
        db.commit()
        db.close()
        with xjdata.Log(self.path, readonly=True) as log:
            with self.assertRaises(xjdata.AuditError) as cm:
                log.audit(self.key.public_key)
            self.assertEqual(cm.exception.index, 4)
            self.assertIn("entry 4 missing", str(cm.exception))

    def test_open_errors(self):
        with self.assertRaises(xjdata.NotFoundError):
            xjdata.Log(os.path.join(self.dir.name, "none.db"))
        with self.assertRaises(xjdata.Error):
            xjdata.Log("gopher://x")


if __name__ == "__main__":
    unittest.main()
