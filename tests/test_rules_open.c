/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_open — docs/rules.md "Open": Art. 35 (open types; conditional opening is by lawful
 * authorisation to a specific applicant, ¶3), Art. 36 (commitment letter and the applicant's
 * duties), NDSMR Art. 31 and 62(4) for important data (DSL Art. 30 and 21¶1 before 2025-01-01),
 * PIPL Art. 4, 23, 25, 29, 55, 73 for personal information, the catalogue conflict with the share
 * listing, the 2024 draft (Art. 34, 35, 59), and "A refusal says nothing in favour" for opening.
 * Expectations written from the articles; citations checked exactly.
 */
#include <string.h>

#include "testutil.h"
#include "tu_cites.h"

#define XJ "xj-data-2025"
#define DR "xj-data-2024-draft"

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

/* A conditional listing, and an applicant the provider authorised (Art. 35¶3). */
static void conditional(void)
{
    tu_ds(ds, "open_type", "conditional");
    tu_rb(req, "open.provider_authorized", true);
}

static void personal_info(int64_t individuals, int64_t sensitive)
{
    tu_di(ds, "personal_info.individuals", individuals);
    tu_di(ds, "personal_info.sensitive_individuals", sensitive);
    tu_db(ds, "personal_info.deidentified", true);
    tu_db(ds, "personal_info.anonymized", false);
}

/* The applicant's steps of a conditional opening (none stands on a refusal). */
static const char *const applicant_steps[] = { "open.commitment",         "open.commitment_missing",
                                                "open.provider_authorization", "open.separate_consent",
                                                "open.pia",               "open.risk_assessment",
                                                "open.important_risk_pending" };

/* Nothing in the decision contributes permit, and none of the applicant's steps is listed. */
static void nothing_in_favour(const xjd_decision *d)
{
    TU_EFFECT(d, XJD_DENY);
    for (size_t i = 0; i < xjd_decision_reason_count(d); i++)
        ck_assert_msg(xjd_decision_reason(d, i)->effect != XJD_PERMIT, "a permit reason %s",
                      xjd_decision_reason(d, i)->code);
    for (size_t i = 0; i < xjd_decision_obligation_count(d); i++) {
        const xjd_item *o = xjd_decision_obligation(d, i);
        ck_assert_msg(o->stage != XJD_STAGE_AFTER || strncmp(o->code, "all.emergency_", 14) == 0,
                      "an after-duty %s", o->code);
    }
    for (size_t k = 0; k < sizeof applicant_steps / sizeof applicant_steps[0]; k++)
        TU_NO(d, applicant_steps[k]);
}

/* Art. 35: the open procedure is for public data. */
START_TEST(not_public_denied)
{
    tu_ds(ds, "category", "personal");
    tu_ds(ds, "open_type", "conditional");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "open.not_public", XJD_DENY, XJ, 35, 0), "xj-data-2025 35");
    nothing_in_favour(d);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
}
END_TEST

/* Art. 35¶4: the institution assesses and assigns an open type: review, not an error. */
START_TEST(type_unassessed_review)
{
    tu_du(ds, "open_type");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "open.type_unassessed", XJD_REVIEW, XJ, 35, 4), "xj-data-2025 35¶4");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.assess_type", XJD_STAGE_BEFORE, XJ, 35, 4), "xj-data-2025 35¶4");
    TU_NO(d, "open.unconditional");
}
END_TEST

/* Art. 35¶3: the not-open kind, quoting the basis the listing gives. */
START_TEST(not_open_denied)
{
    tu_ds(ds, "open_type", "none");
    tu_ds(ds, "open_basis", "《传染病防治法》第三十八条");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "open.not_open", XJD_DENY, XJ, 35, 3);
    TU_CITES_EXACTLY(it, "xj-data-2025 35¶3");
    ck_assert_str_eq(it->detail, "《传染病防治法》第三十八条");
    TU_NO(d, "open.unconditional");
    nothing_in_favour(d);
}
END_TEST

/* Art. 35¶3; NDSMR Art. 62(4) (from 2025-01-01; before it DSL Art. 21¶1): important data is not
 * opened unconditionally; the catalogue conflict joins as a step and stays on the refusal. */
