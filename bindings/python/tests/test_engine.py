# SPDX-License-Identifier: MIT
"""Decisions through Python, family by family: the effects and citations docs/rules.md sets for each
situation (written from the law, not from the engine's output), bad input naming the field path,
and the decision document."""
import datetime
import unittest

import xjdata
from support import (HEALTH, SHARE, DecisionAsserts, cites_of, merge, requires, requires_family)

XJ = "xj-data-2025"
DRAFT = "xj-data-2024-draft"


def engine(**kw):
    return xjdata.Engine(**kw)


@requires_family("all", "share")
class ShareTests(unittest.TestCase, DecisionAsserts):
    @classmethod
    def setUpClass(cls):
        cls.e = engine()

    def decide(self, request=SHARE, dataset=HEALTH, **kw):
        return self.e.evaluate(request, dataset, **kw)

    def test_conditional_pending_is_review_with_provider_reply_due_in_10_working_days(self):
        d = self.decide()
        self.assertEffect(d, "review")
        self.assertCites(d.reasons, (XJ, 34, 2))
        before = [o for o in d.obligations if o.stage == "before" and o.due is not None]
        self.assertTrue(before, d.obligations)
        # Received Monday 2026-03-02; counting starts the next day (Civil Code Art. 201):
        # 3,4,5,6, 9,10,11,12,13, 16 March.
        self.assertEqual(before[0].due, datetime.date(2026, 3, 16))
        self.assertCites(before, (XJ, 34, 2))
        # 2026 is covered (national dates, and the regional ones from a press report): exact.
        self.assertFalse(before[0].due_estimated)
        # The dataset's share conditions are listed.
        self.assertIn("仅用于疾病防控", [i.detail for i in d.reasons + d.obligations])

    def test_due_date_across_national_day_2025(self):
        req = merge(SHARE, at="2025-09-26T10:00:00+08:00", share={"received_at": "2025-09-26"})
        d = self.decide(req)
        self.assertEffect(d, "review")
        due = [o for o in d.obligations if o.due is not None]
        # Sun 28 Sep (make-up day), 29, 30; 1-8 Oct off; 9, 10, Sat 11 (make-up), 13, 14, 15, 16.
        self.assertEqual(due[0].due, datetime.date(2025, 10, 16))
        self.assertFalse(due[0].due_estimated)

    def test_conditional_approved_and_conditions_met_is_permit_with_after_duties(self):
        req = merge(SHARE, share={"provider_decision": "approved", "conditions_met": True})
        d = self.decide(req)
        self.assertEffect(d, "permit")
        after = [o for o in d.obligations if o.stage == "after"]
        self.assertTrue(after)
        self.assertCites(after, (XJ, 34, 1))
        self.assertFalse([o for o in d.obligations if o.stage == "before"])

    def test_unconditional_is_permit(self):
        d = self.decide(dataset=merge(HEALTH, share_type="unconditional", share_conditions=None))
        self.assertEffect(d, "permit")
        self.assertCites([o for o in d.obligations if o.stage == "after"], (XJ, 34, 1))

    def test_not_shared_is_deny_quoting_the_basis(self):
        basis = "《传染病防治法》第三十八条"
        d = self.decide(dataset=merge(HEALTH, share_type="none", share_conditions=None, share_basis=basis))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 33, 1))
        self.assertIn(basis, [r.detail for r in d.reasons])

    def test_refusal_is_deny_quoting_the_reason(self):
        req = merge(SHARE, share={"provider_decision": "refused", "refusal_reason": "超出职责范围"})
        d = self.decide(req)
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 34, 2))
        self.assertIn("超出职责范围", [r.detail for r in d.reasons])

    def test_requester_outside_public_bodies_is_deny(self):
        d = self.decide(merge(SHARE, requester={"kind": "legal_person", "state_organ": False}))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 33, 3))

    def test_outside_statutory_duty_and_onward_transfer_each_give_a_reason(self):
        for purpose in ({"statutory_duty": False}, {"onward_transfer": True}):
            with self.subTest(purpose=purpose):
                d = self.decide(merge(SHARE, purpose=purpose))
                self.assertEffect(d, "deny")
                self.assertCites(d.reasons, (XJ, 34, 1))
        # Every applicable rule is reported, not just the first.
        d = self.decide(merge(SHARE, purpose={"statutory_duty": False, "onward_transfer": True},
                              requester={"access_terminated": True}))
        self.assertEffect(d, "deny")
        self.assertGreaterEqual(len([r for r in d.reasons if r.effect == "deny"]), 3)

    def test_non_public_data_is_deny(self):
        d = self.decide(dataset=merge(HEALTH, category="enterprise"))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 21, 2))

    def test_share_type_not_assessed_is_review(self):
        d = self.decide(dataset=merge(HEALTH, share_type=None, share_conditions=None))
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, (XJ, 33, 1))

    def test_secret_data_is_deny(self):
        d = self.decide(dataset=merge(HEALTH, secret="state"))
        self.assertEffect(d, "deny")
        # rules.md "Rules for every action": DSL Art. 53(1) (state secrets), NDSMR Art. 63, Art. 24(3)
        # for public data; Art. 25(3) is cited by the catalogue check only, whose error finding
        # (secret data in the public catalogue) joins as the fix to make, kept in a refusal
        self.assertCites(d.reasons, ("dsl", 53, 1), ("ndsmr", 63), (XJ, 24, 3))
        self.assertFalse(any(c.matches(XJ, 25, 3) for c in cites_of(d.reasons)))
        fix = [o for o in d.obligations if o.code == "catalogue.secret_in_public_catalogue"]
        self.assertEqual(len(fix), 1)
        self.assertEqual(fix[0].stage, "before")
        self.assertCites(fix, (XJ, 25, 3))

    def test_core_data_share_waits_for_approval(self):
        ds = merge(HEALTH, grade="core")
        d = self.decide(dataset=ds)
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, ("dsl", 21, 2))

    def test_emergency_data_after_the_emergency_is_deny_with_a_duty_to_destroy(self):
        ds = merge(HEALTH, emergency={"event": "2026-乌鲁木齐-暴雪", "ended": True})
        d = self.decide(merge(SHARE, purpose={"emergency_response": True}), ds)
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 31))
        self.assertCites(d.obligations, (XJ, 31))

    def test_embedded_dataset_equals_separate_dataset(self):
        a = self.decide()
        b = self.e.evaluate(dict(SHARE, dataset=HEALTH))
        c = self.e.evaluate(SHARE, xjdata.Dataset(HEALTH))
        for x in (b, c):
            self.assertEqual(x.effect, a.effect)
            self.assertEqual(x.codes, a.codes)
            self.assertEqual(cites_of(x.reasons), cites_of(a.reasons))

    def test_language(self):
        zh = self.decide()
        en = engine(lang="en").evaluate(SHARE, HEALTH)
        self.assertEqual(zh.codes, en.codes)
        self.assertEqual(en.reasons[0].text, en.reasons[0].text_en)
        self.assertEqual(zh.reasons[0].text, zh.reasons[0].text_zh)
        self.assertNotEqual(en.reasons[0].text, zh.reasons[0].text)

    def test_to_dict_is_the_decision_document(self):
        d = self.decide()
        doc = d.to_dict()
        self.assertEqual(doc["effect"], "review")
        self.assertEqual(doc["rulebook"], "xj-2025")
        self.assertIsInstance(doc["national_rules"], list)
        r = doc["reasons"][0]
        self.assertIn("code", r)
        self.assertIn("text", r)
        cite = r["cite"]
        self.assertEqual(set(cite) - {"law", "art", "para", "item", "para_to", "art_to"}, set())
        self.assertEqual(r["cites"][0], cite)
        self.assertIn({"law": XJ, "art": 34, "para": 2}, r["cites"])
        o = [o for o in doc["obligations"] if "due" in o][0]
        self.assertEqual(o["stage"], "before")
        self.assertEqual(o["due"], "2026-03-16")
        self.assertNotIn("record", doc)  # not signed: the engine has no key

    @requires("xjd_cite_render")
    def test_cite_rendering(self):
        c = xjdata.Cite(XJ, 34, 2)
        self.assertEqual(c.render("zh"), "《新疆维吾尔自治区数据条例》第三十四条第二款")
        self.assertEqual(c.render("en"), "Xinjiang Data Regulation, Art. 34 para. 2")
        self.assertEqual(str(xjdata.Cite(XJ, 42, 3, item=1)),
                         "《新疆维吾尔自治区数据条例》第四十二条第三款第（一）项")


