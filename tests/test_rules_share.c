/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_share — docs/rules.md "Share", one test or more per row, expectations from the enacted
 * text (Art. 21¶2, 24¶1, 33, 34, 61(2), 64) and the 2024 draft (Art. 31, 32, 60(1)) worked out by
 * hand, with exact citations and due dates, and "A refusal says nothing in favour" for sharing.
 * Working days: docs/national-rules.md (2025: May 1-5 off, Apr 27 worked; 2026 regional 肉孜节 Mar
 * 20-22 and 古尔邦节 May 27-31, from a secondary source: calendar.unconfirmed).
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

/* The three after-duties of Art. 34¶1 are absent (a refused or waiting share has none). */
static void no_after_duties(const xjd_decision *d)
{
    TU_NO(d, "share.use_within_duties");
    TU_NO(d, "share.no_third_party");
    TU_NO(d, "share.no_other_purpose");
    TU_NO(d, "share.condition");
}

/* Nothing in the decision contributes permit (docs/rules.md "A refusal says nothing in favour"). */
static void nothing_in_favour(const xjd_decision *d)
{
    for (size_t i = 0; i < xjd_decision_reason_count(d); i++)
        ck_assert_msg(xjd_decision_reason(d, i)->effect != XJD_PERMIT, "a permit reason %s",
                      xjd_decision_reason(d, i)->code);
    for (size_t i = 0; i < xjd_decision_obligation_count(d); i++)
        ck_assert_msg(xjd_decision_obligation(d, i)->stage != XJD_STAGE_AFTER, "an after-duty %s",
                      xjd_decision_obligation(d, i)->code);
}

/* Art. 34¶1: unconditional data obtained directly through the platform, with the three
 * after-duties (within duties, no third party, no other purpose). */
START_TEST(unconditional_permit_with_after_duties)
{
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_CITES_EXACTLY(TU_REASON(d, "share.unconditional", XJD_PERMIT, XJ, 34, 1), "xj-data-2025 34¶1");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.use_within_duties", XJD_STAGE_AFTER, XJ, 34, 1), "xj-data-2025 34¶1");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.no_third_party", XJD_STAGE_AFTER, XJ, 34, 1), "xj-data-2025 34¶1");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.no_other_purpose", XJD_STAGE_AFTER, XJ, 34, 1), "xj-data-2025 34¶1");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 3);
    ck_assert_uint_eq(xjd_decision_warning_count(d), 0);
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
    TU_CITES_EXACTLY(TU_REASON(d, "share.not_public", XJD_DENY, XJ, 21, 2), "xj-data-2025 21¶2; xj-data-2025 33");
    nothing_in_favour(d);
}
END_TEST

/* Art. 33¶3: sharing is between public management and service institutions. The refusal carries
 * nothing in favour: not the permit reason of the listing, nor the after-duties. */
START_TEST(requester_not_public_body_denied)
{
    tu_rs(req, "requester.kind", "legal_person");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "share.not_public_body", XJD_DENY, XJ, 33, 3), "xj-data-2025 33¶3");
    TU_NO(d, "share.unconditional");
    no_after_duties(d);
    nothing_in_favour(d);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
}
END_TEST

/* Art. 24¶2: central agencies stationed in the region share by reference (a central state organ:
 * state_organ true or absent). */
START_TEST(central_agency_shares_like_a_public_body)
{
    tu_rs(req, "requester.kind", "central_agency");
    tu_rb(req, "requester.state_organ", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "share.not_public_body");
    tu_ru(req, "requester.state_organ");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
}
END_TEST

/* Art. 33¶1: the provider must assess and assign a share type; not bad input. The assessment
 * binds the provider and stays on a refusal. */
START_TEST(type_unassessed_is_review)
{
    tu_du(ds, "share_type");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.type_unassessed", XJD_REVIEW, XJ, 33, 1), "xj-data-2025 33¶1");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.assess_type", XJD_STAGE_BEFORE, XJ, 33, 1), "xj-data-2025 33¶1");
    TU_NO(d, "share.unconditional");
    no_after_duties(d);
    tu_rb(req, "purpose.onward_transfer", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_OBLIGATION(d, "share.assess_type", XJD_STAGE_BEFORE, XJ, 33, 1);
    TU_NO(d, "share.type_unassessed");
}
END_TEST

/* Art. 33¶1-2: not shared, resting on the basis the listing gives, which is quoted. */
START_TEST(not_shared_with_basis_denied)
{
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "share_basis", "《传染病防治法》第三十八条");
    tu_ds(ds, "open_type", "none");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "share.not_shared", XJD_DENY, XJ, 33, 1);
    TU_CITES_EXACTLY(it, "xj-data-2025 33¶1-2");
    ck_assert_str_eq(it->detail, "《传染病防治法》第三十八条");
    TU_NO(d, "share.catalogue_no_basis");
    TU_NO(d, "catalogue.not_shared_without_basis");
    no_after_duties(d);
    nothing_in_favour(d);
}
END_TEST

/* Art. 33¶2-3: a not-shared listing that gives no legal basis does not meet Art. 33¶2 and cannot
 * ground a refusal where sharing is the principle: review, not deny; the catalogue error joins as
 * the step (state the basis, Art. 33¶2). */