START_TEST(important_unconditional_denied)
{
    tu_ds(ds, "grade", "important");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "open.important_unconditional", XJD_DENY, XJ, 35, 3),
                     "xj-data-2025 35¶3; ndsmr 62(4)");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "catalogue.important_unconditional_open", XJD_STAGE_BEFORE, XJ, 35, 3),
                     "xj-data-2025 35¶3");
    TU_NATIONAL(d, "ndsmr", true);
    TU_NO(d, "open.unconditional");
    nothing_in_favour(d);
    /* 2025-02-03: the regional text is not in force, the NDSMR is */
    tu_rs(req, "at", "2025-02-03T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "open.important_unconditional", XJD_DENY, "ndsmr", 62, 0), "ndsmr 62(4)");
    /* 2024-06-03: DSL Art. 21¶1 covers the ground */
    tu_rs(req, "at", "2024-06-03T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "open.important_unconditional", XJD_DENY, "dsl", 21, 1), "dsl 21¶1");
    TU_NATIONAL(d, "ndsmr", false);
}
END_TEST

/* NDSMR Art. 31 (before 2025-01-01, DSL Art. 30): a risk assessment before important data is
 * provided; conditional opening waits for it. */
START_TEST(important_conditional_review_until_risk_assessed)
{
    conditional();
    tu_ds(ds, "grade", "important");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "open.important_risk_pending", XJD_REVIEW, "ndsmr", 31, 0), "ndsmr 31");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.risk_assessment", XJD_STAGE_BEFORE, "ndsmr", 31, 0), "ndsmr 31");
    TU_NO(d, "open.conditional");
    tu_rs(req, "at", "2024-06-03T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.risk_assessment", XJD_STAGE_BEFORE, "dsl", 30, 0), "dsl 30");
    tu_rs(req, "at", "2026-03-02T10:00:00+08:00");
    tu_rb(req, "open.risk_assessed", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "open.important_risk_pending");
    TU_NO(d, "open.risk_assessment");
    TU_REASON(d, "open.conditional", XJD_PERMIT, XJ, 36, 2);
}
END_TEST

/* Art. 35¶3; PIPL Art. 25, 4, 73(4): personal information that is not anonymised is not published
 * without the individuals' separate consent: no unconditional opening. */
START_TEST(personal_info_unconditional_denied)
{
    personal_info(52000, 52000);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "open.pi_unconditional", XJD_DENY, XJ, 35, 3),
                     "xj-data-2025 35¶3; pipl 25; pipl 4; pipl 73(4)");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "catalogue.pi_unconditional_open", XJD_STAGE_BEFORE, "pipl", 25, 0), "pipl 25");
    TU_NATIONAL(d, "pipl", true);
    nothing_in_favour(d);
    /* anonymised information is not personal information (PIPL Art. 4): it counts no one */
    tu_di(ds, "personal_info.individuals", 0);
    tu_di(ds, "personal_info.sensitive_individuals", 0);
    tu_db(ds, "personal_info.anonymized", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "open.pi_unconditional");
}
END_TEST

/* Art. 35¶2-3: other public data is unconditionally open, with no duty attached. */
START_TEST(unconditional_permit)
{
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_CITES_EXACTLY(TU_REASON(d, "open.unconditional", XJD_PERMIT, XJ, 35, 2), "xj-data-2025 35¶2-3");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
}
END_TEST

/* Art. 36¶1: conditional opening needs a signed commitment letter stating the application
 * scenario and the security measures. */
START_TEST(commitment_missing_review)
{
    conditional();
    tu_ru(req, "open.commitment_signed");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1), "xj-data-2025 36¶1");
    const xjd_item *o = TU_OBLIGATION(d, "open.commitment", XJD_STAGE_BEFORE, XJ, 36, 1);
    TU_CITES_EXACTLY(o, "xj-data-2025 36¶1");
    ck_assert_ptr_nonnull(strstr(o->text_en, "security measures"));
    /* signed, but no security measures stated */
    tu_rb(req, "open.commitment_signed", true);
    tu_ru(req, "open.security_measures");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1);
    /* signed, measures stated, but no application scenario */
    tu_rs(req, "open.security_measures", "访问控制");
    tu_rs(req, "purpose.scenario", "");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1);
    tu_rs(req, "purpose.scenario", "传染病监测");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_CITES_EXACTLY(TU_REASON(d, "open.conditional", XJD_PERMIT, XJ, 35, 3), "xj-data-2025 35¶3; xj-data-2025 36¶1; xj-data-2025 36¶2");
}
END_TEST

/* Blank text states nothing (fixed: a scenario or measures of spaces, an ideographic space or a
 * zero-width space signed a permit): the letter is incomplete, as when the field is absent. */
