/* SPDX-License-Identifier: MIT */
/*
 * Suite: draft — the 2024 draft rulebook (docs/rules.md "The 2024 draft rulebook"): its own article numbers
 * (looked up in 000_df78dc3e1496d188.txt), the 5-working-day answer for data not published on
 * the platform (draft Art. 32¶2), direct application for published data (Art. 32¶1), suspension
 * then termination of open access (Art. 59), de-identification before providing personal data
 * (Art. 38¶2), and the warning that the draft was never in force.
 */
#include <string.h>

#include "testutil.h"

#define DR "xj-data-2024-draft"
#define XJ "xj-data-2025"

static xjd_engine *eng;
static xjd_request *req;
static xjd_dataset *ds;

static void setup(void)
{
    eng = tu_engine("xj-2024-draft");
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
}

/* Draft Art. 32¶2: not published on the platform, answer within 5 working days.
 * Received Wed 2025-06-04: 06-05 (1); 古尔邦节 06-06..06-10; 06-11 (2), 06-12 (3), 06-13 (4), 06-16 (5). */
START_TEST(unpublished_conditional_five_working_days)
{
    conditional();
    tu_db(ds, "on_platform", false);
    tu_rs(req, "at", "2025-06-04T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2025-06-04");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    ck_assert_str_eq(xjd_decision_rulebook(d), "xj-2024-draft");
    const xjd_item *r = TU_REASON(d, "share.conditional_pending", XJD_REVIEW, DR, 32, 2);
    ck_assert(tu_cites(r, DR, 31, 3));
    ck_assert(!tu_cites(r, XJ, 34, 2));
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, DR, 32, 2);
    ck_assert_int_eq(o->due.year, 2025);
    ck_assert_int_eq(o->due.month, 6);
    ck_assert_int_eq(o->due.day, 16);
    ck_assert(!o->due_estimated);
    TU_OBLIGATION(d, "share.condition_to_meet", XJD_STAGE_BEFORE, DR, 31, 3);
    ck_assert_ptr_nonnull(tu_warning(d, "rulebook.never_in_force"));
}
END_TEST

/* The same request under the enacted text: 10 working days, Art. 34¶2 -> 2025-06-23. */
START_TEST(enacted_counterpart_ten_working_days)
{
    conditional();
    tu_db(ds, "on_platform", false);
    tu_rs(req, "at", "2025-06-04T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2025-06-04");
    tu_rs(req, "rulebook", "xj-2025"); /* the request's rulebook wins over the engine's */
    const xjd_decision *d = tu_eval(eng, req, ds);
    ck_assert_str_eq(xjd_decision_rulebook(d), "xj-2025");
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.day, 23);
    ck_assert_ptr_null(tu_warning(d, "rulebook.never_in_force"));
}
END_TEST

/* Draft Art. 32¶1: published data may be applied for directly: no 5-day period. */
START_TEST(published_conditional_no_period)
{
    conditional();
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply_platform", XJD_STAGE_BEFORE, DR, 32, 1);
    ck_assert_int_eq(o->due.year, 0);
    TU_NO(d, "share.provider_reply");
}
END_TEST

/* Draft Art. 32¶1: unconditional data on the platform: permit, with the Art. 32¶1 duties. */
START_TEST(published_unconditional_permit)
{
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "share.unconditional", XJD_PERMIT, DR, 32, 1);
    TU_OBLIGATION(d, "share.no_third_party", XJD_STAGE_AFTER, DR, 32, 1);
}
END_TEST

/* Draft Art. 32¶2: unconditional data not on the platform still waits for the answer (5 days). */
START_TEST(unpublished_unconditional_waits)
{
    tu_db(ds, "on_platform", false);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "share.unpublished_pending", XJD_REVIEW, DR, 32, 2);
    /* request 2026-03-02: + 5 working days = 2026-03-09, not estimated (2026 is covered) */
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, DR, 32, 2);
    ck_assert_int_eq(o->due.year, 2026);
    ck_assert_int_eq(o->due.month, 3);
    ck_assert_int_eq(o->due.day, 9);
    ck_assert(!o->due_estimated);
    TU_NO(d, "share.unconditional");
    tu_rs(req, "share.provider_decision", "approved");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "share.unpublished_approved", XJD_PERMIT, DR, 32, 2);
    TU_OBLIGATION(d, "share.use_within_duties", XJD_STAGE_AFTER, DR, 32, 1);
    /* a refusal grounds a deny only with its reasons (draft Art. 32¶2; rules.md Share: one
     * without reasons cannot ground a refusal where sharing is the principle) */
    tu_rs(req, "share.provider_decision", "refused");
    tu_rs(req, "share.refusal_reason", "涉及正在办理的案件");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *r = TU_REASON(d, "share.refused", XJD_DENY, DR, 32, 2);
    ck_assert_str_eq(r->detail, "涉及正在办理的案件");
    tu_ru(req, "share.refusal_reason");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    r = TU_REASON(d, "share.refusal_without_reason", XJD_REVIEW, DR, 32, 2);
    ck_assert(tu_cites(r, DR, 31, 1)); /* enacted 33¶3 */
    TU_OBLIGATION(d, "share.reasoned_reply", XJD_STAGE_BEFORE, DR, 32, 2);
    TU_NO(d, "share.refused");
}
END_TEST

