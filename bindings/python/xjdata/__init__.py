# SPDX-License-Identifier: MIT
"""Python bindings of libxjdata: the Xinjiang Data Regulation (《新疆维吾尔自治区数据条例》) as
decisions (permit / deny / review) with every reason and duty cited to its article, and signed
decision records (COSE_Sign1, Ed25519).

    import xjdata
    key = xjdata.SigningKey.generate()
    engine = xjdata.Engine(signing_key=key)
    d = engine.evaluate(request_dict)
    d.effect, d.reasons, d.obligations, d.record
    xjdata.verify(d.record, key.public_key)

Requests and datasets are dicts with the field names of the specification (docs/vocabulary.md).
Every call that signs or verifies runs without the GIL; one Engine serves many threads.
"""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import importlib
import os
import threading
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, NoReturn, Optional, Tuple, Union, cast

from . import _cbor
from ._ffi import ffi, lib, has as _has
from . import _ffi as _c


def _load_speedups() -> Any:
    """The optional C accelerator (built when Python's headers are available), or None."""
    if os.environ.get("XJDATA_PURE"):
        return None
    try:
        return importlib.import_module(__name__ + "._speedups")
    except ImportError:
        return None


_speedups: Any = _load_speedups()

__all__ = [
    "Error", "InputError", "VerificationError", "KeyFileError", "CalendarError", "NotFoundError",
    "OutOfMemoryError", "ArgumentError",
    "SigningKey", "PublicKey", "KeySet", "Engine", "Dataset", "Decision", "Item", "Cite",
    "CheckResult", "Finding", "verify", "decode_record", "check_dataset", "encode_document",
    "library_version", "__version__",
    "Log", "Receipt", "AuditError", "verify_receipt", "verify_record_receipts", "add_receipt",
]

__version__ = "0.1.0"

PathLike = Union[str, "os.PathLike[str]"]
Document = Mapping[str, Any]

# ---------------------------------------------------------------------------------------------
# Errors