@requires_family("all", "open")
class OpenTests(unittest.TestCase, DecisionAsserts):
    OPEN = merge(SHARE, action="open", share=None,
                 requester={"id": "acme", "kind": "legal_person", "state_organ": False},
                 open={"commitment_signed": True, "security_measures": "访问控制与审计", "risk_assessed": False})
    NO_PI = merge(HEALTH, personal_info=None, open_type="unconditional")

    @classmethod
    def setUpClass(cls):
        cls.e = engine()

    def test_unconditional_without_personal_information_is_permit(self):
        self.assertEffect(self.e.evaluate(self.OPEN, self.NO_PI), "permit")

    def test_not_open_is_deny(self):
        d = self.e.evaluate(self.OPEN, merge(self.NO_PI, open_type="none"))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 35, 3))

    def test_open_type_not_assessed_is_review(self):
        d = self.e.evaluate(self.OPEN, merge(self.NO_PI, open_type=None))
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, (XJ, 35, 4))

    def test_conditional_needs_a_complete_commitment_letter(self):
        ds = merge(self.NO_PI, open_type="conditional")
        d = self.e.evaluate(merge(self.OPEN, open={"commitment_signed": False}), ds)
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, (XJ, 36, 1))
        # commitment complete: still review until the provider authorises this applicant
        # (rules.md Open: conditional opening is by lawful authorisation to a specific one, Art. 35(3))
        d = self.e.evaluate(self.OPEN, ds)
        self.assertEffect(d, "review")
        self.assertCites([o for o in d.obligations if o.code == "open.provider_authorization"], (XJ, 35, 3))
        d = self.e.evaluate(merge(self.OPEN, open={"provider_authorized": True}), ds)
        self.assertEffect(d, "permit")
        self.assertCites([o for o in d.obligations if o.stage == "after"], (XJ, 36, 2))

    def test_important_data_cannot_open_unconditionally(self):
        d = self.e.evaluate(self.OPEN, merge(self.NO_PI, grade="important"))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 35, 3))

    def test_core_data_is_never_opened(self):
        d = self.e.evaluate(self.OPEN, merge(self.NO_PI, grade="core"))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 35, 3), ("dsl", 21, 2))

    def test_personal_information_not_anonymised_cannot_open_unconditionally(self):
        d = self.e.evaluate(self.OPEN, merge(HEALTH, open_type="unconditional"))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, ("pipl", 25))


