# SPDX-License-Identifier: MIT
"""The rest of the API: Dataset objects, the ext map, records read without verifying, engine
defaults for record documents, key sets from files, decisions as documents."""
import base64
import hashlib
import json
import os
import tempfile
import unittest

import xjdata
from support import HEALTH, SHARE, merge, requires, requires_family


@requires("xjd_dataset_decode", "xjd_dataset_encode")
class DatasetTests(unittest.TestCase):
    def test_key_order_does_not_matter(self):
        a = xjdata.Dataset(HEALTH)
        b = xjdata.Dataset(dict(reversed(list(HEALTH.items()))))
        self.assertEqual(a.to_cbor(), b.to_cbor())

    def test_bad_dataset_names_the_field(self):
        with self.assertRaises(xjdata.InputError) as cm:
            xjdata.Dataset(merge(HEALTH, category="secret-ish"))
        self.assertEqual(cm.exception.path, "dataset.category")
        with self.assertRaises(xjdata.InputError) as cm:
            xjdata.Dataset(merge(HEALTH, id=None))
        self.assertEqual(cm.exception.path, "dataset.id")


@requires("xjd_record_verify", "xjd_record_decode")
@requires_family("share")
class RecordApiTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.key = xjdata.SigningKey.generate()

    def test_ext_travels_in_the_record(self):
        ext = {"ticket": "OPS-42", "score": 0.5, "raw": b"\x00\x01", "tags": ["a", "b"], "n": -3}
        d = xjdata.Engine(signing_key=self.key).evaluate(dict(SHARE, ext=ext), HEALTH)
        v = xjdata.verify(d.record, self.key)
        # The request in the record is deterministic CBOR of what was given, ext included.
        self.assertIn(b"OPS-42", v.request_cbor)
        self.assertIn(b"\x42\x00\x01", v.request_cbor)  # the bytes, as a CBOR byte string
        self.assertIn(xjdata.encode_document({"score": 0.5})[1:], v.request_cbor)

    def test_decode_record_without_verifying(self):
        d = xjdata.Engine(signing_key=self.key).evaluate(SHARE, HEALTH)
        r = xjdata.decode_record(d.record, lang="en")
        self.assertFalse(r.verified)
        self.assertEqual(r.codes, d.codes)
        self.assertEqual(r.reasons[0].text, r.reasons[0].text_en)
        # A bad signature still decodes (for display), and verification then refuses it.
        bad = d.record[:-1] + bytes([d.record[-1] ^ 0x80])
        self.assertEqual(xjdata.decode_record(bad).codes, d.codes)
        with self.assertRaises(xjdata.VerificationError) as cm:
            xjdata.verify(bad, self.key)
        self.assertEqual(cm.exception.check, "signature")
        with self.assertRaises(xjdata.VerificationError):
            xjdata.decode_record(b"\x01\x02")

    def test_engine_digests_default(self):
        e = xjdata.Engine(signing_key=self.key, digests=True)
        v = xjdata.verify(e.evaluate(SHARE, HEALTH).record, self.key)
        self.assertIsNone(v.request_cbor)
        self.assertIsNone(v.dataset_cbor)
        full = xjdata.verify(e.evaluate(SHARE, HEALTH, digests=False).record, self.key)
        self.assertEqual(hashlib.sha256(full.request_cbor).digest(), full.request_digest)
        self.assertEqual(v.request_digest, full.request_digest)  # same request, same digest
        self.assertEqual(hashlib.sha256(full.dataset_cbor).digest(), v.dataset_digest)

    def test_keyset_file(self):
        other = xjdata.SigningKey.generate()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "trusted.cbor")
            with open(path, "wb") as f:
                f.write(xjdata.KeySet([other, self.key]).to_bytes())
            ks = xjdata.KeySet.load(path)
            self.assertEqual(len(ks), 2)
            d = xjdata.Engine(signing_key=self.key).evaluate(SHARE, HEALTH)
            self.assertTrue(xjdata.verify(d.record, ks).verified)
            with self.assertRaises(xjdata.KeyFileError):
                xjdata.KeySet.load(os.path.join(tmp, "absent"))

    def test_decision_document_is_json(self):
        d = xjdata.Engine(signing_key=self.key).evaluate(SHARE, HEALTH)
        doc = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
        self.assertEqual(base64.b64decode(doc["record"]), d.record)
        self.assertEqual(doc["kid"], self.key.kid.hex())
        self.assertEqual(xjdata.verify(base64.b64decode(doc["record"]), self.key).to_dict()["verified"], True)


if __name__ == "__main__":
    unittest.main()