class Error(Exception):
    """Every error of the library. `code` is the library's negative XJD_E* code (0 when raised
    by the binding itself), `message` the explanation."""

    def __init__(self, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class InputError(Error, ValueError):
    """A bad request or dataset: `path` names the field ("export.individuals_ytd",
    "dataset.share_type"); `offset` is the byte offset in the CBOR input when known."""

    def __init__(self, message: str, path: str = "", code: int = _c.XJD_EINPUT,
                 offset: Optional[int] = None) -> None:
        super().__init__(f"{path}: {message}" if path else message, code)
        self.message = message
        self.path = path
        self.offset = offset


_CHECKS = {
    -20: "tag", -21: "shape", -22: "trailing", -23: "duplicate_label", -24: "algorithm",
    -25: "kid", -26: "deterministic", -27: "limits", -28: "signature", -29: "record",
    -30: "content_type", -31: "unprotected", -32: "crit", -33: "receipt",
}


class VerificationError(Error):
    """A record failed verification. `check` names the check that failed: "tag" (not a CBOR
    tag 18), "shape", "trailing", "duplicate_label", "algorithm", "kid", "deterministic",
    "limits", "signature", "record" (not a decision record of a known version), "content_type",
    "unprotected" (a parameter in the unprotected header, which a record keeps empty), "crit" (a
    critical header parameter that is malformed or not understood), "receipt" (a receipt or
    checkpoint of the decision log does not verify)."""

    def __init__(self, message: str, check: str, code: int = 0) -> None:
        super().__init__(f"{check}: {message}", code)
        self.message = message
        self.check = check


class KeyFileError(Error):
    """A key problem: a malformed or unusable key, a key file that cannot be read or written or is
    readable by group/others, or signing asked for without a secret key. `path` is the file, if any."""

    def __init__(self, message: str, code: int = 0, path: Optional[str] = None) -> None:
        super().__init__(f"{path}: {message}" if path else message, code)
        self.message = message
        self.path = path


class CalendarError(Error):
    """A bad calendar file, or (strict mode) a due date outside the calendar's years."""


class NotFoundError(Error, LookupError):
    """An unknown rulebook or national rule set."""


class OutOfMemoryError(Error, MemoryError):
    """The library could not allocate; the objects involved stay usable."""


class ArgumentError(Error, TypeError):
    """An argument of the wrong type (a record or key that is not bytes, a hex key that is not
    text): an xjdata.Error, and a TypeError as Python's own checks would raise."""


def _bytes(value: Any, what: str) -> bytes:
    """bytes, bytearray or memoryview as bytes; ArgumentError for anything else (bytes(5) would
    make five zero bytes, bytes("x") a TypeError outside the package's errors)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise ArgumentError(f"{what} must be bytes, not {type(value).__name__}", _c.XJD_EINVAL)


def _errmsg(p: Any) -> str:
    return cast(str, ffi.string(p).decode("utf-8", "replace")) if p != ffi.NULL else ""


def _raise(rc: int, msg: str = "", path: str = "", offset: Optional[int] = None,
           file: Optional[str] = None) -> None:
    text = msg or ffi.string(lib.xjd_strerror(rc)).decode()
    if rc in (_c.XJD_EINPUT, _c.XJD_ELIMIT):
        raise InputError(text, path, rc, offset)
    if rc in _CHECKS:
        raise VerificationError(text, _CHECKS.get(rc, "record"), rc)
    if rc == _c.XJD_EAUDIT:
        raise AuditError(text, None)
    if rc in (_c.XJD_EKEY, _c.XJD_EKEYFILE, _c.XJD_ENOKEY) or (file and rc == _c.XJD_EIO):
        raise KeyFileError(text, rc, file)
    if rc == _c.XJD_ECALENDAR:
        raise CalendarError(text, rc)
    if rc == _c.XJD_ENOTFOUND:
        raise NotFoundError(text, rc)
    if rc == _c.XJD_ENOMEM:
        raise OutOfMemoryError(text, rc)
    raise Error(text, rc)


def library_version() -> str:
    """Version of the loaded libxjdata ("0.1.0")."""
    return cast(str, ffi.string(lib.xjd_version()).decode())


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


class Cite(NamedTuple):
    """One article, paragraph (款) or item (项) of one law. `law` is a law id of
    docs/national-rules.md ("xj-data-2025", "pipl"...); para, item: 0 when absent; para_to > 0 a
    paragraph range, art_to > 0 an article range. A tuple: Cite("pipl", 39) == ("pipl", 39, 0, 0, 0, 0);
    cite.matches("xj-data-2025", 34, 2) ignores the parts not given."""

    law: str
    art: int
    para: int = 0
    item: int = 0
    para_to: int = 0
    art_to: int = 0

    def render(self, lang: str = "zh") -> str:
        """《新疆维吾尔自治区数据条例》第三十四条第二款 (zh) or "Xinjiang Data Regulation, Art. 34 para. 2" (en)."""
        c = ffi.new("xjd_cite *")
        law = ffi.new("char[]", self.law.encode())
        c.law, c.art, c.para, c.para_to, c.item, c.art_to = (
            law, self.art, self.para, self.para_to, self.item, self.art_to)
        buf = ffi.new("char[256]")
        n = lib.xjd_cite_render(buf, 256, c, lang.encode())
        if n < 0:
            _raise(n)
        if n >= 256:
            buf = ffi.new("char[]", n + 1)
            lib.xjd_cite_render(buf, n + 1, c, lang.encode())
        return cast(str, ffi.string(buf).decode())

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"law": self.law, "art": self.art}
        if self.art_to:
            d["art_to"] = self.art_to
        if self.para:
            d["para"] = self.para
        if self.para_to:
            d["para_to"] = self.para_to
        if self.item:
            d["item"] = self.item
        return d

    def matches(self, law: str, art: int, para: Optional[int] = None, item: Optional[int] = None) -> bool:
        """True when this citation names that law and article, and (when given) that paragraph
        and item: cite.matches("xj-data-2025", 34, 2)."""
        return (self.law == law and self.art == art and (para is None or self.para == para)
                and (item is None or self.item == item))

    def __str__(self) -> str:
        return self.render("zh")


class Item(NamedTuple):
    """A reason, an obligation or a warning of a decision.

    code: stable code ("share.conditional_pending"); cites: every citation (cite: the first);
    text: the message in the language asked for (text_zh and text_en both kept); stage:
    "before" / "after" for obligations, None otherwise; due: datetime.date or None;
    due_estimated: the due date was counted past the calendar's years; detail: text quoted from
    the documents, or None; effect: what a reason or obligation contributes ("deny", "review",
    "permit"), None for warnings."""

    code: str
    cites: Tuple[Cite, ...]
    text: str
    stage: Optional[str]
    due: Optional[_dt.date]
    due_estimated: bool
    detail: Optional[str]
    effect: Optional[str]
    text_zh: str
    text_en: str

    @property
    def cite(self) -> Optional[Cite]:
        return self.cites[0] if self.cites else None

    def to_dict(self) -> Dict[str, Any]:
        """The item as in the decision document (and the command line's JSON): code, effect (what
        a reason or obligation contributes), stage, due, cite (the first citation), cites (all of
        them), text, detail."""
        d: Dict[str, Any] = {"code": self.code}
        if self.effect:
            d["effect"] = self.effect
        if self.stage:
            d["stage"] = self.stage
        if self.due is not None:
            d["due"] = self.due.isoformat()
            if self.due_estimated:
                d["due_estimated"] = True
        if self.cites:
            d["cite"] = self.cites[0].to_dict()
            d["cites"] = [c.to_dict() for c in self.cites]
        d["text"] = self.text
        if self.detail is not None:
            d["detail"] = self.detail
        return d


class Decision:
    """The result of an evaluation, or of a verified record.

    effect: "permit" | "deny" | "review"; reasons, obligations, warnings: lists of Item;
    record: the signed record (bytes) or None when not signed; rulebook; national_rules (ids of
    the national rule sets and laws relied on); at: the request time (aware datetime, UTC);
    record_id (16 bytes), issued_at, kid, prev_digest: of the record, when there is one;
    verified: True for a decision read from a record whose signature verified; request_cbor /
    dataset_cbor and request_digest / dataset_digest: the documents carried by a decoded record."""

    __slots__ = ("effect", "rulebook", "national_rules", "reasons", "obligations", "warnings",
                 "record", "_at", "record_id", "_issued_at", "kid", "prev_digest", "verified", "lang",
                 "request_cbor", "dataset_cbor", "request_digest", "dataset_digest")

    effect: str
    rulebook: str
    national_rules: List[str]
    reasons: List[Item]
    obligations: List[Item]
    warnings: List[Item]
    record: Optional[bytes]
    record_id: Optional[bytes]
    kid: Optional[bytes]
    prev_digest: Optional[bytes]
    verified: bool
    lang: str
    request_cbor: Optional[bytes]
    dataset_cbor: Optional[bytes]
    request_digest: Optional[bytes]
    dataset_digest: Optional[bytes]

    _at: Optional[int]
    _issued_at: Optional[int]

    @property
    def at(self) -> Optional[_dt.datetime]:
        """The request time (aware datetime, UTC)."""
        return _epoch(self._at) if self._at is not None else None

    @property
    def issued_at(self) -> Optional[_dt.datetime]:
        """When the record was issued (aware datetime, UTC), or None without a record."""
        return _epoch(self._issued_at) if self._issued_at is not None else None

    @property
    def record_digest(self) -> Optional[bytes]:
        """The record's digest for chaining and de-duplication (32 bytes), or None without a
        record: SHA-256 over the whole record, the bytes of `record`, which cannot differ in any
        byte without the signing key once the record verifies (docs/record.cddl). Give it as
        `prev_digest` to the next evaluate(); the C API's xjd_decision_record_digest() is the same."""
        return hashlib.sha256(self.record).digest() if self.record is not None else None

    @property
    def codes(self) -> List[str]:
        """Codes of the reasons, then of the obligations."""
        return [i.code for i in self.reasons] + [i.code for i in self.obligations]

    def to_dict(self) -> Dict[str, Any]:
        """The decision document of docs/vocabulary.md (the record as base64, when signed)."""
        d: Dict[str, Any] = {
            "effect": self.effect,
            "rulebook": self.rulebook,
            "national_rules": list(self.national_rules),
            "reasons": [i.to_dict() for i in self.reasons],
            "obligations": [i.to_dict() for i in self.obligations],
            "warnings": [i.to_dict() for i in self.warnings],
        }
        if self.record is not None:
            d["record"] = base64.b64encode(self.record).decode("ascii")
            if self.kid is not None:
                d["kid"] = self.kid.hex()
        if self.request_digest is not None:  # read from a record
            d["verified"] = self.verified
        return d

    def __repr__(self) -> str:
        return (f"Decision({self.effect!r}, reasons={[i.code for i in self.reasons]!r}, "
                f"obligations={[i.code for i in self.obligations]!r})")


def _epoch(secs: int) -> _dt.datetime:
    try:
        return _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(seconds=secs)
    except OverflowError:  # every error of the package is an xjdata.Error
        raise Error(f"a time of {secs} s since 1970 is outside the years a datetime holds (1..9999)",
                    _c.XJD_EINVAL) from None


def _plain(p: Any) -> str:
    return cast(str, ffi.string(p).decode("utf-8", "replace")) if p != ffi.NULL else ""


def _items(dec: Any, count: Any, get: Any, en: bool, sget: Any) -> List[Item]:
    out = []
    for i in range(count(dec)):
        it = get(dec, i)
        if it == ffi.NULL:
            break
        cites = tuple(Cite(sget(c.law), c.art, c.para, c.item, c.para_to, c.art_to)
                      for c in (it.cites[j] for j in range(it.ncites)))
        due = it.due
        zh, en_text = sget(it.text_zh), sget(it.text_en)
        text = (en_text or zh) if en else (zh or en_text)
        out.append(Item(
            sget(it.code), cites, text, _STAGES.get(it.stage),
            _dt.date(due.year, due.month, due.day) if due.year else None, bool(it.due_estimated),
            _plain(it.detail) if it.detail != ffi.NULL else None, _EFFECTS.get(it.effect), zh, en_text))
    return out


def _snapshot(dec: Any, lang: str, decoded: bool = False) -> Decision:
    sget = _plain
    d = Decision.__new__(Decision)
    d.effect = _EFFECTS.get(lib.xjd_decision_effect(dec), "")
    d.rulebook = sget(lib.xjd_decision_rulebook(dec))
    d.national_rules = [sget(lib.xjd_decision_national(dec, i))
                        for i in range(lib.xjd_decision_national_count(dec))]
    en = lang == "en"
    d.reasons = _items(dec, lib.xjd_decision_reason_count, lib.xjd_decision_reason, en, sget)
    d.obligations = _items(dec, lib.xjd_decision_obligation_count, lib.xjd_decision_obligation, en, sget)
    d.warnings = _items(dec, lib.xjd_decision_warning_count, lib.xjd_decision_warning, en, sget)
    d.lang = lang
    at = lib.xjd_decision_at(dec)
    d._at = at if at else None
    n = ffi.new("size_t *")
    p = lib.xjd_decision_record(dec, n)
    d.record = bytes(ffi.buffer(p, n[0])) if p != ffi.NULL else None
    d.record_id = d._issued_at = d.kid = d.prev_digest = None
    if d.record is not None:
        rid = ffi.new("uint8_t[16]")
        if lib.xjd_decision_record_id(rid, dec) == 0:
            d.record_id = bytes(rid)
        ia = lib.xjd_decision_issued_at(dec)
        d._issued_at = ia if ia else None
        k = lib.xjd_decision_kid(dec)
        d.kid = bytes(ffi.buffer(k, 32)) if k != ffi.NULL else None
        pd = lib.xjd_decision_prev_digest(dec)
        d.prev_digest = bytes(ffi.buffer(pd, 32)) if pd != ffi.NULL else None
    d.verified = bool(lib.xjd_decision_verified(dec))
    d.request_cbor = d.dataset_cbor = d.request_digest = d.dataset_digest = None
    if decoded:
        docp = ffi.new("uint8_t **")
        dig = ffi.new("uint8_t[32]")
        for which in (0, 1):
            if lib.xjd_decision_document(docp, n, dig, dec, which) == 0:
                cbor = bytes(ffi.buffer(docp[0], n[0])) if docp[0] != ffi.NULL else None
                if which == 0:
                    d.request_cbor, d.request_digest = cbor, bytes(dig)
                else:
                    d.dataset_cbor, d.dataset_digest = cbor, bytes(dig)
    return d


# ---------------------------------------------------------------------------------------------
# Documents and scratch objects


def encode_document(doc: Document, root: str = "") -> bytes:
    """The CBOR the library decodes for a request or dataset dict (no validation beyond types).
    InputError naming the path for a value that has no CBOR form."""
    try:
        if _speedups is not None:
            return cast(bytes, _speedups.encode(doc, root))
        return _cbor.encode(doc, root)
    except _cbor.EncodeError as e:
        raise InputError(e.message, e.path) from None


def _check_mapping(doc: Any, what: str, root: str) -> None:
    if not isinstance(doc, Mapping):
        raise InputError(f"the {what} must be a dict, not {type(doc).__name__}", root)


class _Scratch:
    """One request, dataset and decision per thread, reused across evaluations (the library
    then evaluates without allocating). Freed with the thread's local storage."""

    __slots__ = ("req", "ds", "dec", "chk", "n", "req_addr", "ds_addr", "dec_addr")

    def __init__(self) -> None:
        pr = ffi.new("xjd_request **")
        _ok(lib.xjd_request_new(pr, ffi.NULL))
        self.req = ffi.gc(pr[0], lib.xjd_request_free)
        pd = ffi.new("xjd_dataset **")
        _ok(lib.xjd_dataset_new(pd, ffi.NULL))
        self.ds = ffi.gc(pd[0], lib.xjd_dataset_free)
        pe = ffi.new("xjd_decision **")
        _ok(lib.xjd_decision_new(pe, ffi.NULL))
        self.dec = ffi.gc(pe[0], lib.xjd_decision_free)
        self.chk = None
        self.n = ffi.new("size_t *")
        self.req_addr, self.ds_addr, self.dec_addr = _address(self.req), _address(self.ds), _address(self.dec)


def _address(p: Any) -> int:
    return int(ffi.cast("uintptr_t", p))


def _ok(rc: int) -> None:
    if rc < 0:
        _raise(rc)


_tls = threading.local()


def _scratch() -> _Scratch:
    s = getattr(_tls, "s", None)
    if s is None:
        s = _tls.s = _Scratch()
    return s


def _raise_request(rc: int, req: Any) -> None:
    off = lib.xjd_request_erroffset(req)
    _raise(rc, _errmsg(lib.xjd_request_errmsg(req)), _errmsg(lib.xjd_request_errpath(req)),
           off if off >= 0 else None)


def _raise_dataset(rc: int, ds: Any) -> None:
    off = lib.xjd_dataset_erroffset(ds)
    _raise(rc, _errmsg(lib.xjd_dataset_errmsg(ds)), _errmsg(lib.xjd_dataset_errpath(ds)),
           off if off >= 0 else None)


def _decode_request(req: Any, doc: Document) -> None:
    _check_mapping(doc, "request", "")
    buf = encode_document(doc)
    rc = lib.xjd_request_decode(req, buf, len(buf), ffi.NULL)
    if rc < 0:
        _raise_request(rc, req)


def _decode_dataset(ds: Any, doc: Document) -> None:
    _check_mapping(doc, "dataset", "dataset")
    buf = encode_document(doc, "dataset")
    rc = lib.xjd_dataset_decode(ds, buf, len(buf), ffi.NULL)
    if rc < 0:
        _raise_dataset(rc, ds)


class Dataset:
    """A dataset's catalogue metadata, decoded and checked once, for evaluating many requests
    against it (pass it to Engine.evaluate instead of a dict). Immutable; usable from any thread."""

    __slots__ = ("_ptr", "_doc", "_addr", "__weakref__")

    def __init__(self, doc: Document) -> None:
        pd = ffi.new("xjd_dataset **")
        _ok(lib.xjd_dataset_new(pd, ffi.NULL))
        self._ptr = ffi.gc(pd[0], lib.xjd_dataset_free)
        _decode_dataset(self._ptr, doc)
        self._doc = doc
        self._addr = _address(self._ptr)

    def to_cbor(self) -> bytes:
        """Deterministic CBOR of the dataset as the library holds it."""
        n = ffi.new("size_t *")
        _ok(lib.xjd_dataset_encode(ffi.NULL, 0, n, self._ptr))
        buf = ffi.new("uint8_t[]", max(n[0], 1))
        _ok(lib.xjd_dataset_encode(buf, n[0], n, self._ptr))
        return bytes(ffi.buffer(buf, n[0]))


# ---------------------------------------------------------------------------------------------
# Engine


def _load_national(opts: Any, item: Union[Mapping[str, Any], PathLike]) -> None:
    """Loads one national rule set (a dict, or a JSON file's path) into the options."""
    where = "national set"
    if isinstance(item, Mapping):
        doc = item
    else:
        import json
        where = os.fspath(item)
        try:
            with open(item, encoding="utf-8") as f:
                doc = json.load(f)
        except OSError as e:
            raise Error(f"{where}: {e.strerror}", _c.XJD_EIO) from None
        except ValueError as e:
            raise InputError(f"{where}: {e}", "", _c.XJD_EINPUT, None) from None
    if not isinstance(doc, Mapping):
        raise InputError(f"{where}: a national set is a JSON object", "", _c.XJD_EINPUT, None)
    try:
        data = _cbor.encode(doc)
    except _cbor.EncodeError as e:
        raise InputError(f"{where}: {e}", "", _c.XJD_EINPUT, None) from None
    rc = lib.xjd_options_load_national(opts, data, len(data))
    if rc < 0:
        msg = _errmsg(lib.xjd_options_errmsg(opts))
        _raise(rc, f"{where}: {msg}" if msg and where != "national set" else msg)


class Engine:
    """Decides requests. Built once; one engine may be used by any number of threads at once.

    signing_key: a SigningKey (records are then signed unless evaluate(sign=False)); rulebook:
    "xj-2025" (default) or "xj-2024-draft" (a request's own `rulebook` wins); lang: "zh" or "en",
    the language of Item.text; strict: a due date past the calendar's years is an error instead
    of an estimate; digests: records carry SHA-256 digests of the documents instead of the
    documents; calendar: path of a calendar text file to add to the built-in years; national:
    national rule sets to load (docs/national-sets.md), each a dict or the path of a JSON file; a
    set with a built-in id replaces it, and one naming a new law makes the decisions cite it."""

    def __init__(self, signing_key: Optional[SigningKey] = None, rulebook: str = "xj-2025",
                 lang: str = "zh", *, strict: bool = False, digests: bool = False,
                 calendar: Optional[PathLike] = None,
                 national: Iterable[Union[Mapping[str, Any], PathLike]] = ()) -> None:
        if lang not in _LANGS:
            raise Error(f"lang must be 'zh' or 'en', not {lang!r}", _c.XJD_EINVAL)
        if signing_key is not None and not isinstance(signing_key, SigningKey):
            raise ArgumentError("signing_key must be a SigningKey", _c.XJD_EINVAL)
        self.lang = lang
        self.rulebook = rulebook
        self.signing_key = signing_key
        po = ffi.new("xjd_options **")
        _ok(lib.xjd_options_new(po, ffi.NULL))
        opts = ffi.gc(po[0], lib.xjd_options_free)
        rc = lib.xjd_options_set_rulebook(opts, rulebook.encode())
        if rc < 0:
            _raise(rc, f"unknown rulebook {rulebook!r}")
        if signing_key is not None:
            _ok(lib.xjd_options_set_key(opts, signing_key._ptr))
        if strict:
            _ok(lib.xjd_options_set_strict(opts, True))
        if digests:
            _ok(lib.xjd_options_set_docmode(opts, 1))
        if calendar is not None:
            pc = ffi.new("xjd_calendar **")
            _ok(lib.xjd_calendar_new(pc, 0, ffi.NULL))
            cal = ffi.gc(pc[0], lib.xjd_calendar_free)
            rc = lib.xjd_calendar_load_file(cal, _fspath(calendar))
            if rc < 0:
                _raise(rc if rc != _c.XJD_EIO else _c.XJD_ECALENDAR,
                       f"{os.fspath(calendar)}: {_errmsg(lib.xjd_calendar_errmsg(cal))}")
            _ok(lib.xjd_options_set_calendar(opts, cal))
        for item in national:
            _load_national(opts, item)
        pe = ffi.new("xjd_engine **")
        _ok(lib.xjd_engine_new(pe, opts))
        self._ptr = ffi.gc(pe[0], lib.xjd_engine_free)
        self._addr = _address(self._ptr)
        if _fast is not None:  # the same method, in C (see _speedups.c)
            setattr(self, "evaluate", _fast.evaluator(self._ptr, self._addr, lang == "en",
                                                      signing_key is not None))

    def national_sets(self) -> List[Dict[str, Any]]:
        """The national rule sets this engine applies (built-in and loaded), oldest first, each as
        its document (docs/national-sets.md)."""
        out = []
        pd = ffi.new("const uint8_t **")
        pl = ffi.new("size_t *")
        for i in range(lib.xjd_engine_national_count(self._ptr)):
            _ok(lib.xjd_engine_national_document(pd, pl, self._ptr, i))
            out.append(_cbor.decode(bytes(ffi.buffer(pd[0], pl[0]))))
        return out

    def evaluate(self, request: Document, dataset: Union[Document, Dataset, None] = None, *,
                 sign: Optional[bool] = None, digests: Optional[bool] = None,
                 prev_digest: Optional[bytes] = None) -> Decision:
        """Decides a request dict against a dataset (a dict, a Dataset, or None: the request's own
        `dataset` member). Signs the record when the engine has a key, unless sign=False.
        digests=True/False overrides the engine's choice of documents or digests in the record;
        prev_digest (32 bytes) chains the record to the host's previous one.
        InputError (with .path) for a bad document."""
        if sign is None:
            sign = self.signing_key is not None
        elif sign and self.signing_key is None:
            raise KeyFileError("signing asked for but the engine has no signing key", _c.XJD_ENOKEY)
        flags = 0 if sign else _c.XJD_EVAL_NOSIGN
        if digests is not None:
            flags |= _c.XJD_EVAL_DIGESTS if digests else _c.XJD_EVAL_FULL
        prev = ffi.NULL
        if prev_digest is not None:
            prev = prev_digest = _bytes(prev_digest, "prev_digest")
            if len(prev) != 32:
                raise Error("prev_digest must have 32 bytes", _c.XJD_EINVAL)
        s = _scratch()
        _decode_request(s.req, request)
        if dataset is None:
            ds = ffi.NULL
        elif isinstance(dataset, Dataset):
            ds = dataset._ptr
        else:
            _decode_dataset(s.ds, dataset)
            ds = s.ds
        dec = s.dec
        rc = lib.xjd_evaluate_ex(dec, self._ptr, s.req, ds, flags, prev)
        if rc < 0:
            _raise(rc, _errmsg(lib.xjd_decision_errmsg(dec)), _errmsg(lib.xjd_decision_errpath(dec)))
        return _snapshot(dec, self.lang)

    def payload(self, request: Document, dataset: Union[Document, Dataset, None] = None, *,
                digests: Optional[bool] = None) -> Tuple[Decision, bytes]:
        """Decides without signing and returns the decision and its record payload, for batch
        signing (docs/decision-log.md): Log.add(payload, "payload"), Log.commit(key), then
        Log.batch_record(index, payload) is the decision's evidence."""
        flags = _c.XJD_EVAL_NOSIGN
        if digests is not None:
            flags |= _c.XJD_EVAL_DIGESTS if digests else _c.XJD_EVAL_FULL
        s = _scratch()
        _decode_request(s.req, request)
        if dataset is None:
            ds = ffi.NULL
        elif isinstance(dataset, Dataset):
            ds = dataset._ptr
        else:
            _decode_dataset(s.ds, dataset)
            ds = s.ds
        rc = lib.xjd_evaluate_ex(s.dec, self._ptr, s.req, ds, flags, ffi.NULL)
        if rc < 0:
            _raise(rc, _errmsg(lib.xjd_decision_errmsg(s.dec)), _errmsg(lib.xjd_decision_errpath(s.dec)))
        d = _snapshot(s.dec, self.lang)
        p = ffi.new("const uint8_t **")
        n = ffi.new("size_t *")
        rc = lib.xjd_decision_payload(p, n, s.dec, flags & (_c.XJD_EVAL_DIGESTS | _c.XJD_EVAL_FULL), ffi.NULL)
        if rc < 0:
            _raise(rc, _errmsg(lib.xjd_decision_errmsg(s.dec)))
        return d, bytes(ffi.buffer(p[0], n[0]))

    def __repr__(self) -> str:
        return f"Engine(rulebook={self.rulebook!r}, lang={self.lang!r}, signing={self.signing_key is not None})"


# ---------------------------------------------------------------------------------------------
# Records


def verify(record: bytes, keys: Union[KeySet, KeyLike, Iterable[KeyLike]], *, lang: str = "zh") -> Decision:
    """Verifies a signed record against a public key, a key pair, a KeySet or a list of keys, and
    returns the decision it holds (decision.verified is True). VerificationError (with .check)
    names the check that failed. A batch record (batch signing, docs/decision-log.md) is verified
    through its receipt; the receipts a record carries are checked by verify_record_receipts()."""
    if lang not in _LANGS:
        raise Error(f"lang must be 'zh' or 'en', not {lang!r}", _c.XJD_EINVAL)
    ks = _keyset_of(keys)
    rec = _bytes(record, "a record")
    dec = _scratch().dec
    if rec[:1] == b"\x82" and _has("xjd_batch_record_verify"):  # a batch record: [payload, [receipt]]
        rc = lib.xjd_batch_record_verify(dec, ffi.NULL, ffi.NULL, rec, len(rec), ks._ptr, ffi.NULL)
    else:
        rc = lib.xjd_record_verify(dec, rec, len(rec), ks._ptr, ffi.NULL)
    if rc < 0:
        _raise(rc, _errmsg(lib.xjd_decision_errmsg(dec)))
    if _fast is not None:
        return cast(Decision, _fast.snapshot(_address(dec), lang == "en", True))
    return _snapshot(dec, lang, decoded=True)


def decode_record(record: bytes, *, lang: str = "zh") -> Decision:
    """Reads a record WITHOUT verifying its signature (for display). Same structural checks."""
    rec = _bytes(record, "a record")
    dec = _scratch().dec
    rc = lib.xjd_record_decode(dec, rec, len(rec), ffi.NULL)
    if rc < 0:
        _raise(rc, _errmsg(lib.xjd_decision_errmsg(dec)))
    if _fast is not None:
        return cast(Decision, _fast.snapshot(_address(dec), lang == "en", True))
    return _snapshot(dec, lang, decoded=True)


# ---------------------------------------------------------------------------------------------
# The decision log (docs/decision-log.md)


class AuditError(Error):
    """The decision log failed its audit: `index` is the first entry missing, altered or out of
    order (None when the problem is a checkpoint), the message says what was found."""

    def __init__(self, message: str, index: Optional[int]) -> None:
        super().__init__(message, _c.XJD_EAUDIT)
        self.index = index


class Receipt(NamedTuple):
    """What a verified receipt proves: the entry at `log_index` is in the log `log_id` as signed
    by `kid` at `time` in a tree of `tree_size` entries with `root`."""
    log_index: int
    tree_size: int
    root: bytes
    time: _dt.datetime
    kid: bytes
    log_id: bytes


def _receipt_of(h: Any, index: int) -> Receipt:
    return Receipt(index, h.size, bytes(h.root), _epoch(h.time), bytes(h.kid), bytes(h.log_id))


def _receipt_fail(rc: int) -> NoReturn:
    _raise(rc, _errmsg(lib.xjd_receipt_errmsg()) or ffi.string(lib.xjd_strerror(rc)).decode())
    raise AssertionError("unreachable: _raise raises")


def _out_bytes(call: Any, *args: Any) -> bytes:
    """Calls an `int f(uint8_t *out, size_t cap, size_t *out_len, ...)` twice: length, then bytes."""
    n = ffi.new("size_t *")
    rc = call(ffi.NULL, 0, n, *args)
    if rc < 0:
        _receipt_fail(rc)
    buf = ffi.new("uint8_t[]", n[0] or 1)
    rc = call(buf, n[0], n, *args)
    if rc < 0:
        _receipt_fail(rc)
    return bytes(ffi.buffer(buf, n[0]))


def verify_receipt(receipt: bytes, entry: bytes, keys: Union[KeySet, KeyLike, Iterable[KeyLike]]) -> Receipt:
    """Verifies an inclusion receipt (RFC 9942) for a log entry (the entry's bytes, as
    Log.entry() returns them). VerificationError (check "receipt") when it does not prove it."""
    ks = _keyset_of(keys)
    h = ffi.new("xjd_tree_head *")
    idx = ffi.new("uint64_t *")
    r, e = bytes(receipt), bytes(entry)
    rc = lib.xjd_receipt_verify(h, idx, r, len(r), e, len(e), ks._ptr)
    if rc < 0:
        _receipt_fail(rc)
    return _receipt_of(h, idx[0])


def verify_record_receipts(record: bytes, keys: Union[KeySet, KeyLike, Iterable[KeyLike]]) -> List[Receipt]:
    """Verifies every receipt a record carries (label 394 of its unprotected header) against the
    record, and returns what they prove. The record's own signature is xjdata.verify()'s."""
    ks = _keyset_of(keys)
    rec = bytes(record)
    n = ffi.new("size_t *")
    rc = lib.xjd_record_receipt_count(n, rec, len(rec))
    if rc < 0:
        _receipt_fail(rc)
    out = []
    h = ffi.new("xjd_tree_head *")
    idx = ffi.new("uint64_t *")
    for i in range(n[0]):
        rc = lib.xjd_record_verify_receipt(h, idx, rec, len(rec), i, ks._ptr)
        if rc < 0:
            _receipt_fail(rc)
        out.append(_receipt_of(h, idx[0]))
    return out


def add_receipt(record: bytes, receipt: bytes) -> bytes:
    """The record with the receipt added to its unprotected header (label 394); the record's
    signature is unchanged."""
    rec, r = bytes(record), bytes(receipt)
    return _out_bytes(lib.xjd_record_add_receipt, rec, len(rec), r, len(r))


_KINDS = {"bytes": _c.XJD_ENTRY_BYTES, "record": _c.XJD_ENTRY_RECORD, "payload": _c.XJD_ENTRY_PAYLOAD}


class Log:
    """A decision log (docs/decision-log.md), opened by URI: "sqlite:PATH" (or a path),
    "postgresql://..." or "memory:". create=True makes it when it is not there.

        log = xjdata.Log("sqlite:decisions.db", create=True)
        record = log.append_record(decision.record, key)   # the record with its receipt
        xjdata.verify_record_receipts(record, key.public_key)
        log.audit(key.public_key)

    One Log serves one thread at a time. Entries are added, then committed (with a checkpoint
    when a signing key is given), in one transaction: durable when commit() returns."""

    def __init__(self, uri: str, *, create: bool = False, readonly: bool = False) -> None:
        pl = ffi.new("xjd_log **")
        flags = (_c.XJD_LOG_CREATE if create else 0) | (_c.XJD_LOG_READONLY if readonly else 0)
        rc = lib.xjd_log_open(pl, os.fspath(uri).encode(), flags, ffi.NULL)
        if rc < 0:
            _raise(rc, f"log {uri}: {_errmsg(lib.xjd_log_open_errmsg())}")
        self._ptr: Any = ffi.gc(pl[0], lib.xjd_log_free)
        self.uri = uri

    def _fail(self, rc: int) -> None:
        _raise(rc, _errmsg(lib.xjd_log_errmsg(self._ptr)))

    def close(self) -> None:
        """Closes the log (entries added and not committed are dropped)."""
        if self._ptr is not None:
            ffi.release(self._ptr)  # runs xjd_log_free now
            self._ptr = None

    def __enter__(self) -> "Log":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """"sqlite", "postgresql" or "memory"."""
        return _plain(lib.xjd_log_backend(self._ptr))

    @property
    def log_id(self) -> bytes:
        """The log's random 16-byte id (in every checkpoint)."""
        out = ffi.new("uint8_t[16]")
        lib.xjd_log_id(out, self._ptr)
        return bytes(out)

    def __len__(self) -> int:
        n = ffi.new("uint64_t *")
        rc = lib.xjd_log_size(n, self._ptr)
        if rc < 0:
            self._fail(rc)
        return int(n[0])

    @property
    def pending(self) -> int:
        """Entries added and not yet committed."""
        return int(lib.xjd_log_pending(self._ptr))

    def add(self, entry: bytes, kind: str = "record") -> None:
        """Adds an entry to the next commit: "record" (a signed record, logged without the
        receipts it may carry), "payload" (an unsigned record payload) or "bytes"."""
        if kind not in _KINDS:
            raise Error(f"kind must be one of {sorted(_KINDS)}, not {kind!r}", _c.XJD_EINVAL)
        data = bytes(entry)
        if kind == "record":
            data = _out_bytes(lib.xjd_record_without_receipts, data, len(data))
        rc = lib.xjd_log_add(self._ptr, _KINDS[kind], data, len(data))
        if rc < 0:
            self._fail(rc)

    def commit(self, signing_key: Optional[SigningKey] = None) -> int:
        """Stores the added entries (and, with a key, a checkpoint signing them) in one
        transaction; returns the index of the first."""
        first = ffi.new("uint64_t *")
        key = signing_key._ptr if signing_key is not None else ffi.NULL
        rc = lib.xjd_log_commit(first, self._ptr, key, int(_dt.datetime.now(_dt.timezone.utc).timestamp()))
        if rc < 0:
            self._fail(rc)
        return int(first[0])

    def append(self, entry: bytes, kind: str = "record") -> int:
        """Adds and commits one entry (no checkpoint); returns its index."""
        self.add(entry, kind)
        return self.commit()

    def append_record(self, record: bytes, signing_key: SigningKey) -> bytes:
        """Logs a signed record with a checkpoint signed by `signing_key` and returns the record
        carrying its receipt (label 394; its own signature unchanged)."""
        before = self.pending
        self.add(record, "record")
        index = self.commit(signing_key) + before
        return add_receipt(record, self.receipt(index))

    def batch_record(self, index: int, payload: bytes) -> bytes:
        """The evidence of a decision logged as a payload (batch signing): [payload, [receipt]],
        which xjdata.verify() checks through its receipt."""
        p, r = bytes(payload), self.receipt(index)
        return _out_bytes(lib.xjd_batch_record_encode, p, len(p), r, len(r))

    def checkpoint(self, signing_key: SigningKey) -> bytes:
        """Signs and stores a checkpoint of the log's size (committing added entries first)."""
        p = ffi.new("const uint8_t **")
        n = ffi.new("size_t *")
        rc = lib.xjd_log_checkpoint(p, n, self._ptr, signing_key._ptr,
                                    int(_dt.datetime.now(_dt.timezone.utc).timestamp()))
        if rc < 0:
            self._fail(rc)
        return bytes(ffi.buffer(p[0], n[0]))

    def latest_checkpoint(self) -> bytes:
        """The stored checkpoint of the largest size. NotFoundError when there is none."""
        p = ffi.new("const uint8_t **")
        n = ffi.new("size_t *")
        rc = lib.xjd_log_latest_checkpoint(p, n, self._ptr)
        if rc < 0:
            self._fail(rc)
        return bytes(ffi.buffer(p[0], n[0]))

    def entry(self, index: int) -> bytes:
        """The entry at `index` as stored: CBOR [index, kind, content]."""
        p = ffi.new("const uint8_t **")
        n = ffi.new("size_t *")
        rc = lib.xjd_log_entry(p, n, self._ptr, index)
        if rc < 0:
            self._fail(rc)
        return bytes(ffi.buffer(p[0], n[0]))

    def root(self, size: Optional[int] = None) -> bytes:
        """The Merkle root of the first `size` entries (default: all)."""
        out = ffi.new("uint8_t[32]")
        rc = lib.xjd_log_root(out, self._ptr, len(self) if size is None else size)
        if rc < 0:
            self._fail(rc)
        return bytes(out)

    def receipt(self, index: int) -> bytes:
        """The inclusion receipt of entry `index` against the latest checkpoint covering it."""
        n = ffi.new("size_t *")
        buf = ffi.new("uint8_t[]", 8192)
        rc = lib.xjd_log_receipt(buf, 8192, n, self._ptr, index)
        if rc < 0:
            self._fail(rc)
        return bytes(ffi.buffer(buf, n[0]))

    def _hashes(self, call: Any, *args: Any) -> List[bytes]:
        buf = ffi.new("uint8_t[]", 32 * _c.XJD_MERKLE_MAX_PROOF)
        n = ffi.new("size_t *")
        rc = call(buf, _c.XJD_MERKLE_MAX_PROOF, n, self._ptr, *args)
        if rc < 0:
            self._fail(rc)
        return [bytes(ffi.buffer(buf + 32 * i, 32)) for i in range(n[0])]

    def prove(self, index: int, size: Optional[int] = None) -> Dict[str, Any]:
        """The inclusion proof of entry `index`: against the latest checkpoint (with it and the
        receipt), or against the first `size` entries. Keys: leaf_index, tree_size, entry,
        leaf_hash, path, root, and checkpoint and receipt when signed."""
        out: Dict[str, Any] = {}
        if size is None:
            cp = self.latest_checkpoint()
            h = ffi.new("xjd_tree_head *")
            _ok(lib.xjd_checkpoint_decode(h, cp, len(cp)))
            size = int(h.size)
            if index >= size:
                raise NotFoundError(f"no checkpoint covers entry {index} yet", _c.XJD_ENOTFOUND)
            out["checkpoint"] = cp
            out["receipt"] = self.receipt(index)
        entry = self.entry(index)
        leaf = ffi.new("uint8_t[32]")
        lib.xjd_merkle_leaf_hash(leaf, entry, len(entry))
        out.update(leaf_index=index, tree_size=size, entry=entry, leaf_hash=bytes(leaf),
                   path=self._hashes(lib.xjd_log_inclusion, index, size), root=self.root(size))
        return out

    def consistency(self, old_size: int, new_size: int) -> Dict[str, Any]:
        """The consistency proof between the first `old_size` and `new_size` entries: old_size,
        new_size, old_root, new_root, proof."""
        return dict(old_size=old_size, new_size=new_size, old_root=self.root(old_size),
                    new_root=self.root(new_size),
                    proof=self._hashes(lib.xjd_log_consistency, old_size, new_size))

    def audit(self, keys: Union[KeySet, KeyLike, Iterable[KeyLike]], *, checkpoint: Optional[bytes] = None,
              records: bool = False) -> Dict[str, int]:
        """Recomputes the tree from every entry and verifies every checkpoint (and, records=True,
        every record). Returns {"entries", "checkpoints", "unsigned_tail"}; AuditError names the
        first entry missing, altered or out of order."""
        ks = _keyset_of(keys)
        cp = bytes(checkpoint) if checkpoint is not None else ffi.NULL
        rc = lib.xjd_log_audit(self._ptr, ks._ptr, cp, len(checkpoint) if checkpoint is not None else 0,
                               _c.XJD_AUDIT_RECORDS if records else 0)
        if rc == _c.XJD_EAUDIT:
            idx = lib.xjd_log_audit_index(self._ptr)
            raise AuditError(_errmsg(lib.xjd_log_errmsg(self._ptr)), int(idx) if idx >= 0 else None)
        if rc < 0:
            self._fail(rc)
        e, c, t = ffi.new("uint64_t *"), ffi.new("uint64_t *"), ffi.new("uint64_t *")
        lib.xjd_log_audit_counts(e, c, t, self._ptr)
        return {"entries": int(e[0]), "checkpoints": int(c[0]), "unsigned_tail": int(t[0])}

    def __repr__(self) -> str:
        return f"Log({self.uri!r}, backend={self.backend!r})"


# ---------------------------------------------------------------------------------------------
# Catalogue check

_SEVERITY = {1: "warning", 2: "error"}
_TYPES = ((_c.XJD_TYPE_UNCONDITIONAL, "unconditional"), (_c.XJD_TYPE_CONDITIONAL, "conditional"),
          (_c.XJD_TYPE_NONE, "none"))


class Finding:
    """A finding of the catalogue check: severity "error" | "warning", code, path (the field),
    cites (cite: the first), text (in the language asked for), text_zh, text_en."""

    __slots__ = ("severity", "code", "path", "cites", "text", "text_zh", "text_en")

    def __init__(self, severity: str, code: str, path: str, cites: Tuple[Cite, ...], text_zh: str,
                 text_en: str, lang: str) -> None:
        self.severity = severity
        self.code = code
        self.path = path
        self.cites = cites
        self.text_zh = text_zh
        self.text_en = text_en
        self.text = text_en if lang == "en" else text_zh

    @property
    def cite(self) -> Optional[Cite]:
        return self.cites[0] if self.cites else None

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"severity": self.severity, "code": self.code, "path": self.path}
        if self.cites:
            d["cite"] = self.cites[0].to_dict()
            d["cites"] = [c.to_dict() for c in self.cites]
        d["text"] = self.text
        return d

    def __repr__(self) -> str:
        return f"Finding({self.severity!r}, {self.code!r}, path={self.path!r})"