START_TEST(commitment_blank_text_review)
{
    static const char *const blanks[] = { " ", "   ", "\u3000", "\u00a0\u2003", "\u200b", "\ufeff \u3000" };
    conditional();
    for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        tu_rs(req, "purpose.scenario", blanks[i]);
        const xjd_decision *d = tu_eval(eng, req, ds);
        TU_EFFECT(d, XJD_REVIEW);
        TU_CITES_EXACTLY(TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1), "xj-data-2025 36¶1");
        TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.commitment", XJD_STAGE_BEFORE, XJ, 36, 1), "xj-data-2025 36¶1");
        TU_NO(d, "open.conditional");
        tu_rs(req, "purpose.scenario", "传染病监测");
        tu_rs(req, "open.security_measures", blanks[i]);
        d = tu_eval(eng, req, ds);
        TU_EFFECT(d, XJD_REVIEW);
        TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1);
        TU_NO(d, "open.conditional");
        tu_rs(req, "open.security_measures", "访问控制");
    }
    /* text around a blank states something */
    tu_rs(req, "purpose.scenario", "\u3000传染病监测 ");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
}
END_TEST

/* Art. 35¶3: conditional opening is opening by lawful authorisation to a specific person or
 * organisation: without the provider's authorisation of this applicant, review. */
START_TEST(provider_authorization_review)
{
    conditional();
    tu_ru(req, "open.provider_authorized");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.provider_authorization", XJD_STAGE_BEFORE, XJ, 35, 3),
                     "xj-data-2025 35¶3");
    TU_NO(d, "open.conditional");
    tu_rb(req, "open.provider_authorized", false);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "open.provider_authorization", XJD_STAGE_BEFORE, XJ, 35, 3);
}
END_TEST

/* PIPL Art. 23, 55(3): personal information opened under conditions needs the individuals'
 * separate consent and a prior impact assessment; sensitive information adds PIPL Art. 29 and
 * 55(1) — only then. */
START_TEST(personal_info_conditional_consent_and_pia)
{
    conditional();
    personal_info(52000, 0);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.separate_consent", XJD_STAGE_BEFORE, "pipl", 23, 0), "pipl 23");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.pia", XJD_STAGE_BEFORE, "pipl", 55, 0), "pipl 55(3)");
    TU_NO(d, "open.conditional");
    tu_di(ds, "personal_info.sensitive_individuals", 300);
    d = tu_eval(eng, req, ds);
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.separate_consent", XJD_STAGE_BEFORE, "pipl", 23, 0), "pipl 23; pipl 29");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.pia", XJD_STAGE_BEFORE, "pipl", 55, 0), "pipl 55(3); pipl 55(1)");
    /* each step on its own keeps the review */
    tu_rb(req, "open.separate_consent", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_NO(d, "open.separate_consent");
    TU_OBLIGATION(d, "open.pia", XJD_STAGE_BEFORE, "pipl", 55, 0);
    tu_rb(req, "open.separate_consent", false);
    tu_rb(req, "open.pia_done", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "open.separate_consent", XJD_STAGE_BEFORE, "pipl", 23, 0);
    TU_NO(d, "open.pia");
    tu_rb(req, "open.separate_consent", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "open.conditional", XJD_PERMIT, XJ, 35, 3);
}
END_TEST

/* Art. 35¶3, 36¶1, 36¶2: authorised, commitment complete, personal-information steps done: permit
 * with the applicant's after-duties of Art. 36¶2. */
START_TEST(conditional_complete_permit_with_duties)
{
    conditional();
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_CITES_EXACTLY(TU_REASON(d, "open.conditional", XJD_PERMIT, XJ, 36, 2),
                     "xj-data-2025 35¶3; xj-data-2025 36¶1; xj-data-2025 36¶2");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.use_within_scope", XJD_STAGE_AFTER, XJ, 36, 2), "xj-data-2025 36¶2");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.no_tampering", XJD_STAGE_AFTER, XJ, 36, 2), "xj-data-2025 36¶2");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.no_harm", XJD_STAGE_AFTER, XJ, 36, 2), "xj-data-2025 36¶2");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 3);
    TU_NO(d, "open.misuse_suspension"); /* a draft-only duty */
}
END_TEST

/* Draft Art. 35¶1: the applicant states the scenario and promises truthfulness, security and
 * compliance (open.commitment_signed); open.security_measures is not read (the statement of
 * measures is enacted Art. 36¶1's addition). Authorisation as in the enacted text (draft 34¶2);
 * misuse suspends, then terminates, access (draft Art. 59). */
