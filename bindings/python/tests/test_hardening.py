# SPDX-License-Identifier: MIT
"""Issue 14 through Python: what verify() returns is what the key signed, and every failure is
an xjdata.Error naming its check or field."""
import os
import sys
import unittest

import xjdata
from support import HEALTH, SHARE, SOURCE_ROOT, merge, requires, requires_family
from test_keys import SEED1

sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "tool"))
import forge  # noqa: E402  (tests/tool/forge.py: takes records apart, signs altered ones)


@requires("xjd_record_verify", "xjd_key_from_seed")
@requires_family("share")
class UnsignedAdditions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.key = xjdata.SigningKey.from_seed(SEED1)
        cls.rec = xjdata.Engine(signing_key=cls.key).evaluate(SHARE, HEALTH).record
        cls.env = forge.split(cls.rec)

    def refused(self, rec, check):
        for call in (lambda: xjdata.verify(rec, self.key), lambda: xjdata.decode_record(rec)):
            with self.assertRaises(xjdata.VerificationError) as c:
                call()
            self.assertEqual(c.exception.check, check, c.exception.message)
            self.assertIsInstance(c.exception, xjdata.Error)

    def test_the_harness_rebuilds_the_same_record(self):
        self.assertEqual(forge.join(self.env.protected, self.env.payload, self.env.signature), self.rec)

    def test_unprotected_parameters_are_refused(self):
        for u in ({"effect": "permit"}, forge.Map([(2, [1])]), forge.Map([(-65537, bytes(60000))]),
                  forge.Map([(394, [])])):
            self.refused(forge.join(self.env.protected, self.env.payload, self.env.signature,
                                    unprotected=forge.dumps(u)), "unprotected")

    def test_tag_18_only_in_its_one_byte_head(self):
        self.refused(forge.join(self.env.protected, self.env.payload, self.env.signature, tag=b"\xd8\x12"), "shape")

    def test_protected_header_must_be_deterministic(self):
        kid = self.key.kid
        prot = forge.dumps(forge.Map([(1, -8), (4, kid), (3, "application/vnd.xjdata.decision+cbor;v=1")]))
        self.refused(forge.sign(SEED1, prot, self.env.payload), "deterministic")

    def test_critical_parameter_not_understood(self):
        prot = forge.protected_header(self.key.kid, extra=[(2, [99]), (99, "revocable")])
        self.refused(forge.sign(SEED1, prot, self.env.payload), "crit")
        prot = forge.protected_header(self.key.kid, extra=[(2, [1, 3, 4])])
        self.assertTrue(xjdata.verify(forge.sign(SEED1, prot, self.env.payload), self.key).verified)


@requires("xjd_request_decode")
@requires_family("share")
class FreeText(unittest.TestCase):
    def test_control_characters_refused_naming_the_field(self):
        e = xjdata.Engine()
        for text in ("\x1b[2K", "a\rb", "\x7f", "\x9b2J"):
            bad = merge(SHARE, share={"provider_decision": "refused", "refusal_reason": text})
            with self.assertRaises(xjdata.InputError) as c:
                e.evaluate(bad, HEALTH)
            self.assertEqual(c.exception.path, "share.refusal_reason")
            self.assertIn("control character", c.exception.message)


@requires("xjd_decision_record_digest")
@requires_family("share")
class RecordDigest(unittest.TestCase):
    def test_digest_is_sha256_of_the_record_and_chains(self):
        import hashlib
        from xjdata import _ffi
        key = xjdata.SigningKey.from_seed(SEED1)
        e = xjdata.Engine(signing_key=key)
        d = e.evaluate(SHARE, HEALTH)
        self.assertEqual(d.record_digest, hashlib.sha256(d.record).digest())
        v = xjdata.verify(d.record, key)
        self.assertEqual(v.record_digest, d.record_digest)
        out = _ffi.ffi.new("uint8_t[32]")
        self.assertEqual(_ffi.lib.xjd_decision_record_digest(out, xjdata._scratch().dec), 0)
        self.assertEqual(bytes(out), d.record_digest)  # the C API gives the same bytes
        n = e.evaluate(SHARE, HEALTH, prev_digest=d.record_digest)
        self.assertEqual(xjdata.verify(n.record, key).prev_digest, d.record_digest)
        self.assertIsNone(e.evaluate(SHARE, HEALTH, sign=False).record_digest)

    def test_golden_chain(self):
        key = xjdata.SigningKey.from_seed(SEED1)
        g = os.path.join(SOURCE_ROOT, "tests", "golden")
        first = xjdata.verify(open(os.path.join(g, "share-pending-full.cose"), "rb").read(), key)
        second = xjdata.verify(open(os.path.join(g, "share-onward-deny-chained.cose"), "rb").read(), key)
        self.assertEqual(second.prev_digest, first.record_digest)