ENTERPRISE = {
    "id": "acme-orders", "title": "订单数据", "category": "enterprise", "grade": "general", "secret": "none",
    "personal_info": {"individuals": 120000, "sensitive_individuals": 0, "deidentified": False,
                      "anonymized": False},
}
EXPORT = {
    "action": "export", "at": "2026-03-02T10:00:00+08:00",
    "requester": {"id": "acme", "kind": "legal_person", "ciio": False, "state_organ": False},
    "purpose": {"statutory_duty": False, "onward_transfer": False, "scenario": "跨境电商"},
    "export": {"destination": "KZ", "recipient": "Acme Almaty", "recipient_judicial": False,
               "judicial_approval": False, "individuals_ytd": 120000, "sensitive_individuals_ytd": 0,
               "exemption": "none", "legal_basis": "consent", "assessment": {"status": "none"},
               "within_assessed_scope": True, "standard_contract_filed": True, "certified": False,
               "separate_consent": True, "pia_done": True},
}


@requires_family("all", "export")
class ExportTests(unittest.TestCase, DecisionAsserts):
    @classmethod
    def setUpClass(cls):
        cls.e = engine()

    def test_standard_contract_range_with_contract_filed_is_permit(self):
        d = self.e.evaluate(EXPORT, ENTERPRISE)
        self.assertEffect(d, "permit")
        self.assertIn("cbdf-2024", d.national_rules)
        self.assertCites([o for o in d.obligations if o.stage == "after"], ("pipl", 56))

    def test_standard_contract_range_without_contract_is_review(self):
        d = self.e.evaluate(merge(EXPORT, export={"standard_contract_filed": False}), ENTERPRISE)
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, ("cbdf-2024", 8))

    def test_over_a_million_needs_a_security_assessment(self):
        req = merge(EXPORT, export={"individuals_ytd": 1200000})
        ds = merge(ENTERPRISE, personal_info={"individuals": 1200000})
        d = self.e.evaluate(req, ds)
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, ("cbdf-2024", 7))
        d = self.e.evaluate(merge(req, export={"assessment": {"status": "rejected"}}), ds)
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, ("cbdf-2024", 7))
        d = self.e.evaluate(merge(req, export={"assessment": {"status": "passed", "valid_until": "2027-05-01"},
                                               "within_assessed_scope": False}), ds)
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, ("ndsmr", 38))

    def test_foreign_judicial_recipient_without_approval_is_deny(self):
        d = self.e.evaluate(merge(EXPORT, export={"recipient_judicial": True}), ENTERPRISE)
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, ("pipl", 41), ("dsl", 36))

    def test_consent_basis_without_separate_consent_is_review(self):
        d = self.e.evaluate(merge(EXPORT, export={"separate_consent": False}), ENTERPRISE)
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, ("pipl", 39))

    def test_no_impact_assessment_is_review(self):
        d = self.e.evaluate(merge(EXPORT, export={"pia_done": False}), ENTERPRISE)
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, ("pipl", 55, 0, 4))

    def test_no_personal_information_nor_important_data_is_permit(self):
        ds = merge(ENTERPRISE, personal_info=None)
        req = merge(EXPORT, export={"individuals_ytd": 0, "standard_contract_filed": False})
        self.assertEffect(self.e.evaluate(req, ds), "permit")

    def test_missing_count_is_an_error_naming_it(self):
        req = merge(EXPORT)
        del req["export"]["individuals_ytd"]
        with self.assertRaises(xjdata.InputError) as cm:
            self.e.evaluate(req, ENTERPRISE)
        self.assertEqual(cm.exception.path, "export.individuals_ytd")