/* The draft needs to know whether the data is on the platform. */
START_TEST(on_platform_required)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    tu_du(ds, "on_platform");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.on_platform");
    xjd_decision_free(d);
}
END_TEST

/* Regional citations use the draft's numbers: public data Art. 3(2), share types Art. 31,
 * the requester Art. 32, secret data Art. 24¶3, emergency data Art. 30. */
START_TEST(draft_article_numbers)
{
    tu_ds(ds, "category", "enterprise");
    tu_rs(req, "requester.kind", "legal_person");
    const xjd_decision *d = tu_eval(eng, req, ds);
    const xjd_item *it = TU_REASON(d, "share.not_public", XJD_DENY, DR, 31, 0);
    ck_assert(tu_cites_item(it, DR, 3, 0, 2));
    /* the requester is not a public body: the draft names who may apply in its own Art. 32¶1
     * (data published on the platform, as here) and 32¶2 (not published), not in the
     * counterpart of enacted Art. 33¶3 */
    const xjd_item *npb = TU_REASON(d, "share.not_public_body", XJD_DENY, DR, 32, 1);
    ck_assert_uint_eq(npb->ncites, 1);
    tu_ds(ds, "category", "public");
    tu_ds(ds, "secret", "state");
    tu_ds(ds, "emergency.event", "e");
    tu_db(ds, "emergency.ended", true);
    d = tu_eval(eng, req, ds);
    TU_REASON(d, "all.secret", XJD_DENY, DR, 24, 3);
    /* draft Art. 30 (rules.md "The 2024 draft"): after the emergency, data holding secrets is
     * destroyed (¶2: deny and dispose), and the enacted Art. 31's "unrelated matters" ban does
     * not exist; the duty not to leak it or provide it to others stands (¶1). These were the
     * enacted rows all.emergency_ended, all.emergency_dispose and all.emergency_unrelated,
     * translated, before rules.md read Art. 30. */
    TU_REASON(d, "all.draft_emergency_ended", XJD_DENY, DR, 30, 2);
    TU_OBLIGATION(d, "all.draft_emergency_dispose", XJD_STAGE_AFTER, DR, 30, 2);
    TU_OBLIGATION(d, "all.draft_emergency_no_provision", XJD_STAGE_AFTER, DR, 30, 1);
    TU_NO(d, "all.emergency_confidentiality"); /* the enacted Art. 31's wording */
    TU_NO(d, "all.emergency_ended");
    TU_NO(d, "all.emergency_unrelated");
    /* no secret, no personal information: classify and assess first (¶2), review */
    tu_rs(req, "requester.kind", "public_body");
    tu_ds(ds, "secret", "none");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "emergency.class_assessment", XJD_STAGE_BEFORE, DR, 30, 2);
    TU_NO(d, "all.draft_emergency_ended");
    tu_du(ds, "emergency");
    /* not shared with its basis: enacted 33¶1-2 -> draft 31¶2-3; without one, review, enacted
     * 33¶2-3 -> draft 31¶3 and 31¶1 (a listing without a basis grounds no refusal, rules.md) */
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "open_type", "none");
    tu_ds(ds, "share_basis", "《中华人民共和国统计法》第三十九条");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *r = TU_REASON(d, "share.not_shared", XJD_DENY, DR, 31, 2);
    ck_assert_uint_eq(r->ncites, 1);
    ck_assert_int_eq(r->cites[0].para_to, 3);
    tu_du(ds, "share_basis");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    r = TU_REASON(d, "share.catalogue_no_basis", XJD_REVIEW, DR, 31, 3);
    ck_assert(tu_cites(r, DR, 31, 1));
}
END_TEST

