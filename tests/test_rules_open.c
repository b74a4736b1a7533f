/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_open — docs/rules.md "Family: open": Art. 35 (open types), Art. 36 (commitment letter and the
 * applicant's duties), NDSMR Art. 31 and 62(4) for important data, PIPL Art. 25/4/73 for
 * personal information. Expectations written from the articles.
 */
#include <string.h>

#include "testutil.h"

#define XJ "xj-data-2025"

static xjd_engine *eng;
static xjd_request *req;
static xjd_dataset *ds;

static void setup(void)
{
    eng = tu_engine(NULL);
    req = tu_request("open");
    ds = tu_dataset();
}

static void teardown(void)
{
    xjd_request_free(req);
    xjd_dataset_free(ds);
    xjd_engine_free(eng);
}

/* Art. 35: the open procedure is for public data. */
START_TEST(not_public_denied)
{
    tu_ds(ds, "category", "personal");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "open.not_public", XJD_DENY, XJ, 35, 0);
}
END_TEST

/* Art. 35¶4: the institution assesses and assigns an open type: review, not an error. */
START_TEST(type_unassessed_review)
{
    tu_du(ds, "open_type");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.type_unassessed", XJD_REVIEW, XJ, 35, 4);
    TU_OBLIGATION(d, "open.assess_type", XJD_STAGE_BEFORE, XJ, 35, 4);
}
END_TEST

/* Art. 35¶3: not-open kind. */
START_TEST(not_open_denied)
{
    tu_ds(ds, "open_type", "none");
    tu_ds(ds, "open_basis", "《传染病防治法》第三十八条");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "open.not_open", XJD_DENY, XJ, 35, 3);
    ck_assert_str_eq(it->detail, "《传染病防治法》第三十八条");
    TU_NO(d, "open.unconditional");
}
END_TEST

/* Art. 35¶3; NDSMR Art. 62(4): important data not unconditionally open. */
START_TEST(important_unconditional_denied)
{
    tu_ds(ds, "grade", "important");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "open.important_unconditional", XJD_DENY, XJ, 35, 3);
    ck_assert(tu_cites_item(it, "ndsmr", 62, 0, 4));
    TU_NATIONAL(d, "ndsmr", true);
}
END_TEST

/* NDSMR Art. 31: risk assessment before providing important data. */
START_TEST(important_conditional_review_until_risk_assessed)
{
    tu_ds(ds, "grade", "important");
    tu_ds(ds, "open_type", "conditional");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.important_risk_pending", XJD_REVIEW, "ndsmr", 31, 0);
    TU_OBLIGATION(d, "open.risk_assessment", XJD_STAGE_BEFORE, "ndsmr", 31, 0);
    tu_rb(req, "open.risk_assessed", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "open.important_risk_pending");
    TU_REASON(d, "open.conditional", XJD_PERMIT, XJ, 36, 2);
}
END_TEST

/* Art. 35¶3; PIPL Art. 25, 4, 73(4): personal information not anonymised is not published. */
START_TEST(personal_info_unconditional_denied)
{
    tu_di(ds, "personal_info.individuals", 52000);
    tu_di(ds, "personal_info.sensitive_individuals", 52000);
    tu_db(ds, "personal_info.deidentified", true);
    tu_db(ds, "personal_info.anonymized", false);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "open.pi_unconditional", XJD_DENY, XJ, 35, 3);
    ck_assert(tu_cites(it, "pipl", 25, 0));
    ck_assert(tu_cites(it, "pipl", 4, 0));
    ck_assert(tu_cites_item(it, "pipl", 73, 0, 4));
    TU_NATIONAL(d, "pipl", true);
    /* anonymised information is not personal information (PIPL Art. 4) */
    tu_db(ds, "personal_info.anonymized", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "open.pi_unconditional");
}
END_TEST

/* Art. 35¶2–3: other public data is unconditionally open. */
START_TEST(unconditional_permit)
{
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    const xjd_item *it = TU_REASON(d, "open.unconditional", XJD_PERMIT, XJ, 35, 2);
    ck_assert_int_eq(it->cites[0].para_to, 3);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
}
END_TEST

/* Art. 36¶1: conditional opening needs a signed commitment letter with scenario and measures. */
START_TEST(commitment_missing_review)
{
    tu_ds(ds, "open_type", "conditional");
    tu_ru(req, "open.commitment_signed");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1);
    TU_OBLIGATION(d, "open.commitment", XJD_STAGE_BEFORE, XJ, 36, 1);
    /* signed, but no security measures stated */
    tu_rb(req, "open.commitment_signed", true);
    tu_ru(req, "open.security_measures");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1);
    /* signed, measures stated, but no application scenario */
    tu_rs(req, "open.security_measures", "访问控制");
    tu_ru(req, "purpose.scenario");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1);
}
END_TEST

/* Art. 36¶2: permit with the applicant's duties. */
START_TEST(conditional_complete_permit_with_duties)
{
    tu_ds(ds, "open_type", "conditional");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    const xjd_item *it = TU_REASON(d, "open.conditional", XJD_PERMIT, XJ, 36, 2);
    ck_assert(tu_cites(it, XJ, 36, 1));
    TU_OBLIGATION(d, "open.use_within_scope", XJD_STAGE_AFTER, XJ, 36, 2);
    TU_OBLIGATION(d, "open.no_tampering", XJD_STAGE_AFTER, XJ, 36, 2);
    TU_OBLIGATION(d, "open.no_harm", XJD_STAGE_AFTER, XJ, 36, 2);
    TU_NO(d, "open.misuse_suspension"); /* a draft-only duty */
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, not_public_denied);
    tcase_add_test(tc, type_unassessed_review);
    tcase_add_test(tc, not_open_denied);
    tcase_add_test(tc, important_unconditional_denied);
    tcase_add_test(tc, important_conditional_review_until_risk_assessed);
    tcase_add_test(tc, personal_info_unconditional_denied);
    tcase_add_test(tc, unconditional_permit);
    tcase_add_test(tc, commitment_missing_review);
    tcase_add_test(tc, conditional_complete_permit_with_duties);
}

int main(void) { return tu_run("rules_open", add); }