START_TEST(draft_commitment_semantics)
{
    conditional();
    tu_ru(req, "open.security_measures");
    tu_rs(req, "rulebook", "xj-2024-draft");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    const xjd_item *it = TU_REASON(d, "open.conditional", XJD_PERMIT, DR, 35, 2);
    TU_CITES_EXACTLY(it, "xj-data-2024-draft 34¶2; xj-data-2024-draft 35¶1; xj-data-2024-draft 35¶2");
    ck_assert_ptr_null(strstr(it->text_en, "security measures"));
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.no_tampering", XJD_STAGE_AFTER, DR, 35, 2), "xj-data-2024-draft 35¶2");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.misuse_suspension", XJD_STAGE_AFTER, DR, 59, 0), "xj-data-2024-draft 59");
    /* the same request under the enacted text lacks the statement of measures */
    tu_rs(req, "rulebook", "xj-2025");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.commitment_missing", XJD_REVIEW, XJ, 36, 1);
    /* under the draft, the promise and the scenario are still needed */
    tu_rs(req, "rulebook", "xj-2024-draft");
    tu_rs(req, "purpose.scenario", "");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "open.commitment_missing", XJD_REVIEW, DR, 35, 1), "xj-data-2024-draft 35¶1");
    const xjd_item *o = TU_OBLIGATION(d, "open.commitment", XJD_STAGE_BEFORE, DR, 35, 1);
    ck_assert_ptr_nonnull(strstr(o->text_en, "truthfulness"));
    ck_assert_ptr_null(strstr(o->text_en, "security measures"));
    tu_rs(req, "purpose.scenario", "传染病监测");
    tu_rb(req, "open.commitment_signed", false);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "open.commitment_missing", XJD_REVIEW, DR, 35, 1);
    tu_rb(req, "open.commitment_signed", true);
    tu_rb(req, "open.provider_authorized", false);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "open.provider_authorization", XJD_STAGE_BEFORE, DR, 34, 2),
                     "xj-data-2024-draft 34¶2");
}
END_TEST

/* Art. 35¶3, 33¶2: data listed as not shared (barred even from public bodies) is not openable: the
 * catalogue conflict joins an opening as a before step (review). For a share it is a warning only:
 * a wrong open listing does not hold up sharing (Art. 33¶3). */
START_TEST(catalogue_conflict_share_none_open_listed)
{
    conditional();
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "share_basis", "《统计法》第三十九条");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *f = TU_OBLIGATION(d, "catalogue.not_shared_but_open", XJD_STAGE_BEFORE, XJ, 35, 3);
    TU_CITES_EXACTLY(f, "xj-data-2025 35¶3; xj-data-2025 33¶2");
    ck_assert_str_eq(f->detail, "dataset.open_type");
    TU_REASON(d, "open.conditional", XJD_PERMIT, XJ, 35, 3); /* nothing else holds it up */
    xjd_request *s = tu_request("share");
    d = tu_eval(eng, s, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.not_shared", XJD_DENY, XJ, 33, 1);
    TU_NO(d, "catalogue.not_shared_but_open");
    const xjd_item *w = tu_warning(d, "catalogue.not_shared_but_open");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->detail, "dataset.open_type");
    xjd_request_free(s);
}
END_TEST

/* "A refusal says nothing in favour": a refused opening of personal information carries none of
 * the applicant's steps (commitment, authorisation, consent, impact assessment) and no after-duty
 * but the standing emergency duty (Art. 31, second sentence). */
START_TEST(refusal_lists_no_applicant_steps)
{
    tu_ds(ds, "open_type", "conditional");
    personal_info(52000, 300);
    tu_ru(req, "open.commitment_signed");
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", false);
    tu_ds(ds, "emergency.purpose", "道路抢通调度");
    const xjd_decision *d = tu_eval(eng, req, ds); /* not for the emergency: unrelated use */
    TU_REASON(d, "all.emergency_unrelated", XJD_DENY, XJ, 31, 0);
    TU_OBLIGATION(d, "all.emergency_confidentiality", XJD_STAGE_AFTER, XJ, 31, 0);
    nothing_in_favour(d);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 1);
    /* the same opening for the emergency: every step is listed */
    tu_rb(req, "purpose.emergency_response", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "open.commitment", XJD_STAGE_BEFORE, XJ, 36, 1);
    TU_OBLIGATION(d, "open.provider_authorization", XJD_STAGE_BEFORE, XJ, 35, 3);
    TU_OBLIGATION(d, "open.separate_consent", XJD_STAGE_BEFORE, "pipl", 29, 0);
    TU_OBLIGATION(d, "open.pia", XJD_STAGE_BEFORE, "pipl", 55, 0);
}
END_TEST

