# SPDX-License-Identifier: MIT
"""National rule sets as documents: Engine(national=[...]) loads a set for a new national rule,
and its decisions cite that law and those articles (docs/national-sets.md)."""
import json
import os
import unittest

import xjdata

from support import SOURCE_ROOT as ROOT

SET = os.path.join(ROOT, "tests", "data", "national-test-2027.json")
EXPORT = os.path.join(ROOT, "examples", "requests", "export-over-threshold-contract.json")


def load_set():
    with open(SET, encoding="utf-8") as f:
        return json.load(f)


def export_2027(n):
    with open(EXPORT, encoding="utf-8") as f:
        req = json.load(f)
    req["at"] = "2027-03-01T10:00:00+08:00"
    req["dataset"]["personal_info"]["individuals"] = n
    req["export"]["individuals_ytd"] = n
    return req


def cites(items):
    return [(c.law, c.art, c.para, c.item) for i in items for c in i.cites]


class NationalSetTests(unittest.TestCase):
    def test_a_loaded_set_grounds_its_own_citations(self):
        for source in (SET, load_set()):
            eng = xjdata.Engine(national=[source])
            d = eng.evaluate(export_2027(600000), sign=False)
            self.assertEqual(d.effect, "review")
            self.assertIn("test-export-2027", d.national_rules)
            a = [o for o in d.obligations if o.code == "export.security_assessment"]
            self.assertEqual(len(a), 1)
            self.assertIn(("test-export-law", 12, 2, 3), cites(a))
            self.assertNotIn("cbdf-2024", [c[0] for c in cites(d.reasons + d.obligations)])

    def test_the_sets_are_listed_with_their_documents(self):
        eng = xjdata.Engine(national=[SET])
        ids = [s["id"] for s in eng.national_sets()]
        self.assertEqual(ids, ["dsam-2022", "cbdf-2024", "test-export-2027"])
        cbdf = eng.national_sets()[1]
        self.assertEqual(cbdf["cites"]["assessment.ciio"], [{"art": 7, "para": 1, "item": 1}])

    def test_a_malformed_set_is_an_input_error_naming_the_member(self):
        doc = load_set()
        doc["thresholds"]["assessment_individuals"] = 0
        with self.assertRaises(xjdata.InputError) as cm:
            xjdata.Engine(national=[doc])
        self.assertIn("thresholds.assessment_individuals", str(cm.exception))
        with self.assertRaises(xjdata.Error):
            xjdata.Engine(national=["/nonexistent/set.json"])


if __name__ == "__main__":
    unittest.main()