START_TEST(not_shared_without_basis_review)
{
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "open_type", "none");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.catalogue_no_basis", XJD_REVIEW, XJ, 33, 2), "xj-data-2025 33¶2-3");
    const xjd_item *f = TU_OBLIGATION(d, "catalogue.not_shared_without_basis", XJD_STAGE_BEFORE, XJ, 33, 2);
    TU_CITES_EXACTLY(f, "xj-data-2025 33¶2");
    ck_assert_str_eq(f->detail, "dataset.share_basis");
    TU_NO(d, "share.not_shared");
    no_after_duties(d);
    /* the catalogue fix binds the provider whatever is decided: it stays on a refusal */
    tu_rb(req, "purpose.statutory_duty", false);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_OBLIGATION(d, "catalogue.not_shared_without_basis", XJD_STAGE_BEFORE, XJ, 33, 2);
    TU_NO(d, "share.catalogue_no_basis");
    /* a basis of blanks states none (fixed: " " read as a stated basis gave share.not_shared, deny) */
    tu_rb(req, "purpose.statutory_duty", true);
    tu_ds(ds, "share_basis", "\u3000 ");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.catalogue_no_basis", XJD_REVIEW, XJ, 33, 2), "xj-data-2025 33¶2-3");
    f = TU_OBLIGATION(d, "catalogue.not_shared_without_basis", XJD_STAGE_BEFORE, XJ, 33, 2);
    ck_assert_str_eq(f->detail, "dataset.share_basis");
    TU_NO(d, "share.not_shared");
}
END_TEST

/* Art. 34¶1: within statutory duties or public service only; no third party; access terminated
 * after use beyond duties (last sentence). Each a refusal with nothing in favour. */
START_TEST(article_34_prohibitions_denied)
{
    static const char *const fields[] = { "purpose.statutory_duty", "purpose.onward_transfer",
                                          "requester.access_terminated" };
    static const char *const codes[] = { "share.outside_duty", "share.onward_transfer", "share.access_terminated" };
    static const bool values[] = { false, true, true };
    for (int i = 0; i < 3; i++) {
        xjd_request *r = tu_request("share");
        tu_rb(r, fields[i], values[i]);
        const xjd_decision *d = tu_eval(eng, r, ds);
        TU_EFFECT(d, XJD_DENY);
        TU_CITES_EXACTLY(TU_REASON(d, codes[i], XJD_DENY, XJ, 34, 1), "xj-data-2025 34¶1");
        ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
        ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
        xjd_request_free(r);
    }
}
END_TEST

/* Several prohibitions at once: all are reported. */
START_TEST(all_reasons_reported)
{
    tu_rb(req, "purpose.statutory_duty", false);
    tu_rb(req, "purpose.onward_transfer", true);
    tu_rb(req, "requester.access_terminated", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "share.outside_duty", XJD_DENY, XJ, 34, 1), "xj-data-2025 34¶1");
    TU_REASON(d, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
    TU_REASON(d, "share.access_terminated", XJD_DENY, XJ, 34, 1);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 3);
    /* a natural person is outside the procedure: Art. 34¶1 binds institutions, so the refusal
     * rests on share.not_public_body alone (fixed: the three were cited against the person) */
    tu_rs(req, "requester.kind", "natural_person");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.not_public_body", XJD_DENY, XJ, 33, 3);
    TU_NO(d, "share.outside_duty");
    TU_NO(d, "share.onward_transfer");
    TU_NO(d, "share.access_terminated");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
}
END_TEST

/* Art. 34¶1, Art. 24¶1: unconditional data not yet aggregated on the platform is still permitted,
 * with the warning share.not_on_platform and the provider's duty to aggregate it there. */
START_TEST(unconditional_not_on_platform)
{
    tu_db(ds, "on_platform", false);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "share.unconditional", XJD_PERMIT, XJ, 34, 1);
    ck_assert_ptr_nonnull(tu_warning(d, "share.not_on_platform"));
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.aggregate_on_platform", XJD_STAGE_AFTER, XJ, 24, 1), "xj-data-2025 24¶1");
    TU_OBLIGATION(d, "share.use_within_duties", XJD_STAGE_AFTER, XJ, 34, 1);
    /* on the platform: neither */
    tu_db(ds, "on_platform", true);
    d = tu_eval(eng, req, ds);
    ck_assert_ptr_null(tu_warning(d, "share.not_on_platform"));
    TU_NO(d, "share.aggregate_on_platform");
    /* a refusal drops the duty with the other after-duties */
    tu_db(ds, "on_platform", false);
    tu_rb(req, "purpose.onward_transfer", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_NO(d, "share.aggregate_on_platform");
    nothing_in_favour(d);
}
END_TEST

/* Art. 34¶1, Art. 33¶1, Art. 61(2): unconditional data is obtained directly and cannot be
 * refused: a refusal recorded against it disputes the listing (review), never grounds a deny. */
