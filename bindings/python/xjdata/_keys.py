# SPDX-License-Identifier: MIT
"""Keys: signing keys, public keys and key sets (COSE_Key, COSE_KeySet, hex)."""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import os
import threading
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, NoReturn, Optional, Tuple, Union, cast

from . import _cbor
from ._ffi import ffi, lib, has as _has
from . import _ffi as _c
from ._types import PathLike
from ._errors import ArgumentError, KeyFileError, _bytes, _errmsg, _raise


# ---------------------------------------------------------------------------------------------
# Keys


def _key_fail(rc: int, file: Optional[PathLike] = None) -> None:
    """Raises for a failed key call, with the library's message of this thread's last key error."""
    msg = _errmsg(lib.xjd_key_errmsg()) if _has("xjd_key_errmsg") else ""
    _raise(rc, msg, file=os.fspath(file) if file is not None else None)


def _fspath(path: PathLike) -> bytes:
    return os.fsencode(os.fspath(path))


def _key_out() -> Any:
    return ffi.new("xjd_key **")


def _own_key(pp: Any) -> Any:
    return ffi.gc(pp[0], lib.xjd_key_free)


def _key_bytes(key: Any, with_secret: bool) -> bytes:
    n = ffi.new("size_t *")
    rc = lib.xjd_key_encode(ffi.NULL, 0, n, key, with_secret)
    if rc < 0:
        _key_fail(rc)
    buf = ffi.new("uint8_t[]", n[0])
    rc = lib.xjd_key_encode(buf, n[0], n, key, with_secret)
    if rc < 0:
        _key_fail(rc)
    return bytes(ffi.buffer(buf, n[0]))