@requires_family("share")
class Times(unittest.TestCase):
    def test_issue_time_out_of_range_is_a_verification_error(self):
        key = xjdata.SigningKey.from_seed(SEED1)
        rec = xjdata.Engine(signing_key=key).evaluate(SHARE, HEALTH).record
        for t in (-2 ** 63, 2 ** 63 - 1):
            def change(p, t=t):
                p[3] = t
            bad = forge.resign(rec, SEED1, change)
            with self.assertRaises(xjdata.VerificationError) as c:
                xjdata.verify(bad, key)
            self.assertEqual(c.exception.check, "record")

    def test_a_time_python_cannot_hold_is_an_xjdata_error(self):
        # no receipt date: one later than the request is a contradiction (rules.md "Contradictory facts")
        d = xjdata.Engine().evaluate(merge(SHARE, at="0001-01-01T00:00:00+01:00", share=None), HEALTH)
        with self.assertRaises(xjdata.Error):
            d.at


@requires("xjd_record_verify", "xjd_key_from_seed")
@requires_family("share")
class SignedDocuments(unittest.TestCase):
    """A record's documents are documents: text keys all the way down, UTF-8 texts without NUL."""

    def test_integer_keys_and_bad_text_in_signed_documents_are_refused(self):
        key = xjdata.SigningKey.from_seed(SEED1)
        rec = xjdata.Engine(signing_key=key).evaluate(SHARE, HEALTH).record

        def int_key(p):
            p[14].insert(0, (1, 2))  # an integer key sorts before every text key

        def nested_int_key(p):
            p[15]["personal_info"] = forge.Map([(7, True)])

        def bad_utf8(p):
            p[15]["title"] = forge.RawText(b"\xff\xfe")

        def nul(p):
            p[14]["purpose"]["scenario"] = forge.RawText(b"a\x00b")

        for change in (int_key, nested_int_key, bad_utf8, nul):
            bad = forge.resign(rec, SEED1, change)
            with self.assertRaises(xjdata.VerificationError) as c:
                xjdata.verify(bad, key)
            self.assertEqual(c.exception.check, "record", change.__name__)
        self.assertTrue(xjdata.verify(forge.resign(rec, SEED1), key).verified)  # the harness is sound


