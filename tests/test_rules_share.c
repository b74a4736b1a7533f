/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_share — docs/rules.md "Family: share", one test or more per row, expectations from the
 * enacted text (Art. 21¶2, 33, 34) worked out by hand.
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
    req = tu_request("share");
    ds = tu_dataset();
}

static void teardown(void)
{
    xjd_request_free(req);
    xjd_dataset_free(ds);
    xjd_engine_free(eng);
}

static void conditional(void)
{
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    tu_dadd(ds, "share_conditions", "不得用于商业目的");
}

/* Art. 34¶1: unconditional data obtained directly, with the three after-duties. */
START_TEST(unconditional_permit_with_after_duties)
{
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "share.unconditional", XJD_PERMIT, XJ, 34, 1);
    TU_OBLIGATION(d, "share.use_within_duties", XJD_STAGE_AFTER, XJ, 34, 1);
    TU_OBLIGATION(d, "share.no_third_party", XJD_STAGE_AFTER, XJ, 34, 1);
    TU_OBLIGATION(d, "share.no_other_purpose", XJD_STAGE_AFTER, XJ, 34, 1);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_str_eq(xjd_decision_rulebook(d), "xj-2025");
    ck_assert_uint_eq(xjd_decision_national_count(d), 0); /* only the regional text was cited */
}
END_TEST

/* Art. 21¶2 defines public data; Art. 33 classifies public data for sharing. */
START_TEST(not_public_data_denied)
{
    tu_ds(ds, "category", "enterprise");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "share.not_public", XJD_DENY, XJ, 21, 2);
    ck_assert(tu_cites(it, XJ, 33, 0));
}
END_TEST

/* Art. 33¶3: sharing is between public management and service institutions. */
START_TEST(requester_not_public_body_denied)
{
    tu_rs(req, "requester.kind", "legal_person");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.not_public_body", XJD_DENY, XJ, 33, 3);
    /* every reason is reported: the permit reason of the data itself stays visible */
    TU_REASON(d, "share.unconditional", XJD_PERMIT, XJ, 34, 1);
}
END_TEST

/* Art. 24¶2: central agencies stationed in the region share by reference. */
START_TEST(central_agency_shares_like_a_public_body)
{
    tu_rs(req, "requester.kind", "central_agency");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "share.not_public_body");
}
END_TEST

/* Art. 33¶1: the provider must assess and assign a share type; not bad input. */
START_TEST(type_unassessed_is_review)
{
    tu_du(ds, "share_type");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "share.type_unassessed", XJD_REVIEW, XJ, 33, 1);
    TU_OBLIGATION(d, "share.assess_type", XJD_STAGE_BEFORE, XJ, 33, 1);
    TU_NO(d, "share.unconditional");
}
END_TEST

/* Art. 33¶1–2: not shared, quoting the basis. */
START_TEST(not_shared_quotes_basis)
{
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "share_basis", "《传染病防治法》第三十八条");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "share.not_shared", XJD_DENY, XJ, 33, 1);
    ck_assert_int_eq(it->cites[0].para_to, 2);
    ck_assert_str_eq(it->detail, "《传染病防治法》第三十八条");
    TU_NO(d, "share.catalogue_no_basis");
    TU_NO(d, "share.use_within_duties");
}
END_TEST

/* Art. 33¶2: a not-shared listing must give its legal basis; its absence is a defect. */
START_TEST(not_shared_without_basis_reports_defect)
{
    tu_ds(ds, "share_type", "none");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.not_shared", XJD_DENY, XJ, 33, 1);
    TU_REASON(d, "share.catalogue_no_basis", XJD_DENY, XJ, 33, 2);
    ck_assert_ptr_null(tu_reason(d, "share.not_shared")->detail);
}
END_TEST

/* Art. 34¶1: within statutory duties or public service only. */
START_TEST(outside_duty_denied)
{
    tu_rb(req, "purpose.statutory_duty", false);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.outside_duty", XJD_DENY, XJ, 34, 1);
}
END_TEST