TRADE_DS = {"id": "acme-logistics", "category": "enterprise", "grade": "general", "secret": "none"}
TRADE = {
    "action": "trade", "at": "2026-03-02T10:00:00+08:00",
    "requester": {"id": "buyer-co", "kind": "legal_person"},
    "purpose": {"statutory_duty": False, "onward_transfer": False, "scenario": "物流优化"},
    "trade": {"venue": "exchange", "provider": {"id": "acme", "kind": "legal_person"},
              "rights_holder_authorized": True, "individual_authorization": True,
              "authorized_operation": False, "risk_assessed": False, "source_explained": True,
              "identities_verified": True, "endangers_security": False, "harms_public_interest": False,
              "infringes_privacy": False},
}


@requires_family("all", "trade")
class TradeTests(unittest.TestCase, DecisionAsserts):
    @classmethod
    def setUpClass(cls):
        cls.e = engine()

    def test_exchange_trade_is_permit_with_venue_duties_and_pricing(self):
        d = self.e.evaluate(TRADE, TRADE_DS)
        self.assertEffect(d, "permit")
        after = [o for o in d.obligations if o.stage == "after"]
        self.assertCites(after, (XJ, 42, 3), (XJ, 45))

    def test_direct_trade_is_allowed(self):
        d = self.e.evaluate(merge(TRADE, trade={"venue": "direct"}), TRADE_DS)
        self.assertEffect(d, "permit")
        self.assertCites(d.reasons + d.obligations, (XJ, 44))

    def test_prohibitions(self):
        for part, cite in (({"rights_holder_authorized": False}, (XJ, 43, 2, 2)),
                           ({"endangers_security": True}, (XJ, 43, 2, 1))):
            with self.subTest(part=part):
                d = self.e.evaluate(merge(TRADE, trade=part), TRADE_DS)
                self.assertEffect(d, "deny")
                self.assertCites(d.reasons, cite)

    def test_public_body_selling_public_data_outside_authorised_operation_is_deny(self):
        req = merge(TRADE, trade={"provider": {"id": "xj-dept", "kind": "public_body"}})
        d = self.e.evaluate(req, merge(TRADE_DS, category="public", source_department="某厅"))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 37))

    def test_unverified_source_on_an_exchange_is_review(self):
        d = self.e.evaluate(merge(TRADE, trade={"source_explained": False}), TRADE_DS)
        self.assertEffect(d, "review")
        self.assertCites(d.reasons + d.obligations, (XJ, 42, 3, 1))

    def test_core_data_trade_is_deny(self):
        d = self.e.evaluate(TRADE, merge(TRADE_DS, grade="core"))
        self.assertEffect(d, "deny")
        self.assertCites(d.reasons, (XJ, 43, 2, 3))


