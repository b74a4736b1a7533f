# SPDX-License-Identifier: MIT
"""Python and C give the same decisions: every scenario of the family tests, decided by the
command-line tool (C, JSON in) and by Python (dicts in), yields the same decision document:
effect, rulebook, national rule sets, every reason, obligation and warning with its code,
citations, stage, due date, text and detail. Bad inputs name the same field path."""
import json
import os
import subprocess
import unittest

import xjdata
from support import BUILD_ROOT, HEALTH, SHARE, merge, requires
from test_engine import ENTERPRISE, EXPORT, TRADE, TRADE_DS, OpenTests


def _tool():
    path = os.path.join(BUILD_ROOT, "tools", "xjdata") if BUILD_ROOT else ""
    return path if path and os.access(path, os.X_OK) else None


def scenarios():
    s = [
        (SHARE, HEALTH),
        (merge(SHARE, share={"provider_decision": "approved", "conditions_met": True}), HEALTH),
        (merge(SHARE, share={"provider_decision": "approved"}), HEALTH),
        (merge(SHARE, share={"provider_decision": "refused", "refusal_reason": "超出职责范围"}), HEALTH),
        (merge(SHARE, share={"provider_decision": "refused"}), HEALTH),
        (merge(SHARE, requester={"kind": "central_agency"}), HEALTH),
        (merge(SHARE, requester={"kind": "natural_person"}), HEALTH),
        (merge(SHARE, purpose={"statutory_duty": False, "onward_transfer": True},
               requester={"access_terminated": True}), HEALTH),
        (merge(SHARE, at="2025-09-26T10:00:00+08:00", share={"received_at": "2025-09-26"}), HEALTH),
        (merge(SHARE, at="2025-03-27T10:00:00+08:00", share={"received_at": "2025-03-27"}), HEALTH),
        (SHARE, merge(HEALTH, share_type="none", share_conditions=None, share_basis="《传染病防治法》")),
        (SHARE, merge(HEALTH, share_type=None, share_conditions=None)),
        (SHARE, merge(HEALTH, category="enterprise")),
        (SHARE, merge(HEALTH, secret="state")),
        (SHARE, merge(HEALTH, grade="core")),
        (merge(SHARE, purpose={"emergency_response": True}),
         merge(HEALTH, emergency={"event": "2026-乌鲁木齐-暴雪", "ended": True})),
        (SHARE, merge(HEALTH, emergency={"event": "2026-乌鲁木齐-暴雪", "ended": False})),
        (merge(SHARE, rulebook="xj-2024-draft"), merge(HEALTH, on_platform=False)),
        (merge(SHARE, rulebook="xj-2024-draft"), HEALTH),
        (OpenTests.OPEN, OpenTests.NO_PI),
        (OpenTests.OPEN, merge(OpenTests.NO_PI, open_type="conditional")),
        (merge(OpenTests.OPEN, open={"commitment_signed": False}), merge(OpenTests.NO_PI, open_type="conditional")),
        (OpenTests.OPEN, merge(OpenTests.NO_PI, grade="important")),
        (OpenTests.OPEN, merge(OpenTests.NO_PI, grade="important", open_type="conditional")),
        (OpenTests.OPEN, merge(OpenTests.NO_PI, grade="core")),
        (OpenTests.OPEN, merge(HEALTH, open_type="unconditional")),
        (OpenTests.OPEN, merge(OpenTests.NO_PI, open_type=None)),
        (EXPORT, ENTERPRISE),
        (merge(EXPORT, export={"standard_contract_filed": False}), ENTERPRISE),
        (merge(EXPORT, export={"individuals_ytd": 1200000}), merge(ENTERPRISE, personal_info={"individuals": 1200000})),
        (merge(EXPORT, export={"recipient_judicial": True}), ENTERPRISE),
        (merge(EXPORT, export={"separate_consent": False, "pia_done": False}), ENTERPRISE),
        (merge(EXPORT, export={"exemption": "contract", "legal_basis": "contract"}), ENTERPRISE),
        (merge(EXPORT, at="2023-05-01T10:00:00+08:00",
               export={"individuals_since_prev_year": 150000, "sensitive_since_prev_year": 0}), ENTERPRISE),
        (TRADE, TRADE_DS),
        (merge(TRADE, trade={"venue": "direct"}), TRADE_DS),
        (merge(TRADE, trade={"rights_holder_authorized": False, "endangers_security": True}), TRADE_DS),
        (merge(TRADE, trade={"provider": {"id": "xj-dept", "kind": "public_body"}}),
         merge(TRADE_DS, category="public", source_department="某厅")),
        (merge(TRADE, trade={"source_explained": False, "identities_verified": False}), TRADE_DS),
        (TRADE, merge(TRADE_DS, grade="important")),
        (TRADE, merge(ENTERPRISE, personal_info={"individuals": 10, "sensitive_individuals": 0,
                                                 "deidentified": False, "anonymized": False})),
        (merge(TRADE, export=EXPORT["export"]), ENTERPRISE),
        # bad inputs: the same path from both
        (merge(SHARE, action="sell"), HEALTH),
        (merge(SHARE, share={"received_at": "2026-02-30"}), HEALTH),
        (SHARE, merge(HEALTH, share_conditions=["ok", 7])),
        (merge(EXPORT, export={"individuals_ytd": None}), ENTERPRISE),
    ]
    return [dict(req, dataset=ds) for req, ds in s]


@requires("xjd_engine_new", "xjd_evaluate_ex", "xjd_request_decode")
@unittest.skipIf(_tool() is None, "the command-line tool (tools/xjdata) is not in this build yet")
class ParityTests(unittest.TestCase):
    def test_python_and_the_tool_decide_alike(self):
        for lang in ("zh", "en"):
            docs = scenarios()
            stdin = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
            r = subprocess.run([_tool(), "eval", "--jsonl", "--no-sign", "--format", "json", "--lang", lang, "-"],
                               input=stdin.encode(), capture_output=True, timeout=120)
            lines = [json.loads(x) for x in r.stdout.decode().splitlines() if x.strip()]
            self.assertEqual(len(lines), len(docs), r.stderr.decode())
            engine = xjdata.Engine(lang=lang)
            for i, (doc, c) in enumerate(zip(docs, lines)):
                with self.subTest(lang=lang, scenario=i, action=doc.get("action")):
                    if "error" in c:
                        with self.assertRaises(xjdata.InputError) as cm:
                            engine.evaluate(doc)
                        self.assertEqual(cm.exception.path, c.get("path"), c)
                        continue
                    py = engine.evaluate(doc).to_dict()
                    for k in ("effect", "rulebook", "national_rules", "reasons", "obligations", "warnings"):
                        self.assertEqual(py[k], c[k], k)


if __name__ == "__main__":
    unittest.main()