class KeyFiles(unittest.TestCase):
    @requires("xjd_key_load")
    def test_fifo_device_directory_refused_as_key_file_errors(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            fifo = os.path.join(d, "key.fifo")
            os.mkfifo(fifo)
            for path in (fifo, "/dev/null", d):
                for load in (xjdata.PublicKey.load, xjdata.SigningKey.load, xjdata.KeySet.load):
                    with self.assertRaises(xjdata.KeyFileError) as c:
                        load(path)
                    self.assertIn("not a regular file", c.exception.message)
                    self.assertIsInstance(c.exception, xjdata.Error)

    @requires("xjd_key_decode")
    def test_key_ops_without_verify(self):
        pub = bytes(xjdata.SigningKey.from_seed(SEED1).public_key)
        cose = forge.dumps(forge.Map([(1, 1), (4, [1]), (-1, 6), (-2, pub)]))
        with self.assertRaises(xjdata.KeyFileError) as c:
            xjdata.PublicKey.from_cose(cose)
        self.assertIn("does not allow verify", c.exception.message)
        with self.assertRaises(xjdata.KeyFileError):
            xjdata.KeySet.from_bytes(cose)


class EveryErrorIsAnXjdataError(unittest.TestCase):
    """Issue 14: every error the package raises is an xjdata.Error; wrong argument types are
    ArgumentError, which is a TypeError too."""

    def test_wrong_argument_types(self):
        key = xjdata.SigningKey.from_seed(SEED1)
        calls = [
            lambda: xjdata.verify("not bytes", key), lambda: xjdata.decode_record(None),
            lambda: xjdata.decode_record(5), lambda: xjdata.PublicKey.from_hex(None),
            lambda: xjdata.PublicKey.from_bytes(32), lambda: xjdata.PublicKey.from_cose("x"),
            lambda: xjdata.SigningKey.from_seed("0" * 32), lambda: xjdata.KeySet.from_bytes(None),
            lambda: xjdata.KeySet().add("key"), lambda: xjdata.Engine(signing_key="key"),
        ]
        for call in calls:
            with self.assertRaises(xjdata.ArgumentError) as c:
                call()
            self.assertIsInstance(c.exception, xjdata.Error)
            self.assertIsInstance(c.exception, TypeError)

    @requires_family("share")
    def test_hostile_documents_and_records(self):
        import math
        e = xjdata.Engine()
        deep = {}
        cur = deep
        for _ in range(10000):
            cur["a"] = {}
            cur = cur["a"]
        docs = [merge(SHARE, ext={"x": 2 ** 70}), merge(SHARE, ext={"x": {1, 2}}), merge(SHARE, ext=deep),
                merge(SHARE, ext={None: 1}), merge(SHARE, ext={"x": object()}), [1, 2],
                merge(SHARE, purpose={"scenario": "\udc80"}), merge(SHARE, ext={"x": math.inf})]
        for doc in docs:
            try:
                e.evaluate(doc, HEALTH)
            except xjdata.Error:
                pass
        for rec in (b"", b"\xd2", b"\xd2\x84" + b"\x00" * 100, bytes(range(256))):
            with self.assertRaises(xjdata.VerificationError):
                xjdata.decode_record(rec)


class ItemEffects(unittest.TestCase):
    """Issue 16: each reason and obligation carries its effect, in the objects and in to_dict(),
    and records signed before (tests/golden) still decode with theirs."""

    PENDING = [("share.conditional_pending", "review"), ("share.provider_reply", "review"),
               ("share.condition_to_meet", "review")]
    WANT = {
        "share-pending-full.cose": PENDING,
        "share-pending-digest.cose": PENDING,
        # a refusal keeps the prohibition and what binds the provider (docs/rules.md)
        "share-onward-deny-chained.cose": [("share.onward_transfer", "deny"), ("share.provider_reply", "review")],
        # records 0.1.0 signed: decoded as signed then
        "v0.1.0/share-pending-full.cose": PENDING,
        "v0.1.0/share-pending-digest.cose": PENDING,
        "v0.1.0/share-onward-deny-chained.cose": [("share.onward_transfer", "deny"),
                                                  ("share.conditional_pending", "review"),
                                                  ("share.provider_reply", "review"),
                                                  ("share.condition_to_meet", "review")],
    }

    @requires("xjd_record_verify", "xjd_key_from_seed")
    def test_golden_records_decode_with_their_item_effects(self):
        key = xjdata.SigningKey.from_seed(SEED1)
        for name, want in self.WANT.items():
            with open(os.path.join(SOURCE_ROOT, "tests", "golden", *name.split("/")), "rb") as f:
                rec = f.read()
            d = xjdata.verify(rec, key)
            self.assertEqual([(i.code, i.effect) for i in d.reasons + d.obligations], want, name)
            doc = d.to_dict()
            self.assertEqual([(i["code"], i["effect"]) for i in doc["reasons"] + doc["obligations"]], want, name)

    @requires_family("share")
    def test_to_dict_items_carry_effect(self):
        d = xjdata.Engine().evaluate(SHARE, HEALTH)
        doc = d.to_dict()
        for i in doc["reasons"]:
            self.assertIn(i["effect"], ("permit", "review", "deny"))
        for o in doc["obligations"]:
            self.assertEqual(o["effect"], {"before": "review", "after": "permit"}[o["stage"]])
        for w in doc["warnings"]:
            self.assertNotIn("effect", w)


if __name__ == "__main__":
    unittest.main()