@requires_family("share", rulebook="xj-2024-draft")
class DraftTests(unittest.TestCase, DecisionAsserts):
    def test_data_not_on_the_platform_gets_a_reply_within_5_working_days(self):
        e = engine(rulebook="xj-2024-draft")
        d = e.evaluate(merge(SHARE, rulebook=None), merge(HEALTH, on_platform=False))
        self.assertEqual(d.rulebook, "xj-2024-draft")
        self.assertEffect(d, "review")
        due = [o for o in d.obligations if o.due is not None]
        self.assertEqual(due[0].due, datetime.date(2026, 3, 9))  # 3,4,5,6,9 March
        self.assertCites(d.reasons + d.obligations, (DRAFT, 32, 2))


def snapshot_fields(d):
    return (d.effect, d.rulebook, d.national_rules, d.reasons, d.obligations, d.warnings, d.record, d.at,
            d.record_id, d.issued_at, d.kid, d.prev_digest, d.verified, d.lang, d.request_cbor, d.dataset_cbor,
            d.request_digest, d.dataset_digest, d.to_dict())


@requires_family("all", "share", "open")
@unittest.skipIf(xjdata._fast is None, "the C accelerator is not in use")
class AcceleratorTests(unittest.TestCase):
    """The C path (engine.evaluate) and the pure-Python path (Engine.evaluate(engine, ...)) build
    the very same decisions, item by item, in both languages; errors alike."""

    def test_same_decisions(self):
        cases = [(SHARE, HEALTH), (merge(SHARE, share={"provider_decision": "refused", "refusal_reason": "理由"}), HEALTH),
                 (merge(SHARE, purpose={"statutory_duty": False, "onward_transfer": True}), HEALTH),
                 (merge(SHARE, at="2025-09-26T10:00:00+08:00", share={"received_at": "2025-09-26"}), HEALTH),
                 (dict(SHARE, dataset=HEALTH), None), (OpenTests.OPEN, OpenTests.NO_PI),
                 (SHARE, merge(HEALTH, secret="work", grade="core"))]
        for lang in ("zh", "en"):
            e = engine(lang=lang)
            for _ in range(3):  # the second and third calls run on the C path's caches
                for req, ds in cases:
                    with self.subTest(lang=lang, req=req.get("action")):
                        fast, pure = e.evaluate(req, ds), xjdata.Engine.evaluate(e, req, ds)
                        self.assertIsNot(type(e).evaluate, e.evaluate)
                        self.assertEqual(snapshot_fields(fast), snapshot_fields(pure))
                        self.assertEqual(repr(fast), repr(pure))
                        self.assertEqual(fast.at.tzinfo, datetime.timezone.utc)
            self.assertEqual(snapshot_fields(e.evaluate(SHARE, xjdata.Dataset(HEALTH))),
                             snapshot_fields(xjdata.Engine.evaluate(e, SHARE, xjdata.Dataset(HEALTH))))

    def test_same_errors(self):
        e = engine()
        bad = [(merge(SHARE, action="sell"), HEALTH), (SHARE, merge(HEALTH, grade="x")),
               (merge(SHARE, requester={"id": object()}), HEALTH), (SHARE, merge(HEALTH, share_conditions=[{1}])),
               ("not a dict", HEALTH), (SHARE, 5)]
        for req, ds in bad:
            with self.assertRaises(xjdata.InputError) as a:
                e.evaluate(req, ds)
            with self.assertRaises(xjdata.InputError) as b:
                xjdata.Engine.evaluate(e, req, ds)
            self.assertEqual((a.exception.path, a.exception.message, a.exception.code),
                             (b.exception.path, b.exception.message, b.exception.code))
        with self.assertRaises(TypeError):
            e.evaluate()
        with self.assertRaises(TypeError):
            e.evaluate(SHARE, HEALTH, signn=False)
        with self.assertRaises(xjdata.KeyFileError):
            e.evaluate(SHARE, HEALTH, sign=True)
        with self.assertRaises(xjdata.Error):
            e.evaluate(SHARE, HEALTH, prev_digest=b"short")
        self.assertEqual(e.evaluate(SHARE, dataset=HEALTH).effect, "review")