START_TEST(unconditional_refused_listing_disputed)
{
    tu_rs(req, "share.provider_decision", "refused");
    tu_rs(req, "share.refusal_reason", "数据涉及个人隐私");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.listing_disputed", XJD_REVIEW, XJ, 34, 1),
                     "xj-data-2025 34¶1; xj-data-2025 33¶1; xj-data-2025 61(2)");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.give_access_or_relist", XJD_STAGE_BEFORE, XJ, 34, 1),
                     "xj-data-2025 34¶1; xj-data-2025 33¶1; xj-data-2025 61(2)");
    TU_NO(d, "share.refused");
    TU_NO(d, "share.unconditional");
    no_after_duties(d);
    /* the same under the draft (published data): draft Art. 32¶1, 31¶2, 60(1) */
    tu_rs(req, "rulebook", "xj-2024-draft");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.listing_disputed", XJD_REVIEW, DR, 32, 1),
                     "xj-data-2024-draft 32¶1; xj-data-2024-draft 31¶2; xj-data-2024-draft 60(1)");
}
END_TEST

/* Art. 33¶2, 34¶2: pending conditional share; 2026-03-02 (Mon) + 10 working days = 2026-03-16,
 * exact. Received Mon 2027-03-01, a year no layer has: Mon-Fri, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15
 * -> 2027-03-15, estimated, and a warning says so. The share conditions are listed, one step each. */
START_TEST(conditional_pending_due_2026_and_2027_estimated)
{
    conditional();
    tu_rs(req, "share.received_at", "2026-03-02");
    tu_rs(req, "share.provider_decision", "pending");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.conditional_pending", XJD_REVIEW, XJ, 34, 2),
                     "xj-data-2025 34¶2; xj-data-2025 33¶2");
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    TU_CITES_EXACTLY(o, "xj-data-2025 34¶2");
    TU_DUE(o, 2026, 3, 16, false);
    ck_assert_ptr_nonnull(strstr(o->text_en, "ten working days"));
    ck_assert_ptr_null(tu_warning(d, "calendar.estimated"));
    ck_assert_ptr_null(tu_warning(d, "calendar.unconfirmed"));
    ck_assert_uint_eq(tu_count(d, "share.condition_to_meet"), 2);
    const xjd_item *c1 = TU_OBLIGATION(d, "share.condition_to_meet", XJD_STAGE_BEFORE, XJ, 33, 2);
    TU_CITES_EXACTLY(c1, "xj-data-2025 33¶2");
    ck_assert_str_eq(c1->detail, "仅用于疾病防控");
    TU_NO(d, "share.reply_overdue");
    no_after_duties(d);
    tu_rs(req, "at", "2027-03-01T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2027-03-01");
    d = tu_eval(eng, req, ds);
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2027, 3, 15, true);
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
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2026, 3, 16, false);
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
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2025, 10, 16, false);
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
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2025, 6, 23, false);
    ck_assert_ptr_null(tu_warning(d, "calendar.unconfirmed")); /* 2025's regional dates are confirmed */
}
END_TEST

/* Art. 34¶2, Art. 64: received 2025-04-24, before the text took effect, and requested after: the
 * period runs as if received 2025-04-30: 05-01..05-05 off, 05-06 (1) .. 05-09 (4), 05-12 (5) ..
 * 05-16 (9), 05-19 (10), with the warning share.received_before_in_force. Requested on 05-01
 * itself, the text is in force that day: the same. */
START_TEST(received_before_in_force_due_2025_05_19)
{
    conditional();
    tu_rs(req, "share.received_at", "2025-04-24");
    static const char *const ats[] = { "2025-05-06T10:00:00+08:00", "2025-05-01T00:30:00+08:00" };
    for (int i = 0; i < 2; i++) {
        tu_rs(req, "at", ats[i]);
        const xjd_decision *d = tu_eval(eng, req, ds);
        TU_EFFECT(d, XJD_REVIEW);
        TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2025, 5, 19, false);
        ck_assert_ptr_nonnull(tu_warning(d, "share.received_before_in_force"));
        ck_assert_ptr_null(tu_warning(d, "rulebook.not_yet_in_force"));
        TU_NO(d, "share.reply_overdue");
    }
    /* received on or after 2025-05-01: no adjustment, no warning (05-06 + 10 = 05-20) */
    tu_rs(req, "share.received_at", "2025-05-06");
    tu_rs(req, "at", "2025-05-06T10:00:00+08:00");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2025, 5, 20, false);
    ck_assert_ptr_null(tu_warning(d, "share.received_before_in_force"));
}
END_TEST

/* docs/national-rules.md: the 2026 regional holidays, from a secondary source, count with a warning.
 * Received Fri 2026-03-13: 03-16..03-19 (1..4), 肉孜节 03-20..03-22, 03-23..03-27 (5..9), 03-30 (10).
 * Received Wed 2026-05-20: 05-21, 05-22, 05-25, 05-26 (1..4), 古尔邦节 05-27..05-31, 06-01..06-05
 * (5..9), 06-08 (10). */
START_TEST(due_dates_through_2026_regional_holidays_unconfirmed)
{
    conditional();
    static const char *const rec[] = { "2026-03-13", "2026-05-20" };
    static const char *const ats[] = { "2026-03-13T10:00:00+08:00", "2026-05-20T10:00:00+08:00" };
    static const int want[2][2] = { { 3, 30 }, { 6, 8 } };
    for (int i = 0; i < 2; i++) {
        tu_rs(req, "at", ats[i]);
        tu_rs(req, "share.received_at", rec[i]);
        const xjd_decision *d = tu_eval(eng, req, ds);
        TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2026, want[i][0], want[i][1],
               false);
        ck_assert_ptr_nonnull(tu_warning(d, "calendar.unconfirmed"));
        ck_assert_ptr_null(tu_warning(d, "calendar.estimated"));
    }
}
END_TEST