class CheckResult:
    """findings: list of Finding; allowed_share / allowed_open: the share and open types the
    dataset's classification allows; ok: no finding of severity error."""

    __slots__ = ("findings", "allowed_share", "allowed_open")

    def __init__(self, findings: List[Finding], allowed_share: List[str], allowed_open: List[str]) -> None:
        self.findings = findings
        self.allowed_share = allowed_share
        self.allowed_open = allowed_open

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def to_dict(self) -> Dict[str, Any]:
        return {"findings": [f.to_dict() for f in self.findings],
                "allowed": {"share_type": list(self.allowed_share), "open_type": list(self.allowed_open)}}

    def __repr__(self) -> str:
        return f"CheckResult(findings={self.findings!r}, allowed_share={self.allowed_share!r}, " \
               f"allowed_open={self.allowed_open!r})"


def check_dataset(dataset: Union[Document, Dataset], rulebook: Optional[str] = None,
                  lang: str = "zh") -> CheckResult:
    """Checks a dataset's catalogue metadata on its own (分类分级): findings and the share and
    open types its classification allows."""
    if lang not in _LANGS:
        raise Error(f"lang must be 'zh' or 'en', not {lang!r}", _c.XJD_EINVAL)
    s = _scratch()
    if isinstance(dataset, Dataset):
        ds = dataset._ptr
    else:
        _decode_dataset(s.ds, dataset)
        ds = s.ds
    if s.chk is None:
        pc = ffi.new("xjd_check **")
        _ok(lib.xjd_check_new(pc, ffi.NULL))
        s.chk = ffi.gc(pc[0], lib.xjd_check_free)
    chk = s.chk
    rc = lib.xjd_dataset_check(chk, ds, rulebook.encode() if rulebook else ffi.NULL)
    if rc < 0:
        _raise(rc)
    findings = []
    for i in range(lib.xjd_check_finding_count(chk)):
        f = lib.xjd_check_finding(chk, i)
        if f == ffi.NULL:
            break
        cites = tuple(Cite(_plain(f.cites[j].law), f.cites[j].art, f.cites[j].para, f.cites[j].item,
                           f.cites[j].para_to, f.cites[j].art_to) for j in range(f.ncites))
        findings.append(Finding(_SEVERITY.get(f.severity, "error"), _plain(f.code), _plain(f.path), cites,
                                _plain(f.text_zh), _plain(f.text_en), lang))
    share = lib.xjd_check_allowed_share(chk)
    opn = lib.xjd_check_allowed_open(chk)
    return CheckResult(findings, [n for b, n in _TYPES if share & b], [n for b, n in _TYPES if opn & b])