/* Art. 56¶1; DSL Art. 21: an unassessed grade is review (the catalogue's missing-grade step), not
 * bad input; a conditional opening of data that may be important waits for the risk assessment
 * (NDSMR Art. 31), as export and trade do. */
START_TEST(grade_unassessed_review)
{
    tu_du(ds, "grade");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "catalogue.missing_grade", XJD_STAGE_BEFORE, XJ, 56, 1);
    TU_NO(d, "open.important_unconditional");
    conditional();
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "open.risk_assessment", XJD_STAGE_BEFORE, "ndsmr", 31, 0);
}
END_TEST

/* Art. 31: emergency data listed for unconditional opening, opened to a company whose request says
 * it serves the emergency (fixed: review finding f7, permit open.unconditional). The listing hands
 * the data to anyone for any purpose, which one requester's flag cannot bind: the catalogue error
 * joins as the step (review), citing Art. 31. Not for the emergency: deny, the step kept. Listed
 * conditionally: the conditional steps only. Under the draft (Art. 30¶1 excepts lawful opening):
 * permit, as before. */
START_TEST(emergency_unconditional_listing_review)
{
    tu_rs(req, "requester.kind", "legal_person");
    tu_rb(req, "purpose.emergency_response", true);
    tu_rs(req, "purpose.scenario", "公交到站查询");
    tu_ds(ds, "emergency.event", "暴雪");
    tu_db(ds, "emergency.ended", false);
    tu_ds(ds, "emergency.purpose", "受灾群众安置");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *f = TU_OBLIGATION(d, "catalogue.emergency_unconditional_open", XJD_STAGE_BEFORE, XJ, 31, 0);
    TU_CITES_EXACTLY(f, "xj-data-2025 31");
    ck_assert_str_eq(f->detail, "dataset.open_type");
    TU_NO(d, "catalogue.emergency_unconditional_share"); /* the share listing: a warning here */
    ck_assert_ptr_nonnull(tu_warning(d, "catalogue.emergency_unconditional_share"));
    TU_OBLIGATION(d, "all.emergency_within_purpose", XJD_STAGE_AFTER, XJ, 31, 0);
    /* not for the emergency: refused, and the catalogue fix stays */
    tu_rb(req, "purpose.emergency_response", false);
    d = tu_eval(eng, req, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "all.emergency_unrelated", XJD_DENY, XJ, 31, 0), "xj-data-2025 31");
    TU_OBLIGATION(d, "catalogue.emergency_unconditional_open", XJD_STAGE_BEFORE, XJ, 31, 0);
    nothing_in_favour(d);
    /* listed conditionally: no catalogue step, the conditional opening's own steps decide */
    tu_rb(req, "purpose.emergency_response", true);
    conditional();
    tu_rb(req, "open.commitment_signed", true);
    tu_rs(req, "open.security_measures", "访问控制与日志审计");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "catalogue.emergency_unconditional_open");
    TU_REASON(d, "open.conditional", XJD_PERMIT, XJ, 35, 3);
    /* the draft: lawful opening is excepted from the ban on provision (draft Art. 30¶1) */
    tu_ds(ds, "open_type", "unconditional");
    tu_rs(req, "rulebook", "xj-2024-draft");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "catalogue.emergency_unconditional_open");
    ck_assert_ptr_null(tu_warning(d, "catalogue.emergency_unconditional_share"));
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
    tcase_add_test(tc, commitment_blank_text_review);
    tcase_add_test(tc, provider_authorization_review);
    tcase_add_test(tc, personal_info_conditional_consent_and_pia);
    tcase_add_test(tc, conditional_complete_permit_with_duties);
    tcase_add_test(tc, draft_commitment_semantics);
    tcase_add_test(tc, catalogue_conflict_share_none_open_listed);
    tcase_add_test(tc, refusal_lists_no_applicant_steps);
    tcase_add_test(tc, grade_unassessed_review);
    tcase_add_test(tc, emergency_unconditional_listing_review);
}

int main(void) { return tu_run("rules_open", add); }
