#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Keeping evidence with libxjdata: decide requests, store every signed decision record in an
SQLite audit log (each record chained to the previous one by its SHA-256), and later re-verify
every stored record, as an auditor would, with nothing but the public key.

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/audit_log.py [--audit] [audit.db]

With a database path the signing key is kept next to it (audit.db.key) and each run appends
three decisions; --audit only re-verifies.
Exits 0 when every stored record verifies, decodes to the effect that was logged and the chain
is intact; 1 otherwise.
"""
import hashlib
import os
import sqlite3
import sys
import tempfile
from typing import Any, Dict, List, Optional

import xjdata

DATASET = {
    "id": "xj-hc-0042", "title": "法定传染病报告数据", "category": "public", "grade": "general",
    "secret": "none", "on_platform": True, "source_department": "自治区卫生健康委员会",
    "share_type": "conditional", "share_conditions": ["仅用于疾病防控"],
    "open_type": "none", "open_basis": "《传染病防治法》第三十八条",
    "personal_info": {"individuals": 52000, "sensitive_individuals": 52000, "deidentified": True,
                      "anonymized": False},
}


def share_request(requester: str, **share: Any) -> Dict[str, Any]:
    return {
        "action": "share", "at": "2026-03-02T10:00:00+08:00",
        "requester": {"id": requester, "kind": "public_body", "access_terminated": False},
        "purpose": {"statutory_duty": True, "onward_transfer": False, "scenario": "传染病监测",
                    "emergency_response": False},
        "share": dict({"received_at": "2026-03-02", "provider_decision": "pending"}, **share),
    }


REQUESTS = [
    share_request("xj-cdc"),
    share_request("xj-cdc", provider_decision="approved", conditions_met=True),
    share_request("urumqi-health", provider_decision="refused", refusal_reason="超出职责范围"),
]

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id  BLOB NOT NULL UNIQUE,
    requester  TEXT NOT NULL,
    effect     TEXT NOT NULL,
    codes      TEXT NOT NULL,
    record     BLOB NOT NULL,
    digest     BLOB NOT NULL          -- SHA-256 of the record: the next record chains to it
);
"""


def decide_and_log(db: sqlite3.Connection, engine: xjdata.Engine, requests: List[Dict[str, Any]]) -> None:
    """Decides each request and appends its signed record to the log, chained to the last one."""
    row = db.execute("SELECT digest FROM decisions ORDER BY seq DESC LIMIT 1").fetchone()
    prev: Optional[bytes] = row[0] if row else None
    for req in requests:
        d = engine.evaluate(req, xjdata.Dataset(DATASET), prev_digest=prev)
        assert d.record is not None  # the engine has a signing key: every decision is signed
        digest = hashlib.sha256(d.record).digest()
        with db:
            db.execute("INSERT INTO decisions (record_id, requester, effect, codes, record, digest) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (d.record_id, req["requester"]["id"], d.effect, " ".join(d.codes), d.record, digest))
        print(f"decided  {req['requester']['id']:<15} {d.effect:<7} "
              + ", ".join(f"{r.code} [{r.cite.render('en') if r.cite else ''}]" for r in d.reasons))
        prev = digest


def audit(db: sqlite3.Connection, keys: xjdata.KeySet) -> int:
    """Re-verifies every stored record against the trusted keys; returns the number of problems."""
    problems = 0
    prev: Optional[bytes] = None
    for seq, record_id, effect, codes, record, digest in db.execute(
            "SELECT seq, record_id, effect, codes, record, digest FROM decisions ORDER BY seq"):
        try:
            d = xjdata.verify(record, keys)
        except xjdata.VerificationError as e:
            print(f"record {seq}: FAILED check {e.check}: {e.message}")
            problems += 1
            prev = digest
            continue
        bad = []
        if d.record_id != record_id:
            bad.append("record id differs from the log")
        if d.effect != effect or " ".join(d.codes) != codes:
            bad.append(f"log says {effect} {codes}, record says {d.effect} {' '.join(d.codes)}")
        if hashlib.sha256(record).digest() != digest:
            bad.append("digest column does not match the record")
        if prev is not None and d.prev_digest != prev:
            bad.append("chain broken: previous-record digest does not match")
        prev = digest
        problems += bool(bad)
        print(f"verified record {seq}: {d.effect}, issued {d.issued_at:%Y-%m-%d %H:%M:%SZ}"
              + ("" if not bad else "  PROBLEM: " + "; ".join(bad)))
    return problems


def main(argv: List[str]) -> int:
    audit_only = "--audit" in argv[1:]
    args = [a for a in argv[1:] if a != "--audit"]
    with tempfile.TemporaryDirectory() as tmp:
        path = args[0] if args else os.path.join(tmp, "audit.db")
        key_file = path + ".key" if args else os.path.join(tmp, "signing.key")
        if not os.path.exists(key_file):
            xjdata.SigningKey.generate().save(key_file)    # mode 0600, write-then-rename
        key = xjdata.SigningKey.load(key_file)
        db = sqlite3.connect(path)
        db.executescript(SCHEMA)
        if not audit_only:
            engine = xjdata.Engine(signing_key=key, lang="en")
            decide_and_log(db, engine, REQUESTS)
        db.close()

        # Later, elsewhere: the auditor holds only the public key.
        trusted = xjdata.KeySet([key.public_key])
        db = sqlite3.connect(path)
        problems = audit(db, trusted)
        db.close()
        print(f"{problems} problem(s) in the audit log")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
