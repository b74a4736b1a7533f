# SPDX-License-Identifier: MIT
"""The catalogue check (分类分级) of a dataset on its own: findings with severity, path and citation,
and the share and open types the classification allows (docs/rules.md, "The catalogue check")."""
import unittest

import xjdata
from support import HEALTH, DecisionAsserts, merge, requires

XJ = "xj-data-2025"


@requires("xjd_dataset_check", "xjd_dataset_decode")
class CheckTests(unittest.TestCase, DecisionAsserts):
    def finding(self, result, path):
        f = [f for f in result.findings if f.path == path]
        self.assertTrue(f, f"no finding at {path}: {result.findings!r}")
        return f[0]

    def test_clean_dataset_has_no_error(self):
        r = xjdata.check_dataset(HEALTH)
        self.assertTrue(r.ok, r.findings)
        self.assertEqual(r.allowed_share, ["unconditional", "conditional", "none"])

    def test_not_shared_without_basis(self):
        r = xjdata.check_dataset(merge(HEALTH, share_type="none", share_conditions=None, share_basis=None))
        f = self.finding(r, "dataset.share_basis")
        self.assertEqual(f.severity, "error")
        self.assertTrue(f.cite.matches(XJ, 33, 2), f.cite)
        self.assertFalse(r.ok)
        self.assertEqual(r.to_dict()["findings"][0]["severity"], "error")

    def test_conditional_without_conditions(self):
        r = xjdata.check_dataset(merge(HEALTH, share_conditions=None))
        f = self.finding(r, "dataset.share_conditions")
        self.assertEqual(f.severity, "error")
        self.assertTrue(f.cite.matches(XJ, 33, 2), f.cite)

    def test_missing_grade(self):
        r = xjdata.check_dataset(merge(HEALTH, grade=None))
        f = self.finding(r, "dataset.grade")
        self.assertEqual(f.severity, "error")
        self.assertCites([f], (XJ, 56, 1))

    def test_public_data_without_source_department_is_a_warning(self):
        r = xjdata.check_dataset(merge(HEALTH, source_department=None))
        f = self.finding(r, "dataset.source_department")
        self.assertEqual(f.severity, "warning")
        self.assertTrue(f.cite.matches(XJ, 23, 1), f.cite)
        self.assertTrue(r.ok)

    def test_secret_data_in_the_public_catalogue(self):
        r = xjdata.check_dataset(merge(HEALTH, secret="work"))
        self.assertFalse(r.ok)
        self.assertCites(r.errors, (XJ, 25, 3))

    def test_allowed_types_follow_the_grade(self):
        core = xjdata.check_dataset(merge(HEALTH, grade="core", open_type="none"))
        self.assertNotIn("unconditional", core.allowed_share)
        self.assertEqual(core.allowed_open, ["none"])
        important = xjdata.check_dataset(merge(HEALTH, grade="important"))
        self.assertNotIn("unconditional", important.allowed_open)
        bad = xjdata.check_dataset(merge(HEALTH, grade="important", open_type="unconditional",
                                         personal_info=None))
        self.assertCites(bad.errors, (XJ, 35, 3))
        self.assertEqual(bad.to_dict()["allowed"]["open_type"], bad.allowed_open)

    def test_bad_dataset_is_an_input_error(self):
        with self.assertRaises(xjdata.InputError) as cm:
            xjdata.check_dataset(merge(HEALTH, grade="secret-ish"))
        self.assertEqual(cm.exception.path, "dataset.grade")


if __name__ == "__main__":
    unittest.main()
