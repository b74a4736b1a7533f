# SPDX-License-Identifier: MIT
"""Shared helpers of the Python tests: skipping what the library does not have yet, documents."""
import copy
import functools
import os
import unittest

import xjdata
from xjdata import _ffi

SOURCE_ROOT = os.environ.get("XJD_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD_ROOT = os.environ.get("XJD_BUILD_ROOT", "")
VECTORS = os.environ.get("XJD_VECTORS", "")


def requires(*symbols):
    """Skips a test (or class) while the library does not export these functions yet: the
    library's modules land one by one. Once they are there the test runs."""
    missing = [s for s in symbols if not _ffi.has(s)]
    return unittest.skipIf(bool(missing), "not in libxjdata yet: " + ", ".join(missing))


@functools.lru_cache(maxsize=None)
def families(rulebook="xj-2025"):
    """Rule families present in a rulebook (empty while the rule tables have not landed)."""
    if not (_ffi.has("xjd_rulebook_rule_count") and _ffi.has("xjd_rulebook_rule")):
        return frozenset()
    lib, ffi = _ffi.lib, _ffi.ffi
    out = set()
    info = ffi.new("xjd_rule_info *")
    info.version = 1  # XJD_RULE_INFO_VERSION
    for i in range(lib.xjd_rulebook_rule_count(rulebook.encode())):
        if lib.xjd_rulebook_rule(info, rulebook.encode(), i) == 0 and info.family != ffi.NULL:
            out.add(ffi.string(info.family).decode())
    return frozenset(out)


ENGINE_SYMBOLS = ("xjd_request_decode", "xjd_dataset_decode", "xjd_engine_new", "xjd_evaluate_ex",
                  "xjd_rulebook_rule_count")


def requires_family(*names, rulebook="xj-2025"):
    """Skips while the engine or these rule families are not in the library yet."""
    def deco(obj):
        missing = [s for s in ENGINE_SYMBOLS if not _ffi.has(s)]
        if missing:
            return unittest.skip("not in libxjdata yet: " + ", ".join(missing))(obj)
        absent = [n for n in names if n not in families(rulebook)]
        return unittest.skipIf(bool(absent), f"rule families not in {rulebook} yet: {absent}")(obj)
    return deco


def cites_of(items):
    """Every citation of a list of items, as Cite objects."""
    return [c for i in items for c in i.cites]


class DecisionAsserts:
    def assertCites(self, items, *expected):
        """Each expected citation (law, art[, para[, item]]) is among the items' citations; the
        parts not given are not compared (Cite.matches)."""
        cites = cites_of(items)
        for e in expected:
            self.assertTrue(any(c.matches(*e) for c in cites), f"{e} not among {cites}")

    def assertEffect(self, d, effect):
        self.assertEqual(d.effect, effect, f"{d!r} reasons={d.reasons!r} obligations={d.obligations!r}")


def merge(base, **parts):
    """A deep copy of `base` with top-level parts replaced or, for dicts, updated."""
    d = copy.deepcopy(base)
    for k, v in parts.items():
        if v is None:
            d.pop(k, None)
        elif isinstance(v, dict) and isinstance(d.get(k), dict):
            d[k].update(v)
        else:
            d[k] = v
    return d


# A public, general dataset of a health commission, conditionally shared (docs/vocabulary.md).
HEALTH = {
    "id": "xj-hc-0042", "title": "法定传染病报告数据", "category": "public", "grade": "general",
    "secret": "none", "on_platform": True, "source_department": "自治区卫生健康委员会",
    "share_type": "conditional", "share_conditions": ["仅用于疾病防控"], "share_basis": None,
    "open_type": "none", "open_basis": "《传染病防治法》第三十八条",
    "personal_info": {"individuals": 52000, "sensitive_individuals": 52000, "deidentified": True,
                      "anonymized": False},
}

SHARE = {
    "action": "share", "at": "2026-03-02T10:00:00+08:00", "rulebook": "xj-2025",
    "requester": {"id": "xj-health-commission", "name": "自治区卫生健康委员会", "kind": "public_body",
                  "ciio": False, "state_organ": True, "access_terminated": False},
    "purpose": {"statutory_duty": True, "onward_transfer": False, "scenario": "传染病监测",
                "emergency_response": False},
    "share": {"received_at": "2026-03-02", "provider_decision": "pending"},
}