/* Art. 34¶2, Art. 61(2); Civil Code Art. 203¶2: the period ends at 24:00 on the due date. On the
 * due date itself (UTC+8) the reply is not overdue; from the next day it is: share.reply_overdue
 * (review; the data authority orders a correction), with the review and its due date kept. */
START_TEST(reply_overdue_from_the_day_after)
{
    conditional();
    tu_rs(req, "share.received_at", "2026-03-02"); /* due 2026-03-16 */
    tu_rs(req, "at", "2026-03-16T23:59:00+08:00");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_NO(d, "share.reply_overdue");
    tu_rs(req, "at", "2026-03-16T16:00:00Z"); /* 2026-03-17 00:00 in UTC+8 */
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *o = TU_REASON(d, "share.reply_overdue", XJD_REVIEW, XJ, 34, 2);
    TU_CITES_EXACTLY(o, "xj-data-2025 34¶2; xj-data-2025 61(2)");
    TU_DUE(o, 2026, 3, 16, false);
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2026, 3, 16, false);
    TU_REASON(d, "share.conditional_pending", XJD_REVIEW, XJ, 34, 2);
    /* answered: nothing is overdue any more */
    tu_rs(req, "share.provider_decision", "approved");
    d = tu_eval(eng, req, ds);
    TU_NO(d, "share.reply_overdue");
    TU_NO(d, "share.provider_reply");
}
END_TEST

/* An estimated due date asserts no breach (fixed: received 2027-09-30, the estimate 2027-10-14
 * counted 1 October as worked, and the next day share.reply_overdue said the provider was late
 * when the real date is no earlier than 10-15). The step keeps its estimated date. */
START_TEST(reply_overdue_estimated)
{
    conditional();
    tu_rs(req, "share.received_at", "2027-03-01");
    tu_rs(req, "at", "2027-03-16T10:00:00+08:00");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2027, 3, 15, true);
    TU_NO(d, "share.reply_overdue");
    ck_assert_ptr_nonnull(tu_warning(d, "calendar.estimated"));
    tu_rs(req, "share.received_at", "2027-09-30");
    tu_rs(req, "at", "2027-10-16T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2027, 10, 15, true);
    TU_NO(d, "share.reply_overdue");
    TU_EFFECT(d, XJD_REVIEW);
    /* beyond the margin (14 days past the estimate) a breach is certain, estimate or not */
    tu_rs(req, "at", "2027-10-29T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_NO(d, "share.reply_overdue");
    tu_rs(req, "at", "2027-10-30T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_DUE(TU_REASON(d, "share.reply_overdue", XJD_REVIEW, XJ, 61, 0), 2027, 10, 15, true);
    tu_rs(req, "share.received_at", "2027-01-05");
    tu_rs(req, "at", "2027-12-01T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_REASON(d, "share.reply_overdue", XJD_REVIEW, XJ, 61, 0);
}
END_TEST

/* Art. 34¶2: refusal with reasons denies, quoting them; the answer given, no reply is due. */
START_TEST(refused_quotes_reason)
{
    conditional();
    tu_rs(req, "share.provider_decision", "refused");
    tu_rs(req, "share.refusal_reason", "申请用途与共享条件不符");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "share.refused", XJD_DENY, XJ, 34, 2);
    TU_CITES_EXACTLY(it, "xj-data-2025 34¶2");
    ck_assert_str_eq(it->detail, "申请用途与共享条件不符");
    TU_NO(d, "share.refusal_without_reason");
    TU_NO(d, "share.provider_reply");
    TU_NO(d, "share.condition_to_meet");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
}
END_TEST

/* Art. 34¶2 ("不同意共享的，应当说明理由"), Art. 33¶3: a refusal without reasons cannot ground a
 * refusal where sharing is the principle: review, share.reasoned_reply (the provider's step). */
START_TEST(refused_without_reason_review)
{
    conditional();
    tu_rs(req, "share.provider_decision", "refused");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.refusal_without_reason", XJD_REVIEW, XJ, 34, 2),
                     "xj-data-2025 34¶2; xj-data-2025 33¶3");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.reasoned_reply", XJD_STAGE_BEFORE, XJ, 34, 2),
                     "xj-data-2025 34¶2; xj-data-2025 33¶3");
    TU_NO(d, "share.refused");
    tu_rs(req, "share.refusal_reason", "");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_NO(d, "share.refused");
    /* blank reasons are no reasons (fixed: " " signed a deny, share.refused) */
    static const char *const blanks[] = { " ", "\u3000\u3000", "\u00a0", "\u200b" };
    for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        tu_rs(req, "share.refusal_reason", blanks[i]);
        d = tu_eval(eng, req, ds);
        TU_EFFECT(d, XJD_REVIEW);
        TU_CITES_EXACTLY(TU_REASON(d, "share.refusal_without_reason", XJD_REVIEW, XJ, 34, 2),
                         "xj-data-2025 34¶2; xj-data-2025 33¶3");
        TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.reasoned_reply", XJD_STAGE_BEFORE, XJ, 34, 2),
                         "xj-data-2025 34¶2; xj-data-2025 33¶3");
        TU_NO(d, "share.refused");
    }
}
END_TEST

/* Art. 33¶2, Art. 34: approved with conditions_met true: permit with the after-duties and the
 * stated conditions; absent: review (show the conditions are met); false: deny. */
