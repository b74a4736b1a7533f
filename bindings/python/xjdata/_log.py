# SPDX-License-Identifier: MIT
"""The decision log: receipts, checkpoints and Log (docs/decision-log.md)."""
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
from ._errors import AuditError, Error, NotFoundError, _errmsg, _ok, _raise
from ._keys import KeyLike, KeySet, SigningKey, _keyset_of
from ._models import _epoch, _plain


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
