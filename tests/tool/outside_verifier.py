#!/usr/bin/env python3
"""A verifier of the decision log's proofs that shares no code with libxjdata.

It reads what `xjdata log prove --format json` and `xjdata log consistency --format json` print
and checks them from RFC 9162 and RFC 9942 alone: its own CBOR reader and writer, hashlib for
SHA-256, and libsodium (through ctypes) for Ed25519.

Usage: outside_verifier.py prove PUBLIC_KEY_HEX < prove.json
       outside_verifier.py consistency PUBLIC_KEY_HEX < consistency.json
Prints what it checked; exits 1 at the first check that fails.
"""
import base64
import ctypes
import ctypes.util
import hashlib
import json
import sys


def fail(what):
    print("FAIL: " + what)
    sys.exit(1)


# ---- CBOR, just enough (RFC 8949) ----

def cbor_read(b, i=0):
    """(value, next offset). Tags become ('tag', n, value); bytes stay bytes."""
    ib = b[i]
    major, ai = ib >> 5, ib & 31
    i += 1
    if ai < 24:
        val = ai
    elif ai <= 27:
        n = 1 << (ai - 24)
        val = int.from_bytes(b[i:i + n], "big")
        i += n
    elif major == 7 and ai in (20, 21, 22):
        return {20: False, 21: True, 22: None}[ai], i
    else:
        raise ValueError("unsupported CBOR head %#x" % ib)
    if major == 0:
        return val, i
    if major == 1:
        return -1 - val, i
    if major == 2:
        return bytes(b[i:i + val]), i + val
    if major == 3:
        return b[i:i + val].decode(), i + val
    if major == 4:
        out = []
        for _ in range(val):
            v, i = cbor_read(b, i)
            out.append(v)
        return out, i
    if major == 5:
        out = {}
        for _ in range(val):
            k, i = cbor_read(b, i)
            v, i = cbor_read(b, i)
            out[k] = v
        return out, i
    if major == 6:
        v, i = cbor_read(b, i)
        return ("tag", val, v), i
    if major == 7 and ai == 22:
        return None, i
    raise ValueError("unsupported CBOR major type %d" % major)


def cbor_one(b):
    v, i = cbor_read(b, 0)
    if i != len(b):
        fail("trailing bytes after a CBOR item")
    return v


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, w in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * w):
            return bytes([major << 5 | ai]) + n.to_bytes(w, "big")
    raise ValueError(n)


def sig_structure(protected, payload):
    """["Signature1", protected, h'', payload] (RFC 9052 §4.4)."""
    return (head(4, 4) + head(3, 10) + b"Signature1" + head(2, len(protected)) + protected + head(2, 0)
            + head(2, len(payload)) + payload)


# ---- Ed25519 through libsodium ----

_sodium = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")


def ed25519_ok(sig, msg, pk):
    return _sodium.crypto_sign_verify_detached(sig, msg, ctypes.c_ulonglong(len(msg)), pk) == 0


# ---- RFC 9162 ----

def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(index, size, leaf, path):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        fail("leaf index past the tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            fail("inclusion path too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        fail("inclusion path too short")
    return r


def verify_consistency(size1, size2, root1, root2, proof):
    """RFC 9162 §2.1.4.2."""
    if size1 == size2:
        return not proof and root1 == root2
    if size1 == 0 or size1 > size2 or not proof:
        return False
    if size1 & (size1 - 1) == 0:
        proof = [root1] + proof
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


def cose_sign1(raw, what):
    v = cbor_one(raw)
    if not (isinstance(v, tuple) and v[1] == 18 and isinstance(v[2], list) and len(v[2]) == 4):
        fail(what + " is not a tagged COSE_Sign1")
    prot_bytes, unprot, payload, sig = v[2]
    prot = cbor_one(prot_bytes)
    if prot.get(1) != -8:
        fail(what + ": algorithm is not EdDSA")
    if prot.get(395) != 1:
        fail(what + ": vds is not 1 (RFC9162_SHA256)")
    return prot_bytes, prot, unprot, payload, sig


def check_prove(d, pk):
    entry = base64.b64decode(d["entry"])
    leaf = hashlib.sha256(b"\x00" + entry).digest()
    if leaf.hex() != d["leaf_hash"]:
        fail("leaf_hash is not SHA-256(0x00 || entry)")
    print("ok leaf hash")
    e = cbor_one(entry)
    if not (isinstance(e, list) and len(e) == 3 and e[0] == d["leaf_index"]):
        fail("the entry is not [index, kind, content] with its own index")
    print("ok entry [index %d, kind %d, %d bytes]" % (e[0], e[1], len(e[2])))
    path = [bytes.fromhex(h) for h in d["path"]]
    root = root_from_inclusion(d["leaf_index"], d["tree_size"], leaf, path)
    if root.hex() != d["root"]:
        fail("the path does not lead to root")
    print("ok inclusion path -> root")
    prot_bytes, prot, unprot, payload, sig = cose_sign1(base64.b64decode(d["checkpoint"]), "checkpoint")
    if payload != root:
        fail("the checkpoint does not sign this root")
    if prot.get(-65537) != d["tree_size"]:
        fail("the checkpoint does not sign this tree size")
    if not ed25519_ok(sig, sig_structure(prot_bytes, payload), pk):
        fail("the checkpoint's signature does not verify")
    print("ok checkpoint signs size %d, root, time %d" % (prot[-65537], prot[15][6]))
    rprot_bytes, rprot, runprot, rpayload, rsig = cose_sign1(base64.b64decode(d["receipt"]), "receipt")
    if rpayload is not None:
        fail("the receipt's payload is not detached")
    proofs = runprot[396][-1]
    size, index, rpath = cbor_one(proofs[0])
    if (size, index, rpath) != (d["tree_size"], d["leaf_index"], path):
        fail("the receipt's proof is not the one printed")
    if not ed25519_ok(rsig, sig_structure(rprot_bytes, root_from_inclusion(index, size, leaf, rpath)), pk):
        fail("the receipt's signature does not verify over the root its proof gives")
    print("ok receipt (RFC 9942 inclusion proof, signature over the recomputed root)")


def check_consistency(d, pk):
    proof = [bytes.fromhex(h) for h in d["proof"]]
    r1, r2 = bytes.fromhex(d["old_root"]), bytes.fromhex(d["new_root"])
    if not verify_consistency(d["old_size"], d["new_size"], r1, r2, proof):
        fail("the consistency proof does not verify")
    print("ok consistency %d -> %d" % (d["old_size"], d["new_size"]))
    if "receipt" in d:
        rprot_bytes, rprot, runprot, rpayload, rsig = cose_sign1(base64.b64decode(d["receipt"]), "receipt")
        s1, s2, rproof = cbor_one(runprot[396][-2][0])
        if (s1, s2, rproof) != (d["old_size"], d["new_size"], proof):
            fail("the consistency receipt's proof is not the one printed")
        if not ed25519_ok(rsig, sig_structure(rprot_bytes, r2), pk):
            fail("the consistency receipt's signature does not verify over the new root")
        print("ok consistency receipt")


def main():
    what, pk = sys.argv[1], bytes.fromhex(sys.argv[2])
    d = json.load(sys.stdin)
    if what == "prove":
        check_prove(d, pk)
    else:
        check_consistency(d, pk)


if __name__ == "__main__":
    main()