class PublicKey:
    """An Ed25519 public key: verifies records. Compare keys with ==."""

    __slots__ = ("_ptr", "__weakref__")

    def __init__(self, _ptr: Any) -> None:
        self._ptr = _ptr

    @classmethod
    def from_bytes(cls, public_key: bytes) -> "PublicKey":
        """From the 32 raw bytes of the key."""
        b = _bytes(public_key, "a public key")
        if len(b) != 32:
            raise KeyFileError(f"a public key has 32 bytes, not {len(b)}", _c.XJD_EKEY)
        pp = _key_out()
        rc = lib.xjd_key_from_public(pp, b, ffi.NULL)
        if rc < 0:
            _key_fail(rc)
        return cls(_own_key(pp))

    @classmethod
    def from_hex(cls, text: str) -> "PublicKey":
        """From 64 hex characters."""
        pp = _key_out()
        if not isinstance(text, str):
            raise ArgumentError(f"a hex key must be text, not {type(text).__name__}", _c.XJD_EINVAL)
        rc = lib.xjd_key_from_hex(pp, text.strip().encode("ascii", "replace"), ffi.NULL)
        if rc < 0:
            _key_fail(rc)
        return cls(_own_key(pp))

    @classmethod
    def from_cose(cls, cose_key: bytes) -> "PublicKey":
        """From a COSE_Key (the public part is kept even if it holds a secret)."""
        pp = _key_out()
        cose_key = _bytes(cose_key, "a COSE_Key")
        rc = lib.xjd_key_decode(pp, cose_key, len(cose_key), ffi.NULL)
        if rc < 0:
            _key_fail(rc)
        k = _own_key(pp)
        return cls._public_of(k)

    @classmethod
    def load(cls, path: PathLike) -> "PublicKey":
        """From a key file: a COSE_Key or 64 hex characters."""
        pp = _key_out()
        rc = lib.xjd_key_load(pp, _fspath(path), ffi.NULL)
        if rc < 0:
            _key_fail(rc, path)
        return cls._public_of(_own_key(pp))

    @classmethod
    def _public_of(cls, key: Any) -> "PublicKey":
        if not lib.xjd_key_has_secret(key):
            return cls(key)
        raw = ffi.new("uint8_t[32]")
        rc = lib.xjd_key_public(raw, key)
        if rc < 0:
            _key_fail(rc)
        return cls.from_bytes(bytes(raw))

    def save(self, path: PathLike) -> None:
        """Writes the key as a COSE_Key file."""
        rc = lib.xjd_key_save(self._ptr, _fspath(path), False)
        if rc < 0:
            _key_fail(rc, path)

    def __bytes__(self) -> bytes:
        raw = ffi.new("uint8_t[32]")
        rc = lib.xjd_key_public(raw, self._ptr)
        if rc < 0:
            _key_fail(rc)
        return bytes(raw)

    @property
    def hex(self) -> str:
        """The key as 64 lowercase hex characters."""
        out = ffi.new("char[65]")
        rc = lib.xjd_key_public_hex(out, self._ptr)
        if rc < 0:
            _key_fail(rc)
        return cast(str, ffi.string(out).decode())

    @property
    def kid(self) -> bytes:
        """The key identifier: the RFC 9679 COSE Key Thumbprint (32 bytes)."""
        out = ffi.new("uint8_t[32]")
        rc = lib.xjd_key_kid(out, self._ptr)
        if rc < 0:
            _key_fail(rc)
        return bytes(out)

    def to_cose(self) -> bytes:
        """The key as a COSE_Key (deterministic CBOR)."""
        return _key_bytes(self._ptr, False)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PublicKey, SigningKey)):
            return bytes(self) == bytes(other.public_key if isinstance(other, SigningKey) else other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(bytes(self))

    def __repr__(self) -> str:
        return f"PublicKey({self.hex!r})"


class SigningKey:
    """An Ed25519 key pair that signs decision records. The secret stays in libsodium's guarded
    memory and is wiped when the object goes away."""

    __slots__ = ("_ptr", "_public", "__weakref__")

    def __init__(self, _ptr: Any) -> None:
        if not lib.xjd_key_has_secret(_ptr):
            raise KeyFileError("the key holds no secret key", _c.XJD_ENOKEY)
        self._ptr = _ptr
        self._public: Optional[PublicKey] = None

    @classmethod
    def generate(cls) -> "SigningKey":
        """A new random key pair."""
        pp = _key_out()
        rc = lib.xjd_key_generate(pp, ffi.NULL)
        if rc < 0:
            _key_fail(rc)
        return cls(_own_key(pp))

    @classmethod
    def from_seed(cls, seed: bytes) -> "SigningKey":
        """The key pair of a 32-byte seed (RFC 8032 secret key)."""
        b = _bytes(seed, "a seed")
        if len(b) != 32:
            raise KeyFileError(f"a seed has 32 bytes, not {len(b)}", _c.XJD_EKEY)
        pp = _key_out()
        rc = lib.xjd_key_from_seed(pp, b, ffi.NULL)
        if rc < 0:
            _key_fail(rc)
        return cls(_own_key(pp))

    @classmethod
    def from_cose(cls, cose_key: bytes) -> "SigningKey":
        """From a COSE_Key holding the secret `d`."""
        pp = _key_out()
        cose_key = _bytes(cose_key, "a COSE_Key")
        rc = lib.xjd_key_decode(pp, cose_key, len(cose_key), ffi.NULL)
        if rc < 0:
            _key_fail(rc)
        return cls(_own_key(pp))

    @classmethod
    def load(cls, path: PathLike) -> "SigningKey":
        """From a COSE_Key file with the secret. A file that group or others may read is refused."""
        pp = _key_out()
        rc = lib.xjd_key_load(pp, _fspath(path), ffi.NULL)
        if rc < 0:
            _key_fail(rc, path)
        k = _own_key(pp)
        if not lib.xjd_key_has_secret(k):
            raise KeyFileError("the file holds a public key only", _c.XJD_ENOKEY, os.fspath(path))
        return cls(k)

    def save(self, path: PathLike) -> None:
        """Writes the key pair as a COSE_Key file (mode 0600, write-then-rename)."""
        rc = lib.xjd_key_save(self._ptr, _fspath(path), True)
        if rc < 0:
            _key_fail(rc, path)

    def to_cose(self, with_secret: bool = True) -> bytes:
        """The key as a COSE_Key, with the secret unless with_secret is False."""
        return _key_bytes(self._ptr, with_secret)

    @property
    def public_key(self) -> PublicKey:
        """The public half, for verifying."""
        if self._public is None:
            self._public = PublicKey._public_of(self._ptr)
        return self._public

    @property
    def kid(self) -> bytes:
        return self.public_key.kid

    def __repr__(self) -> str:
        return f"SigningKey(public={self.public_key.hex!r})"


KeyLike = Union[PublicKey, SigningKey]


class KeySet:
    """Public keys a verifier trusts, found by their kid (a COSE_KeySet)."""

    __slots__ = ("_ptr", "__weakref__")

    def __init__(self, keys: Iterable[KeyLike] = ()) -> None:
        pp = ffi.new("xjd_keyset **")
        rc = lib.xjd_keyset_new(pp, ffi.NULL)
        if rc < 0:
            _key_fail(rc)
        self._ptr = ffi.gc(pp[0], lib.xjd_keyset_free)
        for k in keys:
            self.add(k)

    def add(self, key: KeyLike) -> None:
        """Adds a key's public part."""
        if isinstance(key, SigningKey):
            key = key.public_key
        if not isinstance(key, PublicKey):
            raise ArgumentError("KeySet.add takes a PublicKey or a SigningKey", _c.XJD_EINVAL)
        rc = lib.xjd_keyset_add(self._ptr, key._ptr)
        if rc < 0:
            _key_fail(rc)

    @classmethod
    def from_bytes(cls, cbor: bytes) -> "KeySet":
        """From a COSE_KeySet or a single COSE_Key."""
        ks = cls()
        cbor = _bytes(cbor, "a COSE_KeySet")
        rc = lib.xjd_keyset_decode(ks._ptr, cbor, len(cbor))
        if rc < 0:
            _key_fail(rc)
        return ks

    @classmethod
    def load(cls, path: PathLike) -> "KeySet":
        """From a file: a COSE_KeySet, a COSE_Key or 64 hex characters."""
        ks = cls()
        rc = lib.xjd_keyset_load(ks._ptr, _fspath(path))
        if rc < 0:
            _key_fail(rc, path)
        return ks

    def to_bytes(self) -> bytes:
        """The COSE_KeySet of the public keys."""
        n = ffi.new("size_t *")
        rc = lib.xjd_keyset_encode(ffi.NULL, 0, n, self._ptr)
        if rc < 0:
            _key_fail(rc)
        buf = ffi.new("uint8_t[]", max(n[0], 1))
        rc = lib.xjd_keyset_encode(buf, n[0], n, self._ptr)
        if rc < 0:
            _key_fail(rc)
        return bytes(ffi.buffer(buf, n[0]))

    def __len__(self) -> int:
        return int(lib.xjd_keyset_count(self._ptr))


def _keyset_of(keys: Union[KeySet, KeyLike, Iterable[KeyLike]]) -> KeySet:
    if isinstance(keys, KeySet):
        return keys
    if isinstance(keys, (PublicKey, SigningKey)):
        return KeySet((keys,))
    return KeySet(keys)


# ---------------------------------------------------------------------------------------------
# Decisions

_EFFECTS = {1: "permit", 2: "review", 3: "deny"}
_STAGES = {1: "before", 2: "after"}
_LANGS = ("zh", "en")
