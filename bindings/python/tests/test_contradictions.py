# SPDX-License-Identifier: MIT
"""docs/rules.md "Contradictory facts": facts that contradict each other are an InputError whose
path names the field the table gives, never a decision."""
import copy
import json
import os
import unittest

import xjdata

from support import SOURCE_ROOT

EXPORT = os.path.join(SOURCE_ROOT, "examples", "requests", "export-over-threshold-contract.json")


class ContradictionTests(unittest.TestCase):
    def setUp(self):
        with open(EXPORT, encoding="utf-8") as f:
            self.req = json.load(f)
        self.eng = xjdata.Engine()

    def refused(self, change, path):
        r = copy.deepcopy(self.req)
        change(r)
        with self.assertRaises(xjdata.InputError) as cm:
            self.eng.evaluate(r, sign=False)
        self.assertEqual(cm.exception.path, path)

    def test_each_contradiction_names_its_field(self):
        self.eng.evaluate(self.req, sign=False)  # consistent as given
        self.refused(lambda r: r["export"].update(individuals_ytd=10), "export.individuals_ytd")
        self.refused(lambda r: r["requester"].update(kind="central_agency"), "requester.state_organ")
        self.refused(lambda r: r["requester"].update(kind="natural_person", ciio=True), "requester.ciio")
        self.refused(lambda r: r["dataset"]["personal_info"].update(sensitive_individuals=200000),
                     "dataset.personal_info.sensitive_individuals")
        self.refused(lambda r: r["dataset"]["personal_info"].update(anonymized=True),
                     "dataset.personal_info.anonymized")


if __name__ == "__main__":
    unittest.main()
