# SPDX-License-Identifier: MIT
"""Signed records: made by Engine.evaluate, verified by xjdata.verify, each failed check named;
records made in Python verify with the command-line tool and the tool's verify in Python."""
import base64
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import xjdata
from support import BUILD_ROOT, HEALTH, SHARE, cites_of, merge, requires, requires_family
from test_keys import SEED1

RECORD_SYMBOLS = ("xjd_key_from_seed", "xjd_record_verify", "xjd_decision_record", "xjd_keyset_add")


@requires(*RECORD_SYMBOLS)
@requires_family("share")
class RecordTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.key = xjdata.SigningKey.from_seed(SEED1)
        cls.e = xjdata.Engine(signing_key=cls.key)
        cls.d = cls.e.evaluate(SHARE, HEALTH)

    def test_signed_by_default_and_verifies(self):
        d = self.d
        self.assertIsInstance(d.record, bytes)
        self.assertEqual(d.record[0], 0xD2)  # CBOR tag 18: COSE_Sign1
        self.assertEqual(d.kid, self.key.kid)
        self.assertEqual(len(d.record_id), 16)
        v = xjdata.verify(d.record, self.key.public_key)
        self.assertTrue(v.verified)
        self.assertEqual(v.effect, d.effect)
        self.assertEqual(v.rulebook, d.rulebook)
        self.assertEqual(v.codes, d.codes)
        self.assertEqual(cites_of(v.reasons + v.obligations), cites_of(d.reasons + d.obligations))
        self.assertEqual([o.due for o in v.obligations], [o.due for o in d.obligations])
        self.assertEqual(v.record_id, d.record_id)
        self.assertEqual(v.kid, self.key.kid)
        self.assertEqual(v.at, datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.timezone.utc))
        self.assertTrue(v.reasons[0].text)  # texts come back from the codes
        # Full documents by default: the request travels in the record.
        self.assertIsNotNone(v.request_cbor)
        self.assertEqual(v.request_digest, hashlib.sha256(v.request_cbor).digest())
        self.assertIn("record", d.to_dict())

    def test_verify_accepts_key_pair_keyset_and_lists(self):
        other = xjdata.SigningKey.generate()
        for keys in (self.key, xjdata.KeySet([other, self.key]), [other.public_key, self.key.public_key]):
            self.assertEqual(xjdata.verify(self.d.record, keys).effect, self.d.effect)

    def test_sign_false_skips_signing(self):
        d = self.e.evaluate(SHARE, HEALTH, sign=False)
        self.assertIsNone(d.record)
        self.assertEqual(d.codes, self.d.codes)
        self.assertNotIn("record", d.to_dict())
        with self.assertRaises(xjdata.KeyFileError):
            xjdata.Engine().evaluate(SHARE, HEALTH, sign=True)

    def test_digest_mode_and_chaining(self):
        prev = hashlib.sha256(self.d.record).digest()
        d = self.e.evaluate(SHARE, HEALTH, digests=True, prev_digest=prev)
        v = xjdata.verify(d.record, self.key.public_key)
        self.assertIsNone(v.request_cbor)
        self.assertEqual(len(v.request_digest), 32)
        self.assertEqual(v.prev_digest, prev)
        self.assertLess(len(d.record), len(self.d.record))

    def test_records_are_unique(self):
        a = self.e.evaluate(SHARE, HEALTH)
        self.assertNotEqual(a.record_id, self.d.record_id)

    def test_each_failed_check_is_named(self):
        rec = self.d.record
        other = xjdata.SigningKey.generate()
        cases = [
            (rec[1:], self.key, "tag"),
            (rec + b"\x00", self.key, "trailing"),
            (rec, other, "kid"),
            (rec[:-1] + bytes([rec[-1] ^ 1]), self.key, "signature"),
        ]
        for data, key, check in cases:
            with self.subTest(check=check):
                with self.assertRaises(xjdata.VerificationError) as cm:
                    xjdata.verify(data, key)
                self.assertEqual(cm.exception.check, check)
                self.assertIsInstance(cm.exception, xjdata.Error)

    def test_every_single_bit_flip_fails(self):
        rec = bytearray(self.d.record)
        for i in range(0, len(rec)):
            for bit in (0, 7):
                t = bytearray(rec)
                t[i] ^= 1 << bit
                with self.assertRaises(xjdata.Error, msg=f"byte {i} bit {bit}"):
                    xjdata.verify(bytes(t), self.key.public_key)

    def test_truncation_fails(self):
        rec = self.d.record
        for n in range(0, len(rec), 7):
            with self.assertRaises(xjdata.Error, msg=f"length {n}"):
                xjdata.verify(rec[:n], self.key.public_key)


