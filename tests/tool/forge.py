# SPDX-License-Identifier: MIT
"""Test helper: takes genuine libxjdata records apart and signs altered ones, the way an attacker
holding the key (or none: the unprotected header is not signed) would, to check what verifiers
and displays do with them. Standard library plus libsodium through ctypes (libsodium is a build
dependency of the project, so it is always there).

    import forge
    env = forge.split(record)                  # tag, protected bytes, unprotected, payload, signature
    p = forge.loads(env.payload)               # payload as a Map of int keys
    p[12][0].append("detail")                  # ... changed ...
    rec = forge.sign(seed, env.protected, forge.dumps(p))

Maps decode to Map (a list of pairs, order kept, so that deterministic input re-encodes to the
same bytes); text that is not UTF-8 decodes to RawText; RawText and Raw (bytes put in as they are)
let a test write what no encoder would.
"""
import ctypes
import ctypes.util
import struct


class Map(list):
    """A CBOR map as its (key, value) pairs, in order."""

    def get(self, key, default=None):
        for k, v in self:
            if k == key:
                return v
        return default

    def __getitem__(self, key):  # by key, not by position
        for k, v in self:
            if k == key:
                return v
        raise KeyError(key)

    def __setitem__(self, key, value):
        for i, (k, _) in enumerate(list.__iter__(self)):
            if k == key:
                list.__setitem__(self, i, (key, value))
                return
        self.append((key, value))

    def __iter__(self):
        return list.__iter__(self)


class Tag:
    def __init__(self, n, v):
        self.n, self.v = n, v


class RawText(bytes):
    """Text string content written as is (may be invalid UTF-8 or hold NUL)."""


class Raw(bytes):
    """Bytes inserted into the encoding as they are (a whole item, hand-made)."""


class Simple(int):
    pass


def _head(mt, n):
    if n < 24:
        return bytes([mt << 5 | n])
    if n < 0x100:
        return bytes([mt << 5 | 24, n])
    if n < 0x10000:
        return bytes([mt << 5 | 25]) + struct.pack(">H", n)
    if n < 0x100000000:
        return bytes([mt << 5 | 26]) + struct.pack(">I", n)
    return bytes([mt << 5 | 27]) + struct.pack(">Q", n)


def dumps(o):
    """Shortest-form CBOR of o, maps in the order given."""
    if isinstance(o, Raw):
        return bytes(o)
    if o is None:
        return b"\xf6"
    if o is True:
        return b"\xf5"
    if o is False:
        return b"\xf4"
    if isinstance(o, Simple):
        return bytes([0xe0 | int(o)]) if o < 24 else bytes([0xf8, int(o)])
    if isinstance(o, int):
        return _head(0, o) if o >= 0 else _head(1, -1 - o)
    if isinstance(o, RawText):
        return _head(3, len(o)) + bytes(o)
    if isinstance(o, (bytes, bytearray)):
        return _head(2, len(o)) + bytes(o)
    if isinstance(o, str):
        b = o.encode("utf-8", "surrogatepass")
        return _head(3, len(b)) + b
    if isinstance(o, Map):
        return _head(5, len(o)) + b"".join(dumps(k) + dumps(v) for k, v in o)
    if isinstance(o, dict):
        return dumps(Map(o.items()))
    if isinstance(o, (list, tuple)):
        return _head(4, len(o)) + b"".join(dumps(x) for x in o)
    if isinstance(o, Tag):
        return _head(6, o.n) + dumps(o.v)
    raise TypeError(type(o))


