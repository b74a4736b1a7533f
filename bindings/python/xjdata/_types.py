# SPDX-License-Identifier: MIT
"""Type aliases and the optional C accelerator module, shared by the package's modules."""
from __future__ import annotations

import importlib
import os
from typing import Any, Mapping, Union

def _load_speedups() -> Any:
    """The optional C accelerator (built when Python's headers are available), or None."""
    if os.environ.get("XJDATA_PURE"):
        return None
    try:
        return importlib.import_module(__package__ + "._speedups")
    except ImportError:
        return None


_speedups: Any = _load_speedups()

PathLike = Union[str, "os.PathLike[str]"]
Document = Mapping[str, Any]