/* Draft Art. 34, 35, 59: open under the draft; misuse suspends, then terminates access. */
START_TEST(open_under_draft)
{
    xjd_request *r = tu_request("open");
    tu_ds(ds, "open_type", "conditional");
    /* the provider's authorisation of this applicant applies as in the enacted text (draft
     * Art. 34¶2, rules.md "The 2024 draft"): without it, review */
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "open.provider_authorization", XJD_STAGE_BEFORE, DR, 34, 2);
    tu_rb(r, "open.provider_authorized", true);
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    /* conditional opening by authorisation (enacted 35¶3 -> draft 34¶2) on a commitment (enacted
     * 36¶1 -> draft 35¶1); it cited draft 35¶2 (enacted 36¶2, the after-duties) before */
    const xjd_item *c = TU_REASON(d, "open.conditional", XJD_PERMIT, DR, 34, 2);
    ck_assert(tu_cites(c, DR, 35, 1));
    TU_OBLIGATION(d, "open.no_tampering", XJD_STAGE_AFTER, DR, 35, 2);
    TU_OBLIGATION(d, "open.misuse_suspension", XJD_STAGE_AFTER, DR, 59, 0);
    /* draft Art. 35¶1: the commitment and a scenario; no statement of security measures (the
     * enacted Art. 36¶1's addition) */
    tu_ru(r, "open.security_measures");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    tu_rs(r, "purpose.scenario", "");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "open.commitment", XJD_STAGE_BEFORE, DR, 35, 1);
    tu_rs(r, "purpose.scenario", "传染病监测");
    tu_rs(r, "rulebook", "xj-2025");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "open.commitment", XJD_STAGE_BEFORE, XJ, 36, 1);
    tu_ru(r, "rulebook");
    tu_ds(ds, "open_type", "none");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "open.not_open", XJD_DENY, DR, 34, 2);
    TU_NO(d, "open.misuse_suspension");
    tu_ds(ds, "grade", "core");
    tu_ds(ds, "open_type", "unconditional");
    d = tu_eval(eng, r, ds);
    TU_REASON(d, "all.core_open", XJD_DENY, DR, 34, 2);
    xjd_request_free(r);
}
END_TEST

/* Draft Art. 38¶2: personal data provided to others is de-identified first. */
START_TEST(deidentification_before_providing)
{
    tu_di(ds, "personal_info.individuals", 1200);
    tu_db(ds, "personal_info.deidentified", false);
    tu_db(ds, "personal_info.anonymized", false);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "all.draft_pi_identifiable", XJD_REVIEW, DR, 38, 2);
    TU_OBLIGATION(d, "all.draft_deidentify", XJD_STAGE_BEFORE, DR, 38, 2);
    tu_db(ds, "personal_info.deidentified", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "all.draft_deidentify");
    /* an export too: a recipient abroad is another, and the draft's export article (57¶2)
     * defers to the national rules on the mechanism without lifting Art. 38¶2 (rules.md "The
     * 2024 draft" lists share, open, trade and export; this test said "nor of an export" before) */
    xjd_request *ex = tu_request("export");
    tu_rs(ex, "rulebook", "xj-2024-draft");
    tu_ri(ex, "export.individuals_ytd", 1200); /* counts include this transfer ("Contradictory facts") */
    tu_db(ds, "personal_info.deidentified", false);
    d = tu_eval(eng, ex, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "all.draft_pi_identifiable", XJD_REVIEW, DR, 38, 2);
    TU_OBLIGATION(d, "all.draft_deidentify", XJD_STAGE_BEFORE, DR, 38, 2);
    tu_db(ds, "personal_info.deidentified", true);
    d = tu_eval(eng, ex, ds);
    TU_NO(d, "all.draft_pi_identifiable");
    xjd_request_free(ex);
    /* not a rule of the enacted text */
    tu_db(ds, "personal_info.deidentified", false);
    tu_rs(req, "rulebook", "xj-2025");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "all.draft_pi_identifiable");
}
END_TEST

/* The draft is evaluated as if in force, but the national provisions it rests on keep their own
 * dates: one not in force at the request time grounds nothing, and the warning says what it
 * would require, under the draft as under the enacted text (a fixed gap: the draft showed only
 * rulebook.never_in_force). Here NDSMR Art. 38 (from 2025-01-01) on going beyond the assessed
 * scope, for an export of 2024-06-03. */
