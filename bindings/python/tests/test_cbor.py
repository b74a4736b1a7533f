# SPDX-License-Identifier: MIT
"""The dict-to-CBOR encoder: RFC 8949 Appendix A encodings, shortest forms, error paths; the C
accelerator (when built) gives the very same bytes and errors as the pure-Python encoder."""
import datetime
import unittest

import xjdata
from xjdata import _cbor

try:
    from xjdata import _speedups
except ImportError:
    _speedups = None

# (value, expected hex) from RFC 8949 Appendix A (and preferred serialization for floats).
CASES = [
    (0, "00"), (1, "01"), (10, "0a"), (23, "17"), (24, "1818"), (25, "1819"), (100, "1864"),
    (1000, "1903e8"), (1000000, "1a000f4240"), (1000000000000, "1b000000e8d4a51000"),
    (18446744073709551615, "1bffffffffffffffff"), (-18446744073709551616, "3bffffffffffffffff"),
    (-1, "20"), (-10, "29"), (-100, "3863"), (-1000, "3903e7"),
    (0.0, "f90000"), (-0.0, "f98000"), (1.0, "f93c00"), (1.1, "fb3ff199999999999a"), (1.5, "f93e00"),
    (65504.0, "f97bff"), (100000.0, "fa47c35000"), (3.4028234663852886e38, "fa7f7fffff"),
    (1.0e300, "fb7e37e43c8800759c"), (5.960464477539063e-8, "f90001"), (float("inf"), "f97c00"),
    (float("-inf"), "f9fc00"), (float("nan"), "f97e00"),
    (False, "f4"), (True, "f5"), (None, "f6"),
    (b"", "40"), (b"\x01\x02\x03\x04", "4401020304"), ("", "60"), ("a", "6161"), ("IETF", "6449455446"),
    ("\"\\", "62225c"), ("\u00fc", "62c3bc"), ("\u6c34", "63e6b0b4"), ("\U00010151", "64f0908591"),
    ([], "80"), ([1, 2, 3], "83010203"), ([1, [2, 3], [4, 5]], "8301820203820405"),
    (list(range(1, 26)), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
    ({}, "a0"), ({"a": 1, "b": [2, 3]}, "a26161016162820203"), (["a", {"b": "c"}], "826161a161626163"),
    ({"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}, "a56161614161626142616361436164614461656145"),
    ((1, 2), "820102"), ("x" * 24, "7818" + "78" * 24),
    (datetime.date(2026, 3, 2), "6a" + b"2026-03-02".hex()),
    (datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
     "7819" + b"2026-03-02T10:00:00+08:00".hex()),
]


class EncoderTests(unittest.TestCase):
    def encoders(self):
        yield "pure", _cbor.encode
        if _speedups is not None:
            yield "speedups", _speedups.encode

    def test_rfc8949_examples(self):
        for name, enc in self.encoders():
            for value, hexa in CASES:
                with self.subTest(encoder=name, value=value):
                    self.assertEqual(enc(value).hex(), hexa)

    def test_large_map_and_bytes_heads(self):
        big = {f"k{i:03d}": i for i in range(300)}
        for name, enc in self.encoders():
            b = enc(big)
            self.assertEqual(b[:3].hex(), "b9012c", name)
            self.assertEqual(enc(b"x" * 70000)[:5].hex(), "5a00011170", name)
            # text past the encoder's first buffer, ASCII (copied as it is) and not (through UTF-8)
            self.assertEqual(enc("x" * 70000), bytes.fromhex("7a00011170") + b"x" * 70000, name)
            self.assertEqual(enc("\u4e2d" * 300), bytes.fromhex("790384") + "\u4e2d".encode() * 300, name)
            self.assertEqual(enc(["a" * 23, "a" * 24, "\u00e9" * 12]),
                             bytes.fromhex("83" "77") + b"a" * 23 + bytes.fromhex("7818") + b"a" * 24 +
                             bytes.fromhex("7818") + "\u00e9".encode() * 12, name)

    def test_errors_name_the_path(self):
        bad = [
            ({"requester": {"id": object()}}, "requester.id"),
            ({"dataset": {"share_conditions": ["a", {1}]}}, "dataset.share_conditions[1]"),
            ({"ext": {1: "x"}}, "ext"),
            ({"at": datetime.datetime(2026, 3, 2)}, "at"),  # naive datetime: no RFC 3339 form
            ({"n": 1 << 64}, "n"),
            ({"n": -(1 << 64) - 1}, "n"),
        ]
        for name, enc in self.encoders():
            for doc, path in bad:
                with self.subTest(encoder=name, path=path):
                    with self.assertRaises(_cbor.EncodeError) as cm:
                        enc(doc)
                    self.assertEqual(cm.exception.path, path)
            with self.assertRaises(_cbor.EncodeError) as cm:
                enc({"id": 1.5j}, "dataset")
            self.assertEqual(cm.exception.path, "dataset.id", name)

    def test_depth_limit(self):
        deep = cur = {}
        for _ in range(200):
            cur["a"] = {}
            cur = cur["a"]
        for name, enc in self.encoders():
            with self.assertRaises(_cbor.EncodeError, msg=name):
                enc(deep)

    def test_encode_document_raises_input_error(self):
        with self.assertRaises(xjdata.InputError) as cm:
            xjdata.encode_document({"export": {"individuals_ytd": object()}})
        self.assertEqual(cm.exception.path, "export.individuals_ytd")
        self.assertIsInstance(cm.exception, xjdata.Error)

    @unittest.skipIf(_speedups is None, "the C accelerator is not built (no Python headers)")
    def test_speedups_equal_pure_on_documents(self):
        from support import HEALTH, SHARE
        docs = [HEALTH, SHARE, dict(SHARE, dataset=HEALTH), {"ext": {"f": [1.5, -2, None, b"\x00", {"z": ()}]}}]
        for d in docs:
            self.assertEqual(_speedups.encode(d), _cbor.encode(d))

    @unittest.skipIf(_speedups is None, "the C accelerator is not built (no Python headers)")
    def test_speedups_equal_pure_on_random_values(self):
        import random
        import struct
        rnd = random.Random(20250501)

        def value(depth):
            k = rnd.randrange(11 if depth < 4 else 7)
            if k == 0:
                return rnd.choice([0, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**63 - 1, 2**63,
                                   2**64 - 1, -1, -24, -25, -256, -257, -2**63, -2**63 - 1, -2**64])
            if k == 1:
                return rnd.randrange(-2**40, 2**40)
            if k == 2:  # floats of every width, subnormal halves and singles included
                return rnd.choice([struct.unpack(">d", rnd.randbytes(8))[0],
                                   struct.unpack(">f", rnd.randbytes(4))[0],
                                   struct.unpack(">e", rnd.randbytes(2))[0], 2.0 ** rnd.randrange(-160, 160),
                                   rnd.uniform(-1e5, 1e5)])
            if k == 3:
                return "".join(chr(rnd.choice([0x41, 0xe9, 0x4e2d, 0x1f600])) for _ in range(rnd.randrange(40)))
            if k == 4:
                return rnd.randbytes(rnd.randrange(30))
            if k == 5:
                return rnd.choice([True, False, None])
            if k == 6:
                return datetime.date(2026, 1, 1) + datetime.timedelta(days=rnd.randrange(3000))
            if k in (7, 8):
                return [value(depth + 1) for _ in range(rnd.randrange(30))]
            return {f"k{rnd.randrange(1000)}": value(depth + 1) for _ in range(rnd.randrange(30))}

        for _ in range(400):
            v = value(0)
            self.assertEqual(_speedups.encode(v), _cbor.encode(v), repr(v)[:200])


if __name__ == "__main__":
    unittest.main()