/* Art. 34¶1: not to a third party in any form. */
START_TEST(onward_transfer_denied)
{
    tu_rb(req, "purpose.onward_transfer", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
}
END_TEST

/* Art. 34¶1 last sentence: access terminated after use beyond duties. */
START_TEST(access_terminated_denied)
{
    tu_rb(req, "requester.access_terminated", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.access_terminated", XJD_DENY, XJ, 34, 1);
}
END_TEST

/* Several prohibitions at once: all are reported. */
START_TEST(all_reasons_reported)
{
    tu_rb(req, "purpose.statutory_duty", false);
    tu_rb(req, "purpose.onward_transfer", true);
    tu_rb(req, "requester.access_terminated", true);
    tu_rs(req, "requester.kind", "natural_person");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.not_public_body", XJD_DENY, XJ, 33, 3);
    TU_REASON(d, "share.outside_duty", XJD_DENY, XJ, 34, 1);
    TU_REASON(d, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
    TU_REASON(d, "share.access_terminated", XJD_DENY, XJ, 34, 1);
}
END_TEST

/* Art. 33¶2, 34¶2: pending conditional share; 2026-03-02 (Mon) + 10 working days = 2026-03-16,
 * exact (2026 is covered by both calendar layers). Received Mon 2027-03-01, a year no layer has:
 * Mon–Fri, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15 -> 2027-03-15, estimated, and a warning says so. */
START_TEST(conditional_pending_due_2026_and_2027_estimated)
{
    conditional();
    tu_rs(req, "share.received_at", "2026-03-02");
    tu_rs(req, "share.provider_decision", "pending");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *r = TU_REASON(d, "share.conditional_pending", XJD_REVIEW, XJ, 34, 2);
    ck_assert(tu_cites(r, XJ, 33, 2));
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.year, 2026);
    ck_assert_int_eq(o->due.month, 3);
    ck_assert_int_eq(o->due.day, 16);
    ck_assert(!o->due_estimated);
    ck_assert_ptr_null(tu_warning(d, "calendar.estimated"));
    /* one obligation per share condition, quoting it */
    ck_assert_uint_eq(tu_count(d, "share.condition_to_meet"), 2);
    const xjd_item *c1 = TU_OBLIGATION(d, "share.condition_to_meet", XJD_STAGE_BEFORE, XJ, 33, 2);
    ck_assert_str_eq(c1->detail, "仅用于疾病防控");
    TU_NO(d, "share.use_within_duties");
    tu_rs(req, "share.received_at", "2027-03-01");
    d = tu_eval(eng, req, ds);
    o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.year, 2027);
    ck_assert_int_eq(o->due.month, 3);
    ck_assert_int_eq(o->due.day, 15);
    ck_assert(o->due_estimated);
    ck_assert_ptr_nonnull(tu_warning(d, "calendar.estimated"));
}
END_TEST

/* No received_at and no provider_decision: counted from the request date (2026-03-02 CST). */
START_TEST(conditional_pending_counts_from_request_date)
{
    conditional();
    tu_rs(req, "at", "2026-03-01T20:00:00Z"); /* 2026-03-02 04:00 in China Standard Time */
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.month, 3);
    ck_assert_int_eq(o->due.day, 16);
}
END_TEST

/* Received Fri 2025-09-26: Sun 09-28 is a make-up working day (1), 09-29 (2), 09-30 (3),
 * 10-01..10-08 holiday, 10-09 (4), 10-10 (5), Sat 10-11 make-up (6), 10-13..10-16 (7..10). */
START_TEST(conditional_pending_across_national_day_2025)
{
    conditional();
    tu_rs(req, "at", "2025-09-28T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2025-09-26");
    const xjd_decision *d = tu_eval(eng, req, ds);
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.year, 2025);
    ck_assert_int_eq(o->due.month, 10);
    ck_assert_int_eq(o->due.day, 16);
    ck_assert(!o->due_estimated);
    ck_assert_ptr_null(tu_warning(d, "calendar.estimated"));
}
END_TEST

/* Received Wed 2025-06-04: 06-05 (1); 古尔邦节 06-06..06-10 (regional); 06-11..06-13 (2..4);
 * 06-16..06-20 (5..9); 06-23 (10). */
START_TEST(conditional_pending_across_eid_2025)
{
    conditional();
    tu_rs(req, "at", "2025-06-04T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2025-06-04");
    const xjd_decision *d = tu_eval(eng, req, ds);
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.year, 2025);
    ck_assert_int_eq(o->due.month, 6);
    ck_assert_int_eq(o->due.day, 23);
    ck_assert(!o->due_estimated);
}
END_TEST