START_TEST(conditional_approved_conditions_met)
{
    conditional();
    tu_rs(req, "share.provider_decision", "approved");
    tu_rb(req, "share.conditions_met", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_CITES_EXACTLY(TU_REASON(d, "share.conditional_approved", XJD_PERMIT, XJ, 33, 2),
                     "xj-data-2025 33¶2; xj-data-2025 34");
    TU_OBLIGATION(d, "share.use_within_duties", XJD_STAGE_AFTER, XJ, 34, 1);
    TU_OBLIGATION(d, "share.no_third_party", XJD_STAGE_AFTER, XJ, 34, 1);
    TU_OBLIGATION(d, "share.no_other_purpose", XJD_STAGE_AFTER, XJ, 34, 1);
    ck_assert_uint_eq(tu_count(d, "share.condition"), 2);
    const xjd_item *c = TU_OBLIGATION(d, "share.condition", XJD_STAGE_AFTER, XJ, 33, 2);
    TU_CITES_EXACTLY(c, "xj-data-2025 33¶2");
    ck_assert_str_eq(c->detail, "仅用于疾病防控");
    TU_NO(d, "share.condition_to_meet");
    TU_NO(d, "share.provider_reply");
}
END_TEST

START_TEST(conditional_approved_conditions_met_absent_review)
{
    conditional();
    tu_rs(req, "share.provider_decision", "approved");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.conditions_unmet", XJD_REVIEW, XJ, 33, 2), "xj-data-2025 33¶2");
    ck_assert_uint_eq(tu_count(d, "share.condition_to_meet"), 2);
    TU_NO(d, "share.conditional_approved");
    no_after_duties(d);
}
END_TEST

START_TEST(conditional_approved_conditions_met_false_denied)
{
    conditional();
    tu_rs(req, "share.provider_decision", "approved");
    tu_rb(req, "share.conditions_met", false);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "share.conditions_not_met", XJD_DENY, XJ, 33, 2), "xj-data-2025 33¶2");
    TU_NO(d, "share.conditional_approved");
    TU_NO(d, "share.conditions_unmet");
    TU_NO(d, "share.condition_to_meet"); /* the requester's own step, not on a refusal */
    no_after_duties(d);
    nothing_in_favour(d);
}
END_TEST

/* "A refusal says nothing in favour": a refused share keeps what binds the provider whatever is
 * decided — the reply and its due date (Art. 34¶2), share.reply_overdue (Art. 61(2)), the
 * catalogue fixes — and drops the waiting reason, the requester's steps and every after-duty. */
START_TEST(refusal_keeps_provider_reply_and_catalogue_fixes)
{
    conditional();
    tu_du(ds, "grade"); /* a catalogue error bearing on every action */
    tu_rs(req, "share.received_at", "2026-03-02");
    tu_rs(req, "at", "2026-03-20T10:00:00+08:00");
    tu_rb(req, "purpose.onward_transfer", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2026, 3, 16, false);
    TU_DUE(TU_REASON(d, "share.reply_overdue", XJD_REVIEW, XJ, 61, 0), 2026, 3, 16, false);
    TU_OBLIGATION(d, "catalogue.missing_grade", XJD_STAGE_BEFORE, XJ, 56, 1);
    TU_NO(d, "share.conditional_pending");
    TU_NO(d, "share.condition_to_meet");
    nothing_in_favour(d);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 2);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 2);
}
END_TEST

/* Draft Art. 31, 32: on the platform, unconditional data is applied for directly (permit, 32¶1);
 * conditional data waits for the provider with no period (31¶3, 32¶1), never citing 32¶2. */
START_TEST(draft_published)
{
    tu_rs(req, "rulebook", "xj-2024-draft");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_CITES_EXACTLY(TU_REASON(d, "share.unconditional", XJD_PERMIT, DR, 32, 1), "xj-data-2024-draft 32¶1");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.no_third_party", XJD_STAGE_AFTER, DR, 32, 1), "xj-data-2024-draft 32¶1");
    ck_assert_ptr_nonnull(tu_warning(d, "rulebook.never_in_force"));
    conditional();
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.conditional_pending", XJD_REVIEW, DR, 31, 3),
                     "xj-data-2024-draft 31¶3; xj-data-2024-draft 32¶1");
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply_platform", XJD_STAGE_BEFORE, DR, 32, 1);
    TU_CITES_EXACTLY(o, "xj-data-2024-draft 31¶3; xj-data-2024-draft 32¶1");
    TU_DUE(o, 0, 0, 0, false);
    TU_NO(d, "share.provider_reply");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.condition_to_meet", XJD_STAGE_BEFORE, DR, 31, 3),
                     "xj-data-2024-draft 31¶3");
    /* a reasoned refusal of published conditional data stands on the share conditions (31¶3) */
    tu_rs(req, "share.provider_decision", "refused");
    tu_rs(req, "share.refusal_reason", "不符合共享条件");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "share.refused", XJD_DENY, DR, 31, 3), "xj-data-2024-draft 31¶3");
    /* the requester is named by draft Art. 32¶1 (not 31¶1, which names no one) */
    tu_rs(req, "requester.kind", "legal_person");
    d = tu_eval(eng, req, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "share.not_public_body", XJD_DENY, DR, 32, 1), "xj-data-2024-draft 32¶1");
}
END_TEST

