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

from . import _cbor  # noqa: F401  (the package's CBOR, used by tests and the accelerator)
from . import _ffi  # noqa: F401
from ._types import Document, PathLike, _speedups  # noqa: F401
from ._errors import (ArgumentError, AuditError, CalendarError, Error, InputError, KeyFileError,  # noqa: F401
                      NotFoundError, OutOfMemoryError, VerificationError, library_version)
from ._keys import KeySet, PublicKey, SigningKey  # noqa: F401
from ._models import Cite, Decision, Item  # noqa: F401
from ._engine import (CheckResult, Dataset, Engine, Finding, check_dataset, decode_record,  # noqa: F401
                      encode_document, verify, _fast, _scratch)
from ._log import Log, Receipt, add_receipt, verify_receipt, verify_record_receipts  # noqa: F401

__all__ = [
    "Error", "InputError", "VerificationError", "KeyFileError", "CalendarError", "NotFoundError",
    "OutOfMemoryError", "ArgumentError",
    "SigningKey", "PublicKey", "KeySet", "Engine", "Dataset", "Decision", "Item", "Cite",
    "CheckResult", "Finding", "verify", "decode_record", "check_dataset", "encode_document",
    "library_version", "__version__",
    "Log", "Receipt", "AuditError", "verify_receipt", "verify_record_receipts", "add_receipt",
]

__version__ = "0.1.0"