@requires("xjd_request_decode", "xjd_dataset_decode", "xjd_engine_new", "xjd_evaluate_ex")
class BadInputTests(unittest.TestCase):
    """Bad documents raise InputError naming the field; none of them crashes or decides."""

    @classmethod
    def setUpClass(cls):
        cls.e = engine()

    def assertPath(self, path, request, dataset=None):
        with self.assertRaises(xjdata.InputError) as cm:
            self.e.evaluate(request, dataset)
        self.assertEqual(cm.exception.path, path, str(cm.exception))
        self.assertIsInstance(cm.exception, xjdata.Error)
        self.assertTrue(cm.exception.message)

    def test_paths(self):
        self.assertPath("action", merge(SHARE, action="sell"), HEALTH)
        self.assertPath("action", merge(SHARE, action=None), HEALTH)
        self.assertPath("requester.kind", merge(SHARE, requester={"kind": "alien"}), HEALTH)
        self.assertPath("requester.ciio", merge(SHARE, requester={"ciio": "yes"}), HEALTH)
        self.assertPath("purpose.statutory_dutty", merge(SHARE, purpose={"statutory_dutty": True}), HEALTH)
        self.assertPath("share.received_at", merge(SHARE, share={"received_at": "2026-02-30"}), HEALTH)
        self.assertPath("dataset.share_type", SHARE, merge(HEALTH, share_type="sometimes"))
        self.assertPath("dataset.share_type", merge(SHARE, dataset=merge(HEALTH, share_type="sometimes")))
        self.assertPath("dataset.personal_info.individuals", SHARE,
                        merge(HEALTH, personal_info={"individuals": -5}))

    def test_python_values_without_a_cbor_form(self):
        self.assertPath("requester.id", merge(SHARE, requester={"id": object()}), HEALTH)
        self.assertPath("dataset.share_conditions[0]", SHARE, merge(HEALTH, share_conditions=[{1, 2}]))
        self.assertPath("", ["not", "a", "dict"], HEALTH)

    def test_dates_may_be_python_dates(self):
        req = merge(SHARE, share={"received_at": datetime.date(2026, 3, 2)},
                    at=datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
        self.assertEqual(self.e.evaluate(req, HEALTH).codes, self.e.evaluate(SHARE, HEALTH).codes)

    def test_unknown_rulebook_and_language(self):
        with self.assertRaises(xjdata.NotFoundError):
            xjdata.Engine(rulebook="xj-1999")
        with self.assertRaises(xjdata.Error):
            xjdata.Engine(lang="fr")

    def test_the_engine_still_works_after_errors(self):
        with self.assertRaises(xjdata.InputError):
            self.e.evaluate(merge(SHARE, action="sell"), HEALTH)
        self.assertIn(self.e.evaluate(SHARE, HEALTH).effect, ("permit", "review", "deny"))


if __name__ == "__main__":
    unittest.main()
