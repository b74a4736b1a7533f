# SPDX-License-Identifier: MIT
"""What a decision says: Cite, Item and Decision, snapshots of the library's decision."""
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
from ._errors import Error, _raise
from ._keys import _EFFECTS, _STAGES


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