START_TEST(national_provisions_keep_their_dates)
{
    xjd_request *ex = tu_request("export");
    tu_rs(ex, "rulebook", "xj-2024-draft");
    tu_rs(ex, "at", "2024-06-03T10:00:00+08:00");
    tu_ds(ds, "grade", "important");
    tu_rs(ex, "requester.kind", "legal_person");
    tu_rs(ex, "export.assessment.status", "passed");
    tu_rs(ex, "export.assessment.valid_until", "2026-06-02");
    tu_rb(ex, "export.within_assessed_scope", false);
    const xjd_decision *d = tu_eval(eng, ex, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_NO(d, "export.beyond_assessed_scope");
    TU_OBLIGATION(d, "export.reassessment", XJD_STAGE_BEFORE, "dsam-2022", 14, 0);
    ck_assert_ptr_nonnull(tu_warning(d, "rulebook.never_in_force"));
    const xjd_item *w = tu_warning(d, "rulebook.not_yet_in_force");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(w->detail);
    ck_assert_ptr_nonnull(strstr(w->detail, "export.beyond_assessed_scope"));
    xjd_request_free(ex);
}
END_TEST

/* The listing gives each rulebook's period: 10 working days enacted, 5 in the draft. */
START_TEST(listing_periods)
{
    xjd_rule_info info = XJD_RULE_INFO_INIT;
    bool seen[2] = { false, false };
    const char *rbs[2] = { "xj-2025", "xj-2024-draft" };
    for (int b = 0; b < 2; b++) {
        size_t n = xjd_rulebook_rule_count(rbs[b]);
        ck_assert_uint_gt(n, 20);
        for (size_t i = 0; i < n; i++) {
            ck_assert_int_eq(xjd_rulebook_rule(&info, rbs[b], i), 0);
            ck_assert(info.code && info.ncites > 0 && info.text_zh[0] && info.text_en[0]);
            if (strcmp(info.code, "share.provider_reply") == 0) {
                seen[b] = true;
                ck_assert_int_eq(info.due_workdays, b == 0 ? 10 : 5);
                ck_assert_str_eq(info.cites[0].law, b == 0 ? XJ : DR);
                ck_assert_int_eq(info.cites[0].art, b == 0 ? 34 : 32);
                ck_assert_str_eq(info.family, "share");
            }
            ck_assert(b == 1 || strcmp(info.code, "open.misuse_suspension") != 0);
        }
        ck_assert_int_eq(xjd_rulebook_rule(&info, rbs[b], n), XJD_ENOTFOUND);
    }
    ck_assert(seen[0] && seen[1]);
    ck_assert_uint_eq(xjd_rulebook_rule_count("xj-1999"), 0);
    ck_assert_uint_eq(xjd_rulebook_rule_count(NULL), xjd_rulebook_rule_count("xj-2025"));
}
END_TEST

/* Messages follow the rulebook's lookup (issue "The law as data"): the provider-reply text
 * quotes the period of the rulebook the decision was made under, never both, in the decision
 * and in its record decoded again. */
START_TEST(messages_follow_the_rulebook)
{
    xjd_key *k = NULL;
    xjd_keyset *ks = NULL;
    ck_assert_int_eq(xjd_key_generate(&k, NULL), 0);
    ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, k), 0);
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_key(o, k), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    conditional();
    tu_db(ds, "on_platform", false);
    xjd_decision *d = NULL, *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    static const char *const rbs[2] = { "xj-2025", "xj-2024-draft" };
    static const char *const zh[2] = { "十个工作日", "五个工作日" };
    static const char *const en[2] = { "ten working days", "five working days" };
    for (int b = 0; b < 2; b++) {
        tu_rs(req, "rulebook", rbs[b]);
        ck_assert_int_eq(xjd_evaluate(d, e, req, ds), 0);
        size_t len = 0;
        const uint8_t *rec = xjd_decision_record(d, &len);
        ck_assert_ptr_nonnull(rec);
        ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
        const xjd_decision *both[2] = { d, v };
        for (int w = 0; w < 2; w++) {
            const xjd_item *it = tu_obligation(both[w], "share.provider_reply");
            ck_assert_ptr_nonnull(it);
            ck_assert_msg(strstr(it->text_zh, zh[b]) && !strstr(it->text_zh, zh[1 - b]), "%s: %s", rbs[b],
                          it->text_zh);
            ck_assert_msg(strstr(it->text_en, en[b]) && !strstr(it->text_en, en[1 - b]), "%s: %s", rbs[b],
                          it->text_en);
        }
    }
    xjd_decision_free(d);
    xjd_decision_free(v);
    xjd_engine_free(e);
    xjd_keyset_free(ks);
    xjd_key_free(k);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, unpublished_conditional_five_working_days);
    tcase_add_test(tc, enacted_counterpart_ten_working_days);
    tcase_add_test(tc, published_conditional_no_period);
    tcase_add_test(tc, published_unconditional_permit);
    tcase_add_test(tc, unpublished_unconditional_waits);
    tcase_add_test(tc, on_platform_required);
    tcase_add_test(tc, draft_article_numbers);
    tcase_add_test(tc, open_under_draft);
    tcase_add_test(tc, deidentification_before_providing);
    tcase_add_test(tc, listing_periods);
    tcase_add_test(tc, messages_follow_the_rulebook);
    tcase_add_test(tc, national_provisions_keep_their_dates);
}

int main(void) { return tu_run("draft", add); }