def _load(b, i):
    ib = b[i]
    mt, ai = ib >> 5, ib & 31
    i += 1
    if ai < 24:
        n = ai
    elif ai < 28:
        w = 1 << (ai - 24)
        n = int.from_bytes(b[i:i + w], "big")
        i += w
    else:
        raise ValueError("indefinite or reserved head at %d" % (i - 1))
    if mt == 0:
        return n, i
    if mt == 1:
        return -1 - n, i
    if mt == 2:
        return bytes(b[i:i + n]), i + n
    if mt == 3:
        raw = bytes(b[i:i + n])
        try:
            return raw.decode("utf-8"), i + n
        except UnicodeDecodeError:
            return RawText(raw), i + n
    if mt == 4:
        out = []
        for _ in range(n):
            v, i = _load(b, i)
            out.append(v)
        return out, i
    if mt == 5:
        m = Map()
        for _ in range(n):
            k, i = _load(b, i)
            v, i = _load(b, i)
            m.append((k, v))
        return m, i
    if mt == 6:
        v, i = _load(b, i)
        return Tag(n, v), i
    if ai == 20:
        return False, i
    if ai == 21:
        return True, i
    if ai == 22:
        return None, i
    return Simple(n), i


def loads(b):
    v, i = _load(b, 0)
    if i != len(b):
        raise ValueError("%d trailing bytes" % (len(b) - i))
    return v


class Envelope:
    def __init__(self, protected, unprotected, payload, signature):
        self.protected, self.unprotected, self.payload, self.signature = protected, unprotected, payload, signature


def split(record):
    """The parts of a tagged COSE_Sign1."""
    v = loads(record)
    if isinstance(v, Tag):
        v = v.v
    return Envelope(v[0], v[1], v[2], v[3])


def join(protected, payload, signature, unprotected=b"\xa0", tag=b"\xd2"):
    """A COSE_Sign1 from its parts; `unprotected` and `tag` are bytes put in as they are."""
    return tag + b"\x84" + dumps(protected) + unprotected + dumps(payload) + dumps(signature)


def _sodium():
    name = ctypes.util.find_library("sodium") or "libsodium.so.23"
    lib = ctypes.CDLL(name)
    if lib.sodium_init() < 0:
        raise OSError("sodium_init failed")
    return lib


def keypair(seed):
    lib = _sodium()
    pk, sk = ctypes.create_string_buffer(32), ctypes.create_string_buffer(64)
    lib.crypto_sign_seed_keypair(pk, sk, bytes(seed))
    return pk.raw, sk.raw


def sign(seed, protected, payload, unprotected=b"\xa0", tag=b"\xd2"):
    """A record over `payload` (bytes) under `protected` (bytes), signed with the Ed25519 key of
    `seed` as libxjdata signs: ToBeSigned = ["Signature1", protected, h'', payload]."""
    lib = _sodium()
    _, sk = keypair(seed)
    tbs = dumps(["Signature1", bytes(protected), b"", bytes(payload)])
    sig = ctypes.create_string_buffer(64)
    lib.crypto_sign_detached(sig, None, tbs, ctypes.c_ulonglong(len(tbs)), sk)
    return join(protected, payload, sig.raw, unprotected, tag)


def seed_of_key_file(path):
    """The seed `d` (-4) of a COSE_Key file written by xjdata keygen."""
    return loads(open(path, "rb").read())[-4]


def protected_header(kid, content_type="application/vnd.xjdata.decision+cbor;v=1", extra=()):
    """Record protected header bytes {1: -8, 3: content type, 4: kid} plus `extra` (label, value)
    pairs, keys in deterministic order."""
    pairs = [(1, -8), (3, content_type), (4, kid)] + list(extra)
    pairs.sort(key=lambda kv: dumps(kv[0]))
    return dumps(Map(pairs))


def resign(record, seed, change=None, protected=None, unprotected=b"\xa0", tag=b"\xd2"):
    """The record with its payload passed through change(payload Map) (which edits it in place
    or returns a new one), signed again with `seed`."""
    env = split(record)
    p = loads(env.payload)
    if change is not None:
        q = change(p)
        p = p if q is None else q
    return sign(seed, env.protected if protected is None else protected, dumps(p), unprotected, tag)