/* Draft Art. 32¶2: not on the platform, any type but none waits for the answer within five working
 * days from receipt, with no entry-into-force adjustment: received Thu 2025-04-24: 04-25 (1), Sun
 * 04-27 make-up (2), 04-28 .. 04-30 (3..5) -> 2025-04-30; requested 2025-05-06 it is overdue
 * (draft Art. 60(1)). The enacted text would give 2025-05-19. */
START_TEST(draft_unpublished_five_days_no_adjustment)
{
    conditional();
    tu_db(ds, "on_platform", false);
    tu_rs(req, "rulebook", "xj-2024-draft");
    tu_rs(req, "share.received_at", "2025-04-24");
    tu_rs(req, "at", "2025-04-24T10:00:00+08:00");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.conditional_pending", XJD_REVIEW, DR, 32, 2),
                     "xj-data-2024-draft 32¶2; xj-data-2024-draft 31¶3");
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, DR, 32, 2);
    TU_CITES_EXACTLY(o, "xj-data-2024-draft 32¶2");
    TU_DUE(o, 2025, 4, 30, false);
    ck_assert_ptr_nonnull(strstr(o->text_en, "five working days"));
    TU_NO(d, "rulebook.not_in_force");
    ck_assert_ptr_null(tu_warning(d, "share.received_before_in_force"));
    tu_rs(req, "at", "2025-05-06T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "share.reply_overdue", XJD_REVIEW, DR, 32, 2),
                     "xj-data-2024-draft 32¶2; xj-data-2024-draft 60(1)");
    /* unconditional unpublished data also waits (draft 32¶2), where the enacted text permits */
    tu_ds(ds, "share_type", "unconditional");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "share.unpublished_pending", XJD_REVIEW, DR, 32, 2), "xj-data-2024-draft 32¶2");
    TU_NO(d, "share.unconditional");
    ck_assert_ptr_null(tu_warning(d, "share.not_on_platform"));
    TU_NO(d, "share.aggregate_on_platform");
    tu_rs(req, "requester.kind", "legal_person");
    d = tu_eval(eng, req, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "share.not_public_body", XJD_DENY, DR, 32, 2), "xj-data-2024-draft 32¶2");
    /* the draft reads publication for every listed type: absent is an error naming it */
    xjd_decision *e = NULL;
    ck_assert_int_eq(xjd_decision_new(&e, NULL), 0);
    tu_rs(req, "requester.kind", "public_body");
    tu_ds(ds, "share_type", "conditional");
    tu_rs(req, "share.provider_decision", "refused");
    tu_du(ds, "on_platform");
    ck_assert_int_eq(xjd_evaluate(e, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(e), "dataset.on_platform");
    xjd_decision_free(e);
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
    tu_rs(req, "requester.kind", "public_body");
    tu_du(ds, "on_platform"); /* needed to tell whether unconditional data is on the platform */
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.on_platform");
    xjd_decision_free(d);
}
END_TEST

/* docs/rules.md "Only provisions in force ground an effect"; Art. 64: a share requested before
 * 2025-05-01 rests on no provision in force: review with the before-step rulebook.not_in_force
 * (citing Art. 64, which states the date), no reason or due date of Art. 33-34, and the warning
 * rulebook.not_yet_in_force lists what they would require with the date the reply period would
 * end: received 2025-04-24, the period runs as if received 2025-04-30 (Art. 34¶2, Art. 64):
 * 05-01..05-05 holiday, 05-06 (1) .. 05-09 (4), 05-12 (5) .. 05-16 (9), 05-19 (10). Counted from
 * receipt instead it would be 2025-05-12, a date the law never gives. */
START_TEST(requested_before_in_force_review_without_due_date)
{
    conditional();
    tu_rs(req, "at", "2025-04-28T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2025-04-24");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 0);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 1);
    const xjd_item *o = TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, XJ, 64, 0);
    TU_CITES_EXACTLY(o, "xj-data-2025 64");
    TU_DUE(o, 0, 0, 0, false);
    TU_NO(d, "share.provider_reply");
    TU_NO(d, "share.conditional_pending");
    const xjd_item *w = tu_warning(d, "rulebook.not_yet_in_force");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(w->detail);
    ck_assert_ptr_nonnull(strstr(w->detail, "share.conditional_pending"));
    ck_assert_ptr_nonnull(strstr(w->detail, "share.provider_reply (2025-05-19)"));
    ck_assert_ptr_nonnull(strstr(w->detail, "share.condition_to_meet"));
    ck_assert_ptr_null(strstr(w->detail, "share.reply_overdue"));
    ck_assert_ptr_null(tu_warning(d, "share.received_before_in_force")); /* no due date was given */
}
END_TEST

/* The refusals on who and what (share.not_public, share.not_public_body) are the whole answer: the
 * decision lists exactly these two reasons and nothing else, and the procedure's rows are absent. */
