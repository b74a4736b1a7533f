# SPDX-License-Identifier: MIT
"""Errors of libxjdata as Python exceptions, and the helpers that raise them."""
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
# The decision log (docs/decision-log.md)


class AuditError(Error):
    """The decision log failed its audit: `index` is the first entry missing, altered or out of
    order (None when the problem is a checkpoint), the message says what was found."""

    def __init__(self, message: str, index: Optional[int]) -> None:
        super().__init__(message, _c.XJD_EAUDIT)
        self.index = index

def _address(p: Any) -> int:
    return int(ffi.cast("uintptr_t", p))


def _ok(rc: int) -> None:
    if rc < 0:
        _raise(rc)
