# SPDX-License-Identifier: MIT
"""A small CBOR encoder for request and dataset dicts (pure Python).

The library decodes and validates the documents (names, types, enums, limits); this side only
turns Python values into CBOR: str, int, bool, None, float, bytes, list/tuple, dict with str
keys, and datetime.date / datetime.datetime as the text forms of docs/vocabulary.md. Lengths and
integers use their shortest forms. Anything else is an error naming the field path.
"""
from __future__ import annotations

import datetime as _dt
import math
import struct
from collections.abc import Mapping
from typing import Any, Dict, Optional, Tuple

MAX_DEPTH = 64  # far above the library's own limit (16), low enough to never hit recursion limits

_f16 = struct.Struct(">Be").pack
_f32 = struct.Struct(">Bf").pack
_f64 = struct.Struct(">Bd").pack
_unpack_f16 = struct.Struct(">e").unpack
_unpack_f32 = struct.Struct(">f").unpack


class EncodeError(Exception):
    """An unencodable value; `path` names the field (dotted, list indexes as [i])."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _head(mt: int, n: int) -> bytes:
    if n < 24:
        return bytes((mt | n,))
    if n < 0x100:
        return bytes((mt | 24, n))
    if n < 0x10000:
        return bytes((mt | 25,)) + n.to_bytes(2, "big")
    if n < 0x100000000:
        return bytes((mt | 26,)) + n.to_bytes(4, "big")
    return bytes((mt | 27,)) + n.to_bytes(8, "big")


def date_text(v: Any) -> str:
    """datetime.datetime -> RFC 3339 (must carry a time zone); datetime.date -> YYYY-MM-DD."""
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None or v.utcoffset() is None:
            raise ValueError("a datetime needs a time zone (RFC 3339)")
        return str(v.isoformat())
    return str(v.isoformat())


def _float(out: bytearray, v: float) -> None:
    # Shortest of half, single, double that keeps the value (RFC 8949 §4.2.1 preferred serialization).
    if math.isnan(v):
        out += b"\xf9\x7e\x00"
        return
    try:
        h = _f16(0xF9, v)
        if _unpack_f16(h[1:])[0] == v:
            out += h
            return
    except (OverflowError, struct.error):
        pass
    try:
        s = _f32(0xFA, v)
        if _unpack_f32(s[1:])[0] == v:
            out += s
            return
    except (OverflowError, struct.error):
        pass
    out += _f64(0xFB, v)


# Encoded short strings (field names and enum values recur in every document), bounded.
_STR_CACHE: Dict[str, bytes] = {}
_STR_CACHE_MAX = 4096


def _str(o: str) -> bytes:
    try:
        b = o.encode("utf-8")
    except UnicodeEncodeError:
        raise EncodeError("text is not valid Unicode", "") from None
    n = len(b)
    e = (bytes((0x60 | n,)) if n < 24 else _head(0x60, n)) + b
    if n <= 64 and len(_STR_CACHE) < _STR_CACHE_MAX:
        _STR_CACHE[o] = e
    return e


def _enc(o: Any, out: bytearray, depth: int) -> None:
    t = type(o)
    if t is str:
        out += _STR_CACHE.get(o) or _str(o)
    elif t is bool:
        out.append(0xF5 if o else 0xF4)
    elif t is dict:
        if depth >= MAX_DEPTH:
            raise EncodeError("nested too deeply", "")
        n = len(o)
        if n < 24:
            out.append(0xA0 | n)
        else:
            out += _head(0xA0, n)
        for k, v in o.items():
            if type(k) is not str:
                raise EncodeError(f"map key {k!r} is not a string", "")
            out += _STR_CACHE.get(k) or _str(k)
            _enc(v, out, depth + 1)
    elif t is int:
        if 0 <= o < 24:
            out.append(o)
        elif o >= 0:
            if o >= 1 << 64:
                raise EncodeError("integer too large", "")
            out += _head(0x00, o)
        else:
            if o < -(1 << 64):
                raise EncodeError("integer too small", "")
            out += _head(0x20, -1 - o)
    elif o is None:
        out.append(0xF6)
    elif t is list or t is tuple:
        if depth >= MAX_DEPTH:
            raise EncodeError("nested too deeply", "")
        n = len(o)
        if n < 24:
            out.append(0x80 | n)
        else:
            out += _head(0x80, n)
        for v in o:
            _enc(v, out, depth + 1)
    elif t is float:
        _float(out, o)
    elif t is bytes or t is bytearray or t is memoryview:
        b = bytes(o)
        out += _head(0x40, len(b))
        out += b
    elif isinstance(o, (_dt.date, _dt.datetime)):
        try:
            _enc(date_text(o), out, depth)
        except ValueError as e:
            raise EncodeError(str(e), "") from None
    elif isinstance(o, bool):
        out.append(0xF5 if o else 0xF4)
    elif isinstance(o, int):  # int subclasses (IntEnum...) as plain numbers
        _enc(int(o), out, depth)
    elif isinstance(o, str):
        _enc(str(o), out, depth)
    elif isinstance(o, Mapping):
        _enc(dict(o), out, depth)
    elif isinstance(o, float):
        _float(out, float(o))
    else:
        raise EncodeError(f"cannot encode a value of type {t.__name__}", "")


def _find_path(o: Any, prefix: str, depth: int = 0) -> Optional[EncodeError]:
    """Re-walks a value that failed to encode and returns the error with its full path."""
    if depth > MAX_DEPTH:
        return EncodeError("nested too deeply", prefix)
    if isinstance(o, Mapping):
        for k, v in o.items():
            if not isinstance(k, str):
                return EncodeError(f"map key {k!r} is not a string", prefix)
            e = _find_path(v, f"{prefix}.{k}" if prefix else k, depth + 1)
            if e:
                return e
        return None
    if isinstance(o, (list, tuple)):
        for i, v in enumerate(o):
            e = _find_path(v, f"{prefix}[{i}]", depth + 1)
            if e:
                return e
        return None
    try:
        _enc(o, bytearray(), depth)
    except EncodeError as e:
        return EncodeError(e.message, prefix)
    return None


def encode_value(o: Any, depth: int) -> bytes:
    """CBOR of one value at a nesting depth (the C encoder's fallback for uncommon types)."""
    out = bytearray()
    _enc(o, out, depth)
    return bytes(out)


def encode(o: Any, root: str = "") -> bytes:
    """CBOR of `o`; EncodeError naming the path (prefixed with `root`) when a value cannot be encoded."""
    out = bytearray()
    try:
        _enc(o, out, 0)
    except EncodeError:
        e = _find_path(o, root)
        raise e if e else EncodeError("cannot encode the document", root) from None
    return bytes(out)


def decode(data: bytes) -> Any:
    """Decodes one CBOR item of the kinds the library's documents use (unsigned and negative
    integers, texts, bytes, arrays, maps, booleans, null) from trusted bytes (an engine's own
    national set documents). Raises ValueError on anything else or on trailing bytes."""
    def item(i: int) -> Tuple[Any, int]:
        ib = data[i]
        mt, ai = ib >> 5, ib & 31
        i += 1
        if mt == 7:
            if ai == 20:
                return False, i
            if ai == 21:
                return True, i
            if ai == 22:
                return None, i
            raise ValueError("unsupported simple or float value")
        if ai < 24:
            n = ai
        elif ai <= 27:
            w = 1 << (ai - 24)
            n = int.from_bytes(data[i:i + w], "big")
            i += w
        else:
            raise ValueError("indefinite lengths are not used here")
        if mt == 0:
            return n, i
        if mt == 1:
            return -1 - n, i
        if mt in (2, 3):
            raw = data[i:i + n]
            if len(raw) != n:
                raise ValueError("truncated")
            return (bytes(raw) if mt == 2 else raw.decode("utf-8")), i + n
        if mt == 4:
            out = []
            for _ in range(n):
                v, i = item(i)
                out.append(v)
            return out, i
        if mt == 5:
            m = {}
            for _ in range(n):
                k, i = item(i)
                v, i = item(i)
                m[k] = v
            return m, i
        raise ValueError("tags are not used here")
    value, end = item(0)
    if end != len(data):
        raise ValueError("trailing bytes")
    return value