static void outside_only(const xjd_decision *d, bool not_public, bool not_public_body)
{
    TU_EFFECT(d, XJD_DENY);
    if (not_public)
        TU_CITES_EXACTLY(TU_REASON(d, "share.not_public", XJD_DENY, XJ, 21, 2), "xj-data-2025 21¶2; xj-data-2025 33");
    else
        TU_NO(d, "share.not_public");
    if (not_public_body)
        TU_CITES_EXACTLY(TU_REASON(d, "share.not_public_body", XJD_DENY, XJ, 33, 3), "xj-data-2025 33¶3");
    else
        TU_NO(d, "share.not_public_body");
    static const char *const procedure[] = {
        "share.type_unassessed",  "share.assess_type",         "share.not_shared",
        "share.catalogue_no_basis", "share.unconditional",     "share.aggregate_on_platform",
        "share.listing_disputed", "share.give_access_or_relist", "share.conditional_pending",
        "share.provider_reply",   "share.reply_overdue",       "share.condition_to_meet",
        "share.refused",          "share.refusal_without_reason", "share.reasoned_reply",
        "share.conditions_not_met",
    };
    for (size_t i = 0; i < sizeof procedure / sizeof procedure[0]; i++)
        TU_NO(d, procedure[i]);
    ck_assert_ptr_null(tu_warning(d, "share.not_on_platform"));
    ck_assert_uint_eq(xjd_decision_reason_count(d), (size_t)not_public + (size_t)not_public_body);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
    nothing_in_favour(d);
}

/* Art. 34¶2 binds the provider to answer only a public management and service institution
 * applying for conditionally shared public data, and Art. 61(2) reaches only such institutions: a
 * natural person applying for conditionally listed enterprise data is refused on who and what
 * alone, with no reply due (2025-10-16) and nothing overdue (fixed: review finding f4). Each ground
 * alone does the same; the same dates for an institution and public data give both, due
 * 2025-10-16 (received Fri 2025-09-26, across National Day). */
START_TEST(outside_procedure_no_reply_due)
{
    conditional();
    tu_rs(req, "at", "2025-11-20T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2025-09-26");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2025, 10, 16, false);
    TU_DUE(TU_REASON(d, "share.reply_overdue", XJD_REVIEW, XJ, 61, 0), 2025, 10, 16, false);
    tu_rs(req, "requester.kind", "natural_person");
    tu_ds(ds, "category", "enterprise");
    outside_only(tu_eval(eng, req, ds), true, true);
    tu_ds(ds, "category", "public");
    outside_only(tu_eval(eng, req, ds), false, true);
    tu_rs(req, "requester.kind", "legal_person");
    outside_only(tu_eval(eng, req, ds), false, true);
    tu_rs(req, "requester.kind", "public_body");
    tu_ds(ds, "category", "enterprise");
    outside_only(tu_eval(eng, req, ds), true, false);
    /* the provider's answer recorded: no refusal of its own, reasoned or not, and no step */
    tu_rs(req, "requester.kind", "natural_person");
    tu_ds(ds, "category", "public");
    tu_rs(req, "share.provider_decision", "refused");
    outside_only(tu_eval(eng, req, ds), false, true);
    tu_rs(req, "share.refusal_reason", "申请人不是公共管理和服务机构");
    outside_only(tu_eval(eng, req, ds), false, true);
    tu_rs(req, "share.provider_decision", "approved");
    tu_rb(req, "share.conditions_met", false);
    outside_only(tu_eval(eng, req, ds), false, true);
}
END_TEST

/* Art. 34¶1, Art. 61(2): a natural person with a refusal recorded against unconditional data is
 * refused as not an institution; the refusal does not tell the provider to give it access (fixed:
 * review finding f5, share.give_access_or_relist on a deny). An institution gets the step. */
START_TEST(outside_procedure_no_access_to_give)
{
    tu_rs(req, "at", "2025-10-20T09:00:00+08:00");
    tu_rs(req, "share.provider_decision", "refused");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "share.give_access_or_relist", XJD_STAGE_BEFORE, XJ, 34, 1),
                     "xj-data-2025 34¶1; xj-data-2025 33¶1; xj-data-2025 61(2)");
    tu_rs(req, "requester.kind", "natural_person");
    outside_only(tu_eval(eng, req, ds), false, true);
    tu_rs(req, "requester.kind", "public_body");
    tu_ds(ds, "category", "enterprise");
    outside_only(tu_eval(eng, req, ds), true, false);
    /* nor, pending, the platform's duties for data listed there (Art. 24¶1) */
    tu_ru(req, "share.provider_decision");
    tu_db(ds, "on_platform", false);
    outside_only(tu_eval(eng, req, ds), true, false);
    tu_ds(ds, "category", "public");
    tu_rs(req, "requester.kind", "natural_person");
    outside_only(tu_eval(eng, req, ds), false, true);
}
END_TEST

/* Art. 33¶1 (share types are assessed for public data), Art. 33¶2 (a not-shared listing of public
 * data): enterprise data with no share type, or listed not shared, is refused as not public data,
 * without the demand to assess its type or the listing's reason (fixed: share.assess_type on a
 * deny). Nor does a natural person's refusal carry them for public data. */
START_TEST(outside_procedure_no_type_to_assess)
{
    tu_du(ds, "share_type");
    tu_ds(ds, "category", "enterprise");
    outside_only(tu_eval(eng, req, ds), true, false);
    tu_ds(ds, "category", "public");
    tu_rs(req, "requester.kind", "natural_person");
    outside_only(tu_eval(eng, req, ds), false, true);
    tu_rs(req, "requester.kind", "public_body");
    tu_ds(ds, "category", "enterprise");
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "share_basis", "《统计法》第三十九条");
    tu_ds(ds, "open_type", "none");
    outside_only(tu_eval(eng, req, ds), true, false);
}
END_TEST

