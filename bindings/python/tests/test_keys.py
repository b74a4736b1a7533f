# SPDX-License-Identifier: MIT
"""Keys: generation, RFC 8032 seeds, COSE_Key files (mode 0600, group-readable secrets refused),
hex public keys, key sets."""
import os
import stat
import tempfile
import unittest

import xjdata
from support import requires

# RFC 8032 §7.1, TEST 1.
SEED1 = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
PUB1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"


@requires("xjd_key_generate", "xjd_key_from_seed", "xjd_key_public", "xjd_key_public_hex", "xjd_key_kid")
class KeyTests(unittest.TestCase):
    def test_from_seed_gives_the_rfc8032_public_key(self):
        k = xjdata.SigningKey.from_seed(SEED1)
        self.assertEqual(k.public_key.hex, PUB1)
        self.assertEqual(bytes(k.public_key), bytes.fromhex(PUB1))
        self.assertEqual(xjdata.PublicKey.from_hex(PUB1), k.public_key)
        self.assertEqual(xjdata.PublicKey.from_bytes(bytes.fromhex(PUB1)).hex, PUB1)
        self.assertEqual(len(k.kid), 32)
        self.assertEqual(k.kid, xjdata.PublicKey.from_hex(PUB1).kid)

    def test_generate_gives_distinct_keys(self):
        a, b = xjdata.SigningKey.generate(), xjdata.SigningKey.generate()
        self.assertNotEqual(a.public_key, b.public_key)
        self.assertNotEqual(a.kid, b.kid)

    def test_bad_seed_and_public_key_lengths(self):
        with self.assertRaises(xjdata.KeyFileError):
            xjdata.SigningKey.from_seed(b"\x00" * 31)
        with self.assertRaises(xjdata.KeyFileError):
            xjdata.PublicKey.from_bytes(b"\x00" * 33)

    def test_bad_hex(self):
        for text in ("zz" * 32, PUB1[:-2], PUB1 + "00"):
            with self.subTest(text=text), self.assertRaises(xjdata.Error):
                xjdata.PublicKey.from_hex(text)

    @requires("xjd_key_save", "xjd_key_load")
    def test_save_and_load_a_key_pair(self):
        k = xjdata.SigningKey.from_seed(SEED1)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "signing.key")
            k.save(path)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
            k2 = xjdata.SigningKey.load(path)
            self.assertEqual(k2.public_key, k.public_key)
            # A public key file: COSE_Key without the secret.
            pub = os.path.join(tmp, "public.key")
            k.public_key.save(pub)
            self.assertEqual(xjdata.PublicKey.load(pub), k.public_key)
            with self.assertRaises(xjdata.KeyFileError):
                xjdata.SigningKey.load(pub)
            # 64 hex characters also make a public key file.
            hexfile = os.path.join(tmp, "public.hex")
            with open(hexfile, "w") as f:
                f.write(PUB1 + "\n")
            self.assertEqual(xjdata.PublicKey.load(hexfile).hex, PUB1)

    @requires("xjd_key_save", "xjd_key_load")
    def test_group_readable_secret_key_file_is_refused(self):
        k = xjdata.SigningKey.generate()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "signing.key")
            k.save(path)
            os.chmod(path, 0o640)
            with self.assertRaises(xjdata.KeyFileError) as cm:
                xjdata.SigningKey.load(path)
            self.assertEqual(cm.exception.path, path)

    @requires("xjd_key_load")
    def test_missing_and_garbage_key_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(xjdata.KeyFileError):
                xjdata.SigningKey.load(os.path.join(tmp, "absent.key"))
            junk = os.path.join(tmp, "junk.key")
            with open(junk, "wb") as f:
                f.write(b"\xa1\x01\x02junk")
            os.chmod(junk, 0o600)
            with self.assertRaises(xjdata.KeyFileError):
                xjdata.SigningKey.load(junk)

    @requires("xjd_key_encode", "xjd_key_decode")
    def test_cose_key_round_trip(self):
        k = xjdata.SigningKey.from_seed(SEED1)
        self.assertEqual(xjdata.SigningKey.from_cose(k.to_cose()).public_key, k.public_key)
        pub_only = k.to_cose(with_secret=False)
        self.assertEqual(xjdata.PublicKey.from_cose(pub_only), k.public_key)
        with self.assertRaises(xjdata.KeyFileError):
            xjdata.SigningKey.from_cose(pub_only)

    @requires("xjd_keyset_new", "xjd_keyset_add", "xjd_keyset_encode", "xjd_keyset_decode")
    def test_keyset(self):
        a, b = xjdata.SigningKey.generate(), xjdata.SigningKey.generate()
        ks = xjdata.KeySet([a, b.public_key])
        self.assertEqual(len(ks), 2)
        self.assertEqual(len(xjdata.KeySet.from_bytes(ks.to_bytes())), 2)


if __name__ == "__main__":
    unittest.main()