/* Art. 34¶2: refusal denies, quoting the reason. */
START_TEST(refused_quotes_reason)
{
    conditional();
    tu_rs(req, "share.provider_decision", "refused");
    tu_rs(req, "share.refusal_reason", "申请用途与共享条件不符");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "share.refused", XJD_DENY, XJ, 34, 2);
    ck_assert_str_eq(it->detail, "申请用途与共享条件不符");
    TU_NO(d, "share.refusal_without_reason");
    TU_NO(d, "share.provider_reply");
}
END_TEST

/* Art. 34¶2: "不同意共享的，应当说明理由" — a refusal without one is a defect. */
START_TEST(refused_without_reason_reports_defect)
{
    conditional();
    tu_rs(req, "share.provider_decision", "refused");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.refused", XJD_DENY, XJ, 34, 2);
    TU_REASON(d, "share.refusal_without_reason", XJD_DENY, XJ, 34, 2);
}
END_TEST

/* Art. 33¶2, Art. 34: approved, conditions met: permit with the after-duties and the conditions. */
START_TEST(conditional_approved_conditions_met_permit)
{
    conditional();
    tu_rs(req, "share.provider_decision", "approved");
    tu_rb(req, "share.conditions_met", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    const xjd_item *r = TU_REASON(d, "share.conditional_approved", XJD_PERMIT, XJ, 33, 2);
    ck_assert(tu_cites(r, XJ, 34, 0));
    TU_OBLIGATION(d, "share.use_within_duties", XJD_STAGE_AFTER, XJ, 34, 1);
    TU_OBLIGATION(d, "share.no_third_party", XJD_STAGE_AFTER, XJ, 34, 1);
    TU_OBLIGATION(d, "share.no_other_purpose", XJD_STAGE_AFTER, XJ, 34, 1);
    ck_assert_uint_eq(tu_count(d, "share.condition"), 2);
    const xjd_item *c = TU_OBLIGATION(d, "share.condition", XJD_STAGE_AFTER, XJ, 33, 2);
    ck_assert_str_eq(c->detail, "仅用于疾病防控");
    TU_NO(d, "share.condition_to_meet");
}
END_TEST

/* Silent on approval without conditions_met: fail closed, review. */
START_TEST(conditional_approved_conditions_unknown_review)
{
    conditional();
    tu_rs(req, "share.provider_decision", "approved");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "share.conditions_unmet", XJD_REVIEW, XJ, 33, 2);
    ck_assert_uint_eq(tu_count(d, "share.condition_to_meet"), 2);
    tu_rb(req, "share.conditions_met", false);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_NO(d, "share.conditional_approved");
}
END_TEST

/* Fields the share rules need are errors naming the path, not silent defaults. */
START_TEST(missing_fields_are_errors)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    tu_ru(req, "purpose.statutory_duty");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "purpose.statutory_duty");
    ck_assert_int_ne(xjd_decision_effect(d), XJD_PERMIT);
    tu_rb(req, "purpose.statutory_duty", true);
    tu_du(ds, "category");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.category");
    tu_ds(ds, "category", "public");
    tu_ru(req, "requester.kind");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "requester.kind");
    xjd_decision_free(d);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, unconditional_permit_with_after_duties);
    tcase_add_test(tc, not_public_data_denied);
    tcase_add_test(tc, requester_not_public_body_denied);
    tcase_add_test(tc, central_agency_shares_like_a_public_body);
    tcase_add_test(tc, type_unassessed_is_review);
    tcase_add_test(tc, not_shared_quotes_basis);
    tcase_add_test(tc, not_shared_without_basis_reports_defect);
    tcase_add_test(tc, outside_duty_denied);
    tcase_add_test(tc, onward_transfer_denied);
    tcase_add_test(tc, access_terminated_denied);
    tcase_add_test(tc, all_reasons_reported);
    tcase_add_test(tc, conditional_pending_due_2026_and_2027_estimated);
    tcase_add_test(tc, conditional_pending_counts_from_request_date);
    tcase_add_test(tc, conditional_pending_across_national_day_2025);
    tcase_add_test(tc, conditional_pending_across_eid_2025);
    tcase_add_test(tc, refused_quotes_reason);
    tcase_add_test(tc, refused_without_reason_reports_defect);
    tcase_add_test(tc, conditional_approved_conditions_met_permit);
    tcase_add_test(tc, conditional_approved_conditions_unknown_review);
    tcase_add_test(tc, missing_fields_are_errors);
}

int main(void) { return tu_run("rules_share", add); }