/* The draft (Art. 32¶1-2, 60(1)): the same. A legal person applying for published conditional
 * data gets no platform answer step, for unpublished data no five-day reply (due 2025-04-30 from
 * receipt 2025-04-24) and nothing overdue. */
START_TEST(outside_procedure_draft)
{
    conditional();
    tu_rs(req, "rulebook", "xj-2024-draft");
    tu_rs(req, "requester.kind", "legal_person");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "share.not_public_body", XJD_DENY, DR, 32, 1), "xj-data-2024-draft 32¶1");
    TU_NO(d, "share.provider_reply_platform");
    TU_NO(d, "share.condition_to_meet");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
    tu_db(ds, "on_platform", false);
    tu_rs(req, "share.received_at", "2025-04-24");
    tu_rs(req, "at", "2025-05-06T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "share.not_public_body", XJD_DENY, DR, 32, 2), "xj-data-2024-draft 32¶2");
    TU_NO(d, "share.provider_reply");
    TU_NO(d, "share.reply_overdue");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 0);
    tu_rs(req, "requester.kind", "public_body");
    d = tu_eval(eng, req, ds);
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, DR, 32, 2), 2025, 4, 30, false);
}
END_TEST

/* Art. 64: before the text is in force, what it would require of a natural person's application
 * for conditional data is the refusal alone, not the provider's reply (which an institution's
 * application lists with its date, requested_before_in_force_review_without_due_date). */
START_TEST(outside_procedure_before_in_force)
{
    conditional();
    tu_rs(req, "at", "2025-04-28T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2025-04-24");
    tu_rs(req, "requester.kind", "natural_person");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, XJ, 64, 0);
    const xjd_item *w = tu_warning(d, "rulebook.not_yet_in_force");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(w->detail);
    ck_assert_str_eq(w->detail, "share.not_public_body");
}
END_TEST

/* Art. 31: emergency data listed for unconditional sharing is not "obtained directly" even by an
 * institution acting for the emergency: any institution could obtain it for any duty. The
 * catalogue error joins as the step (review), citing Art. 31; share.unconditional does not stand
 * beside it. Listed conditionally, the application waits for the reply (2026-03-16) as usual. */
START_TEST(emergency_unconditional_listing_review)
{
    tu_rb(req, "purpose.emergency_response", true);
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", false);
    tu_ds(ds, "emergency.purpose", "受灾群众安置");
    tu_ds(ds, "open_type", "none");
    tu_ds(ds, "open_basis", "《突发事件应对法》");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *f = TU_OBLIGATION(d, "catalogue.emergency_unconditional_share", XJD_STAGE_BEFORE, XJ, 31, 0);
    TU_CITES_EXACTLY(f, "xj-data-2025 31");
    ck_assert_str_eq(f->detail, "dataset.share_type");
    TU_NO(d, "share.unconditional");
    conditional();
    tu_rs(req, "share.received_at", "2026-03-02");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_NO(d, "catalogue.emergency_unconditional_share");
    TU_DUE(TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2), 2026, 3, 16, false);
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
    tcase_add_test(tc, not_shared_with_basis_denied);
    tcase_add_test(tc, not_shared_without_basis_review);
    tcase_add_test(tc, article_34_prohibitions_denied);
    tcase_add_test(tc, all_reasons_reported);
    tcase_add_test(tc, unconditional_not_on_platform);
    tcase_add_test(tc, unconditional_refused_listing_disputed);
    tcase_add_test(tc, conditional_pending_due_2026_and_2027_estimated);
    tcase_add_test(tc, conditional_pending_counts_from_request_date);
    tcase_add_test(tc, conditional_pending_across_national_day_2025);
    tcase_add_test(tc, conditional_pending_across_eid_2025);
    tcase_add_test(tc, received_before_in_force_due_2025_05_19);
    tcase_add_test(tc, due_dates_through_2026_regional_holidays_unconfirmed);
    tcase_add_test(tc, reply_overdue_from_the_day_after);
    tcase_add_test(tc, reply_overdue_estimated);
    tcase_add_test(tc, refused_quotes_reason);
    tcase_add_test(tc, refused_without_reason_review);
    tcase_add_test(tc, conditional_approved_conditions_met);
    tcase_add_test(tc, conditional_approved_conditions_met_absent_review);
    tcase_add_test(tc, conditional_approved_conditions_met_false_denied);
    tcase_add_test(tc, refusal_keeps_provider_reply_and_catalogue_fixes);
    tcase_add_test(tc, draft_published);
    tcase_add_test(tc, draft_unpublished_five_days_no_adjustment);
    tcase_add_test(tc, missing_fields_are_errors);
    tcase_add_test(tc, requested_before_in_force_review_without_due_date);
    tcase_add_test(tc, outside_procedure_no_reply_due);
    tcase_add_test(tc, outside_procedure_no_access_to_give);
    tcase_add_test(tc, outside_procedure_no_type_to_assess);
    tcase_add_test(tc, outside_procedure_draft);
    tcase_add_test(tc, outside_procedure_before_in_force);
    tcase_add_test(tc, emergency_unconditional_listing_review);
}

int main(void) { return tu_run("rules_share", add); }