def _tool():
    """The command-line tool of this build, or None while it has not landed."""
    path = os.path.join(BUILD_ROOT, "tools", "xjdata") if BUILD_ROOT else ""
    return path if path and os.access(path, os.X_OK) else None


@requires(*RECORD_SYMBOLS)
@requires_family("share")
@unittest.skipIf(_tool() is None, "the command-line tool (tools/xjdata) is not in this build yet")
class ToolCrossTests(unittest.TestCase):
    """Records made in Python verify with the C tool, and the tool's records verify in Python."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.key = xjdata.SigningKey.from_seed(SEED1)
        self.keyfile = os.path.join(self.tmp, "signing.key")
        self.key.save(self.keyfile)
        self.pubfile = os.path.join(self.tmp, "public.key")
        self.key.public_key.save(self.pubfile)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def run_tool(self, *args, stdin=None):
        return subprocess.run([_tool(), *args], input=stdin, capture_output=True, timeout=60)

    def test_python_record_verifies_with_the_tool(self):
        d = xjdata.Engine(signing_key=self.key).evaluate(SHARE, HEALTH)
        rec = os.path.join(self.tmp, "decision.cose")
        with open(rec, "wb") as f:
            f.write(d.record)
        r = self.run_tool("verify", "--key", self.pubfile, "--format", "json", rec)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out = json.loads(r.stdout.decode())
        self.assertTrue(out["verified"])
        mine = d.to_dict()
        for k in ("effect", "rulebook", "national_rules"):
            self.assertEqual(out[k], mine[k], k)
        self.assertEqual([i["code"] for i in out["reasons"]], [i["code"] for i in mine["reasons"]])
        self.assertEqual([i.get("cites") for i in out["reasons"]], [i.get("cites") for i in mine["reasons"]])
        self.assertEqual([(i["code"], i.get("due"), i.get("cites")) for i in out["obligations"]],
                         [(i["code"], i.get("due"), i.get("cites")) for i in mine["obligations"]])
        # A tampered record fails in the tool too.
        with open(rec, "wb") as f:
            f.write(d.record[:-1] + bytes([d.record[-1] ^ 1]))
        self.assertNotEqual(self.run_tool("verify", "--key", self.pubfile, rec).returncode, 0)

    def test_tool_record_verifies_in_python(self):
        req = os.path.join(self.tmp, "request.json")
        with open(req, "w", encoding="utf-8") as f:
            json.dump(dict(SHARE, dataset=HEALTH), f, ensure_ascii=False)
        r = self.run_tool("eval", "--key", self.keyfile, "--format", "json", req)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        doc = json.loads(r.stdout.decode().splitlines()[0])
        v = xjdata.verify(base64.b64decode(doc["record"]), self.key.public_key)
        mine = xjdata.Engine().evaluate(SHARE, HEALTH)
        self.assertEqual(v.effect, mine.effect)
        self.assertEqual(v.effect, doc["effect"])
        self.assertEqual(v.codes, mine.codes)
        self.assertEqual(cites_of(v.reasons), cites_of(mine.reasons))
        # The tool's decision document and Python's are the same document (but for the record).
        mine_doc = mine.to_dict()
        for k in ("effect", "rulebook", "national_rules", "reasons", "obligations", "warnings"):
            self.assertEqual(doc[k], mine_doc[k], k)
        # And a record the tool signed with another key fails in Python on its kid.
        with self.assertRaises(xjdata.VerificationError) as cm:
            xjdata.verify(base64.b64decode(doc["record"]), xjdata.SigningKey.generate())
        self.assertEqual(cm.exception.check, "kid")


if __name__ == "__main__":
    unittest.main()