def _bind_speedups() -> Any:
    """The accelerator, bound to the loaded library; None (the pure-Python path) when it is not
    built, XJDATA_PURE is set, or the library lacks a function it needs."""
    if _speedups is None:
        return None
    try:
        addrs = {n: _address(ffi.addressof(lib, n)) for n in _FAST_FUNCTIONS}
        _speedups.bind(addrs, Decision, Item, Cite, Dataset, _cbor, _raise, _check_mapping)
    except (AttributeError, LookupError, TypeError, ValueError):
        return None
    return _speedups


_FAST_FUNCTIONS: Tuple[str, ...] = (
    "xjd_request_decode", "xjd_dataset_decode", "xjd_evaluate_ex", "xjd_decision_effect",
    "xjd_decision_rulebook", "xjd_decision_national_count", "xjd_decision_national",
    "xjd_decision_reason_count", "xjd_decision_reason", "xjd_decision_obligation_count",
    "xjd_decision_obligation", "xjd_decision_warning_count", "xjd_decision_warning", "xjd_decision_at",
    "xjd_decision_record", "xjd_decision_record_id", "xjd_decision_issued_at", "xjd_decision_kid",
    "xjd_decision_prev_digest", "xjd_decision_verified", "xjd_decision_document",
    "xjd_request_new", "xjd_request_free", "xjd_dataset_new", "xjd_dataset_free", "xjd_decision_new",
    "xjd_decision_free", "xjd_request_errmsg", "xjd_request_errpath", "xjd_request_erroffset",
    "xjd_dataset_errmsg", "xjd_dataset_errpath", "xjd_dataset_erroffset", "xjd_decision_errmsg",
    "xjd_decision_errpath",
)
_fast = _bind_speedups()
