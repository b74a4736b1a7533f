# SPDX-License-Identifier: MIT
"""The engine: documents, datasets, evaluation, verification of records, the catalogue check, and the C accelerator's binding."""
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
from ._types import Document, PathLike, _speedups
from ._errors import ArgumentError, Error, InputError, KeyFileError, _address, _bytes, _errmsg, _ok, _raise
from ._keys import KeyLike, KeySet, SigningKey, _LANGS, _fspath, _keyset_of
from ._models import Cite, Decision, Item, _plain, _snapshot


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
