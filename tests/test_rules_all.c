/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_all — docs/rules.md "Rules for every action": secret data (DSL Art. 53¶1, NDSMR Art. 63,
 * Art. 24¶3, Art. 43¶2(3)), core data (DSL Art. 21¶2, Art. 35¶3, NDSMR Art. 63), data obtained for
 * an emergency (enacted Art. 31; draft Art. 30), the regional text not yet in force (Art. 64), the
 * draft's de-identification duty (draft Art. 38¶2), and "A refusal says nothing in favour" for
 * these rows. Expectations worked out by hand from the articles; citations checked exactly.
 */
#include <string.h>

#include "law.h"
#include "testutil.h"
#include "tu_cites.h"

#define XJ "xj-data-2025"
#define DR "xj-data-2024-draft"

static xjd_engine *eng;
static xjd_engine *draft;
static xjd_dataset *ds;

static void setup(void)
{
    eng = tu_engine(NULL);
    draft = tu_engine("xj-2024-draft");
    ds = tu_dataset();
}

static void teardown(void)
{
    xjd_dataset_free(ds);
    xjd_engine_free(draft);
    xjd_engine_free(eng);
}

/* Data obtained for an emergency that is still under way. */
static void emergency(void)
{
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", false);
    tu_ds(ds, "emergency.purpose", "道路抢通调度");
    tu_ds(ds, "emergency.period_end", "2026-03-31");
}

/* A share the emergency data allows: listed conditionally (Art. 31: not unconditionally while the
 * work goes on, catalogue.emergency_unconditional_share), approved, its condition met. */
static void emergency_share_approved(xjd_request *r)
{
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于道路抢通调度");
    tu_rs(r, "share.provider_decision", "approved");
    tu_rb(r, "share.conditions_met", true);
}

/* A decision of effect deny carries only prohibitions and the rows that bind others or stand
 * (docs/rules.md "A refusal says nothing in favour"): no reason contributing permit or review other
 * than those, no after-duty other than the allowed ones. `keep` lists the non-deny codes allowed. */
static void only_prohibitions(const xjd_decision *d, const char *const *keep)
{
    TU_EFFECT(d, XJD_DENY);
    for (int w = 0; w < 2; w++) {
        size_t n = w == 0 ? xjd_decision_reason_count(d) : xjd_decision_obligation_count(d);
        for (size_t i = 0; i < n; i++) {
            const xjd_item *it = w == 0 ? xjd_decision_reason(d, i) : xjd_decision_obligation(d, i);
            if (w == 0 && it->effect == XJD_DENY)
                continue;
            bool allowed = false;
            for (size_t k = 0; keep && keep[k]; k++)
                allowed |= strcmp(keep[k], it->code) == 0;
            if (!allowed)
                tu_dump(d);
            ck_assert_msg(allowed, "a refusal carries %s", it->code);
        }
    }
}

/* DSL Art. 53¶1 (state secrets), NDSMR Art. 63, Art. 24¶3 (public data), Art. 43¶2(3) (trade):
 * secret data is outside these procedures for every action; the engine does not decide it. Art.
 * 25¶3 is the catalogue check's (its finding joins as a before step, kept on the refusal). */
START_TEST(secret_denied_for_every_action)
{
    static const char *const actions[] = { "share", "open", "export", "trade" };
    static const char *const kinds[] = { "state", "work" };
    static const char *const want[2][4] = {
        { "dsl 53¶1; ndsmr 63; xj-data-2025 24¶3", "dsl 53¶1; ndsmr 63; xj-data-2025 24¶3",
          "dsl 53¶1; ndsmr 63; xj-data-2025 24¶3", "dsl 53¶1; ndsmr 63; xj-data-2025 24¶3; xj-data-2025 43¶2(3)" },
        { "ndsmr 63; xj-data-2025 24¶3", "ndsmr 63; xj-data-2025 24¶3", "ndsmr 63; xj-data-2025 24¶3",
          "ndsmr 63; xj-data-2025 24¶3; xj-data-2025 43¶2(3)" },
    };
    static const char *const keep[] = { "catalogue.secret_in_public_catalogue", NULL };
    for (int k = 0; k < 2; k++) {
        tu_ds(ds, "secret", kinds[k]);
        for (int a = 0; a < 4; a++) {
            xjd_request *r = tu_request(actions[a]);
            const xjd_decision *d = tu_eval(eng, r, ds);
            const xjd_item *it = TU_REASON(d, "all.secret", XJD_DENY, "ndsmr", 63, 0);
            TU_CITES_EXACTLY(it, want[k][a]);
            ck_assert_ptr_nonnull(strstr(it->text_en, "does not decide"));
            const xjd_item *f = TU_OBLIGATION(d, "catalogue.secret_in_public_catalogue", XJD_STAGE_BEFORE, XJ, 25, 3);
            TU_CITES_EXACTLY(f, "xj-data-2025 25¶3");
            only_prohibitions(d, keep);
            TU_NO(d, "secret.outside_engine");
            xjd_request_free(r);
        }
    }
}
END_TEST

/* Art. 24¶3 is about public data: a company's secret data cites the national provisions only. */
START_TEST(secret_non_public_data)
{
    tu_ds(ds, "secret", "work");
    tu_ds(ds, "category", "enterprise");
    tu_du(ds, "share_type");
    tu_du(ds, "open_type");
    xjd_request *r = tu_request("export");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.secret", XJD_DENY, "ndsmr", 63, 0), "ndsmr 63");
    TU_NO(d, "catalogue.secret_in_public_catalogue"); /* not in the public catalogue */
    xjd_request_free(r);
}
END_TEST

/* Only provisions in force: a state secret before 2025-01-01 cites DSL Art. 53¶1 alone (NDSMR
 * Art. 63 from 2025-01-01, Art. 24¶3 from 2025-05-01, both in China Standard Time). */
START_TEST(state_secret_citations_follow_the_dates)
{
    tu_ds(ds, "secret", "state");
    xjd_request *r = tu_request("export");
    tu_rs(r, "at", "2024-12-31T23:30:00+08:00");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.secret", XJD_DENY, "dsl", 53, 1), "dsl 53¶1");
    TU_NATIONAL(d, "ndsmr", false);
    tu_rs(r, "at", "2024-12-31T16:30:00Z"); /* 2025-01-01 00:30 in UTC+8 */
    d = tu_eval(eng, r, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "all.secret", XJD_DENY, "dsl", 53, 1), "dsl 53¶1; ndsmr 63");
    tu_rs(r, "at", "2025-04-30T10:00:00+08:00");
    d = tu_eval(eng, r, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "all.secret", XJD_DENY, "dsl", 53, 1), "dsl 53¶1; ndsmr 63");
    tu_rs(r, "at", "2025-05-01T10:00:00+08:00");
    d = tu_eval(eng, r, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "all.secret", XJD_DENY, "dsl", 53, 1), "dsl 53¶1; ndsmr 63; xj-data-2025 24¶3");
    xjd_request_free(r);
}
END_TEST

/* A work secret before 2025-01-01: no provision in force lets the engine decide (DSL Art. 53 is
 * about state secrets; NDSMR Art. 63 and Art. 24¶3 are not yet in force): review with
 * secret.outside_engine citing only what states the date (NDSMR Art. 64), never a permit, and
 * all.secret listed in rulebook.not_yet_in_force. Every citation of the review is in force or
 * states a date: none is NDSMR Art. 63. */
START_TEST(work_secret_before_2025_outside_engine)
{
    tu_ds(ds, "secret", "work");
    xjd_request *r = tu_request("export");
    tu_rs(r, "at", "2024-06-03T10:00:00+08:00");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_REVIEW);
    /* fixed: it cited NDSMR Art. 63, not in force on the request date; now Art. 64, which states the date */
    const xjd_item *it = TU_REASON(d, "secret.outside_engine", XJD_REVIEW, "ndsmr", 64, 0);
    TU_CITES_EXACTLY(it, "ndsmr 64");
    ck_assert_ptr_nonnull(strstr(it->text_en, "2025-01-01"));
    TU_NO(d, "all.secret");
    const xjd_item *w = tu_warning(d, "rulebook.not_yet_in_force");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(strstr(w->detail, "all.secret"));
    /* from 2025-01-01 NDSMR Art. 63 decides: deny, and the review is gone */
    tu_rs(r, "at", "2025-01-02T10:00:00+08:00");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.secret", XJD_DENY, "ndsmr", 63, 0), "ndsmr 63");
    TU_NO(d, "secret.outside_engine");
    xjd_request_free(r);
}
END_TEST

/* Only provisions in force ground an effect (docs/rules.md): over actions, secrecy marks, grades,
 * personal information and request dates on both sides of every law's first day, each citation a
 * decision carries under the enacted rulebook is in force on the request date, or is an article
 * that states a date (the regulation's Art. 64, NDSMR Art. 64). This sweep found
 * secret.outside_engine citing NDSMR Art. 63 before 2025-01-01. */
START_TEST(every_citation_in_force)
{
    static const char *const actions[] = { "share", "open", "export", "trade" };
    static const char *const secrets[] = { "none", "work", "state" };
    static const char *const grades[] = { "general", "important", "core" };
    static const char *const dates[] = { "2022-10-03", "2023-06-05", "2024-03-25", "2024-06-03", "2024-12-31",
                                         "2025-01-02", "2025-04-30", "2025-05-06", "2026-03-02" };
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    size_t decided = 0, cites = 0;
    for (size_t a = 0; a < 4; a++)
        for (size_t s = 0; s < 3; s++)
            for (size_t g = 0; g < 3; g++)
                for (int pi = 0; pi < 2; pi++)
                    for (size_t t = 0; t < sizeof dates / sizeof dates[0]; t++) {
                        xjd_request *r = tu_request(actions[a]);
                        char at[40];
                        snprintf(at, sizeof at, "%sT10:00:00+08:00", dates[t]);
                        tu_rs(r, "at", at);
                        tu_ds(ds, "secret", secrets[s]);
                        tu_ds(ds, "grade", grades[g]);
                        if (pi) {
                            tu_di(ds, "personal_info.individuals", 2000);
                            tu_di(ds, "personal_info.sensitive_individuals", 0);
                        } else {
                            tu_du(ds, "personal_info");
                        }
                        int rc = xjd_evaluate(d, eng, r, ds);
                        xjd_request_free(r);
                        if (rc == XJD_EINPUT)
                            continue; /* a fact this combination needs is not given */
                        ck_assert_int_eq(rc, 0);
                        decided++;
                        int64_t day = xjd_days_from_civil(atoi(dates[t]), (unsigned)atoi(dates[t] + 5),
                                                          (unsigned)atoi(dates[t] + 8));
                        for (int w = 0; w < 2; w++) {
                            size_t n = w == 0 ? xjd_decision_reason_count(d) : xjd_decision_obligation_count(d);
                            for (size_t i = 0; i < n; i++) {
                                const xjd_item *it =
                                    w == 0 ? xjd_decision_reason(d, i) : xjd_decision_obligation(d, i);
                                for (size_t k = 0; k < it->ncites; k++) {
                                    const xjd_cite *c = &it->cites[k];
                                    const xjd_law *l = xjd_law_find(c->law);
                                    ck_assert_ptr_nonnull(l);
                                    bool states_date = c->art == 64 && !c->para &&
                                                       (strcmp(c->law, XJ) == 0 || strcmp(c->law, "ndsmr") == 0);
                                    char one[96];
                                    ck_assert_msg(states_date || xjd_law_in_force(l, day),
                                                  "%s %s %s on %s: %s cites %s, not in force", actions[a], secrets[s],
                                                  grades[g], dates[t], it->code, tu_cite_text(one, sizeof one, c));
                                    cites++;
                                }
                            }
                        }
                    }
    xjd_decision_free(d);
    ck_assert_uint_gt(decided, 300);
    ck_assert_uint_gt(cites, 1000);
}
END_TEST

START_TEST(not_secret_no_reason)
{
    xjd_request *r = tu_request("share");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_NO(d, "all.secret");
    TU_NO(d, "secret.outside_engine");
    TU_EFFECT(d, XJD_PERMIT);
    xjd_request_free(r);
}
END_TEST

/* Art. 35¶3; DSL Art. 21¶2: core data is of the not-open kind, whatever open_type says. The
 * catalogue error (core data listed as openable) joins as a before step and stays on the deny. */
START_TEST(core_open_denied)
{
    static const char *const keep[] = { "catalogue.core_open", NULL };
    tu_ds(ds, "grade", "core");
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于应急管理");
    tu_ds(ds, "open_type", "conditional");
    xjd_request *r = tu_request("open");
    tu_rb(r, "open.provider_authorized", true);
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "all.core_open", XJD_DENY, XJ, 35, 3), "xj-data-2025 35¶3; dsl 21¶2");
    const xjd_item *f = TU_OBLIGATION(d, "catalogue.core_open", XJD_STAGE_BEFORE, "dsl", 21, 2);
    TU_CITES_EXACTLY(f, "dsl 21¶2; xj-data-2025 35¶3");
    only_prohibitions(d, keep);
    TU_NO(d, "open.conditional");
    TU_NO(d, "open.use_within_scope");
    TU_NATIONAL(d, "dsl", true);
    xjd_request_free(r);
}
END_TEST

/* DSL Art. 21¶2; NDSMR Art. 63 (from 2025-01-01): no general route for core data to leave — the
 * engine's deliberately conservative reading (docs/rules.md). */
START_TEST(core_export_denied)
{
    tu_ds(ds, "grade", "core");
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于应急管理");
    tu_ds(ds, "open_type", "none");
    xjd_request *r = tu_request("export");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.core_export", XJD_DENY, "dsl", 21, 2), "dsl 21¶2; ndsmr 63");
    TU_NATIONAL(d, "ndsmr", true);
    TU_NO(d, "all.core_trade");
    /* before 2025-01-01 the NDSMR grounds nothing: DSL Art. 21¶2 alone */
    tu_rs(r, "at", "2024-06-03T10:00:00+08:00");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.core_export", XJD_DENY, "dsl", 21, 2), "dsl 21¶2");
    xjd_request_free(r);
}
END_TEST

/* Art. 43¶2(3) with DSL Art. 21¶2, NDSMR Art. 63: trading core data is prohibited. */
START_TEST(core_trade_denied)
{
    tu_ds(ds, "grade", "core");
    xjd_request *r = tu_request("trade");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.core_trade", XJD_DENY, XJ, 43, 2),
                     "xj-data-2025 43¶2(3); dsl 21¶2; ndsmr 63");
    xjd_request_free(r);
}
END_TEST

/* DSL Art. 21¶2: core data is shared only with the approval its stricter regime requires
 * (share.core_data_approved, absent = not yet). */
START_TEST(core_share_review_until_approved)
{
    tu_ds(ds, "grade", "core");
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于应急管理");
    tu_ds(ds, "open_type", "none");
    xjd_request *r = tu_request("share");
    tu_rs(r, "share.provider_decision", "approved");
    tu_rb(r, "share.conditions_met", true);
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_REASON(d, "all.core_share", XJD_REVIEW, "dsl", 21, 2), "dsl 21¶2");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "all.core_share_approval", XJD_STAGE_BEFORE, "dsl", 21, 2), "dsl 21¶2");
    tu_rb(r, "share.core_data_approved", true);
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "all.core_share");
    TU_NO(d, "all.core_share_approval");
    /* listed for unconditional sharing, core data stays in review even when approved: the
     * catalogue error (DSL Art. 21¶2) joins as the step to fix the listing */
    tu_ds(ds, "share_type", "unconditional");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *f = TU_OBLIGATION(d, "catalogue.core_unconditional_share", XJD_STAGE_BEFORE, "dsl", 21, 2);
    TU_CITES_EXACTLY(f, "dsl 21¶2");
    ck_assert_str_eq(f->detail, "dataset.share_type");
    xjd_request_free(r);
}
END_TEST

/* Art. 31 (third sentence): once the work has ended, the data is sealed or destroyed; the use is
 * refused. The disposal and the confidentiality duty (second sentence) stand on the refusal. */
START_TEST(emergency_ended_denied_with_disposal_duty)
{
    static const char *const keep[] = { "all.emergency_dispose", "all.emergency_confidentiality",
                                        "catalogue.emergency_ended_listed", NULL };
    emergency();
    tu_db(ds, "emergency.ended", true);
    xjd_request *r = tu_request("share");
    tu_rb(r, "purpose.emergency_response", true);
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "all.emergency_ended", XJD_DENY, XJ, 31, 0), "xj-data-2025 31");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "all.emergency_dispose", XJD_STAGE_AFTER, XJ, 31, 0), "xj-data-2025 31");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "all.emergency_confidentiality", XJD_STAGE_AFTER, XJ, 31, 0),
                     "xj-data-2025 31");
    TU_NO(d, "all.emergency_unrelated");
    TU_NO(d, "all.emergency_within_purpose");
    TU_NO(d, "share.unconditional");
    TU_NO(d, "share.use_within_duties");
    ck_assert_ptr_null(tu_warning(d, "emergency.purpose_unrecorded"));
    only_prohibitions(d, keep);
    /* the catalogue error (emergency data still listed as shareable) joins as a kept before step */
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "catalogue.emergency_ended_listed", XJD_STAGE_BEFORE, XJ, 31, 0),
                     "xj-data-2025 31");
    xjd_request_free(r);
}
END_TEST

/* Art. 31: the period stated to the providers (period_end) is over from the next day (UTC+8): the
 * use is refused as if ended, with the disposal duty; on period_end itself it is not over. */
START_TEST(emergency_period_end_passed)
{
    emergency();
    tu_ds(ds, "emergency.period_end", "2026-03-01");
    xjd_request *r = tu_request("share");
    tu_rb(r, "purpose.emergency_response", true);
    emergency_share_approved(r);
    const xjd_decision *d = tu_eval(eng, r, ds); /* 2026-03-02 */
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.emergency_ended", XJD_DENY, XJ, 31, 0), "xj-data-2025 31");
    TU_OBLIGATION(d, "all.emergency_dispose", XJD_STAGE_AFTER, XJ, 31, 0);
    tu_ds(ds, "emergency.period_end", "2026-03-02");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "all.emergency_ended");
    TU_NO(d, "all.emergency_dispose");
    /* 2026-03-02T20:00Z is 03-03 04:00 in UTC+8: over */
    tu_rs(r, "at", "2026-03-02T20:00:00Z");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "all.emergency_ended", XJD_DENY, XJ, 31, 0);
    xjd_request_free(r);
}
END_TEST

/* Art. 31 (first sentence): not to be used for unrelated matters; the standing confidentiality
 * duty (second sentence) stays on the refusal, and so does the catalogue fix of the data's
 * unconditional open listing (which Art. 31 does not allow while the work goes on). */
START_TEST(emergency_unrelated_use_denied)
{
    static const char *const keep[] = { "all.emergency_confidentiality", "catalogue.emergency_unconditional_open",
                                        NULL };
    emergency();
    xjd_request *r = tu_request("open");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_CITES_EXACTLY(TU_REASON(d, "all.emergency_unrelated", XJD_DENY, XJ, 31, 0), "xj-data-2025 31");
    TU_OBLIGATION(d, "all.emergency_confidentiality", XJD_STAGE_AFTER, XJ, 31, 0);
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "catalogue.emergency_unconditional_open", XJD_STAGE_BEFORE, XJ, 31, 0),
                     "xj-data-2025 31");
    TU_NO(d, "all.emergency_ended");
    TU_NO(d, "open.unconditional");
    only_prohibitions(d, keep);
    xjd_request_free(r);
}
END_TEST

/* Art. 31: a sale is never the emergency's response, whatever the purpose flag says. */
START_TEST(emergency_trade_denied)
{
    emergency();
    xjd_request *r = tu_request("trade");
    tu_rb(r, "purpose.emergency_response", true);
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.emergency_trade", XJD_DENY, XJ, 31, 0), "xj-data-2025 31");
    TU_NO(d, "all.emergency_unrelated");
    TU_OBLIGATION(d, "all.emergency_confidentiality", XJD_STAGE_AFTER, XJ, 31, 0);
    xjd_request_free(r);
}
END_TEST

/* Art. 31 (first sentence): a use for the emergency is bound by the purpose and scope stated to
 * the providers, which the decision quotes; unrecorded, the warning emergency.purpose_unrecorded. */
START_TEST(emergency_purpose_quoted)
{
    emergency();
    xjd_request *r = tu_request("share");
    tu_rb(r, "purpose.emergency_response", true);
    emergency_share_approved(r);
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    const xjd_item *o = TU_OBLIGATION(d, "all.emergency_within_purpose", XJD_STAGE_AFTER, XJ, 31, 0);
    TU_CITES_EXACTLY(o, "xj-data-2025 31");
    ck_assert_str_eq(o->detail, "道路抢通调度");
    TU_OBLIGATION(d, "all.emergency_confidentiality", XJD_STAGE_AFTER, XJ, 31, 0);
    ck_assert_ptr_null(tu_warning(d, "emergency.purpose_unrecorded"));
    tu_du(ds, "emergency.purpose");
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    ck_assert_ptr_nonnull(tu_warning(d, "emergency.purpose_unrecorded"));
    tu_ds(ds, "emergency.purpose", "");
    d = tu_eval(eng, r, ds);
    ck_assert_ptr_nonnull(tu_warning(d, "emergency.purpose_unrecorded"));
    xjd_request_free(r);
}
END_TEST

/* Draft Art. 30¶1: no "unrelated matters" ban (new in enacted Art. 31): sharing and opening follow
 * their own rules whatever the purpose; trade and export provide the data to others: deny. The
 * standing duty is the draft's (30¶1), not the enacted confidentiality duty. */
START_TEST(draft_emergency_provision)
{
    static const char *const keep[] = { "all.draft_emergency_no_provision", NULL };
    emergency();
    xjd_request *r = tu_request("share");
    tu_rs(r, "rulebook", "xj-2024-draft");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "all.emergency_unrelated");
    TU_NO(d, "all.emergency_confidentiality");
    TU_NO(d, "all.emergency_within_purpose");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "all.draft_emergency_no_provision", XJD_STAGE_AFTER, DR, 30, 1),
                     "xj-data-2024-draft 30¶1");
    xjd_request_free(r);
    static const char *const acts[] = { "trade", "export" };
    for (int a = 0; a < 2; a++) {
        r = tu_request(acts[a]);
        tu_rb(r, "purpose.emergency_response", true);
        d = tu_eval(draft, r, ds);
        TU_CITES_EXACTLY(TU_REASON(d, "all.draft_emergency_provision", XJD_DENY, DR, 30, 1),
                         "xj-data-2024-draft 30¶1");
        TU_NO(d, "all.emergency_trade");
        only_prohibitions(d, keep);
        xjd_request_free(r);
    }
}
END_TEST

/* Draft Art. 30¶2: after the emergency, data with secrets or personal information is sealed or
 * destroyed (deny, with the disposal kept); other data is classified and assessed first (review,
 * emergency.class_assessment), not refused. */
START_TEST(draft_emergency_ended)
{
    emergency();
    tu_db(ds, "emergency.ended", true);
    xjd_request *r = tu_request("share");
    tu_rb(r, "purpose.emergency_response", true);
    const xjd_decision *d = tu_eval(draft, r, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "emergency.class_assessment", XJD_STAGE_BEFORE, DR, 30, 2),
                     "xj-data-2024-draft 30¶2");
    TU_NO(d, "all.draft_emergency_ended");
    TU_NO(d, "all.emergency_ended");
    /* holding personal information (de-identified, so draft Art. 38¶2 is met): deny and dispose */
    tu_di(ds, "personal_info.individuals", 3000);
    tu_di(ds, "personal_info.sensitive_individuals", 0);
    tu_db(ds, "personal_info.deidentified", true);
    tu_db(ds, "personal_info.anonymized", false);
    tu_ds(ds, "open_type", "conditional");
    d = tu_eval(draft, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_CITES_EXACTLY(TU_REASON(d, "all.draft_emergency_ended", XJD_DENY, DR, 30, 2), "xj-data-2024-draft 30¶2");
    TU_CITES_EXACTLY(TU_OBLIGATION(d, "all.draft_emergency_dispose", XJD_STAGE_AFTER, DR, 30, 2),
                     "xj-data-2024-draft 30¶2");
    TU_NO(d, "emergency.class_assessment");
    TU_NO(d, "share.unconditional");
    /* the same under the enacted text: Art. 31, whatever the data holds */
    tu_rs(r, "rulebook", "xj-2025");
    d = tu_eval(draft, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "all.emergency_ended", XJD_DENY, XJ, 31, 0);
    TU_NO(d, "all.draft_emergency_ended");
    /* a trade of ended non-personal emergency data under the draft: refused (30¶1), and the class
     * assessment, which binds the holder whatever is decided, stays */
    xjd_request_free(r);
    tu_du(ds, "personal_info");
    r = tu_request("trade");
    tu_rb(r, "purpose.emergency_response", true);
    d = tu_eval(draft, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "all.draft_emergency_provision", XJD_DENY, DR, 30, 1);
    TU_OBLIGATION(d, "emergency.class_assessment", XJD_STAGE_BEFORE, DR, 30, 2);
    xjd_request_free(r);
}
END_TEST

/* Draft Art. 38¶2: personal data provided to others is de-identified first — by share, open, trade
 * and export alike (docs/rules.md "The 2024 draft"); an export's recipient abroad is another. */
START_TEST(draft_deidentify_every_provision)
{
    tu_di(ds, "personal_info.individuals", 1200);
    tu_di(ds, "personal_info.sensitive_individuals", 0);
    tu_db(ds, "personal_info.deidentified", false);
    tu_db(ds, "personal_info.anonymized", false);
    tu_ds(ds, "open_type", "conditional");
    static const char *const acts[] = { "share", "open", "trade", "export" };
    for (int a = 0; a < 4; a++) {
        xjd_request *r = tu_request(acts[a]);
        tu_rs(r, "rulebook", "xj-2024-draft");
        if (strcmp(acts[a], "export") == 0)
            tu_ri(r, "export.individuals_ytd", 1200);
        const xjd_decision *d = tu_eval(eng, r, ds);
        ck_assert_int_ne(xjd_decision_effect(d), XJD_PERMIT);
        TU_CITES_EXACTLY(TU_REASON(d, "all.draft_pi_identifiable", XJD_REVIEW, DR, 38, 2), "xj-data-2024-draft 38¶2");
        TU_CITES_EXACTLY(TU_OBLIGATION(d, "all.draft_deidentify", XJD_STAGE_BEFORE, DR, 38, 2),
                         "xj-data-2024-draft 38¶2");
        /* not a rule of the enacted text */
        tu_rs(r, "rulebook", "xj-2025");
        d = tu_eval(eng, r, ds);
        TU_NO(d, "all.draft_pi_identifiable");
        TU_NO(d, "all.draft_deidentify");
        xjd_request_free(r);
    }
    /* de-identified, or anonymised (not personal information, draft Art. 3(4)): no step */
    xjd_request *r = tu_request("share");
    tu_db(ds, "personal_info.deidentified", true);
    const xjd_decision *d = tu_eval(draft, r, ds);
    TU_NO(d, "all.draft_deidentify");
    tu_db(ds, "personal_info.deidentified", false);
    tu_di(ds, "personal_info.individuals", 0);
    tu_db(ds, "personal_info.anonymized", true);
    d = tu_eval(draft, r, ds);
    TU_NO(d, "all.draft_deidentify");
    xjd_request_free(r);
}
END_TEST

/* "Only provisions in force": share, open, and the sale of public data by a public management and
 * service institution rest on the regional text alone; before 2025-05-01 (UTC+8) they are review
 * with rulebook.not_in_force (Art. 64, which states the date), never permit. Export and other
 * trades rest on national law. The draft is evaluated as if in force. */
START_TEST(regional_text_not_in_force)
{
    static const char *const acts[] = { "share", "open" };
    for (int a = 0; a < 2; a++) {
        xjd_request *r = tu_request(acts[a]);
        tu_rs(r, "at", "2025-04-30T23:59:00+08:00");
        const xjd_decision *d = tu_eval(eng, r, ds);
        TU_EFFECT(d, XJD_REVIEW);
        TU_CITES_EXACTLY(TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, XJ, 64, 0), "xj-data-2025 64");
        ck_assert_uint_eq(xjd_decision_reason_count(d), 0);
        const xjd_item *w = tu_warning(d, "rulebook.not_yet_in_force");
        ck_assert_ptr_nonnull(w);
        ck_assert_ptr_nonnull(strstr(w->detail, a == 0 ? "share.unconditional" : "open.unconditional"));
        tu_rs(r, "at", "2025-04-30T16:00:00Z"); /* 2025-05-01 00:00 in UTC+8 */
        d = tu_eval(eng, r, ds);
        TU_EFFECT(d, XJD_PERMIT);
        TU_NO(d, "rulebook.not_in_force");
        /* under the draft, never in force, evaluated as if it were */
        tu_rs(r, "at", "2024-06-03T10:00:00+08:00");
        tu_rs(r, "rulebook", "xj-2024-draft");
        d = tu_eval(eng, r, ds);
        TU_NO(d, "rulebook.not_in_force");
        xjd_request_free(r);
    }
    /* a public body selling public data: review; a company selling its own data: national law */
    xjd_request *r = tu_request("trade");
    tu_rs(r, "at", "2025-03-03T10:00:00+08:00");
    tu_rs(r, "trade.provider.kind", "public_body");
    tu_rb(r, "trade.provider.state_organ", true);
    const xjd_decision *d = tu_eval(eng, r, ds);
    ck_assert_int_ne(xjd_decision_effect(d), XJD_PERMIT);
    TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, XJ, 64, 0);
    tu_rs(r, "trade.provider.kind", "legal_person");
    tu_ru(r, "trade.provider.state_organ");
    tu_ds(ds, "category", "enterprise");
    tu_du(ds, "share_type");
    tu_du(ds, "open_type");
    d = tu_eval(eng, r, ds);
    TU_NO(d, "rulebook.not_in_force");
    xjd_request_free(r);
}
END_TEST

/* Art. 56¶1; DSL Art. 21: an unassessed grade is not bad input but review, for every action, with
 * the catalogue's missing-grade finding as the step (docs/rules.md "Decision semantics"). */
START_TEST(grade_unassessed_review)
{
    tu_du(ds, "grade");
    static const char *const acts[] = { "share", "open", "export", "trade" };
    for (int a = 0; a < 4; a++) {
        xjd_request *r = tu_request(acts[a]);
        const xjd_decision *d = tu_eval(eng, r, ds);
        ck_assert_int_ne(xjd_decision_effect(d), XJD_PERMIT);
        const xjd_item *f = TU_OBLIGATION(d, "catalogue.missing_grade", XJD_STAGE_BEFORE, XJ, 56, 1);
        TU_CITES_EXACTLY(f, "xj-data-2025 56¶1; dsl 21");
        ck_assert_str_eq(f->detail, "dataset.grade");
        xjd_request_free(r);
    }
}
END_TEST

/* Fields these rules need are errors naming them; no reason survives a failed evaluation. */
START_TEST(missing_fields_named)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    xjd_request *r = tu_request("share");
    tu_du(ds, "secret");
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.secret");
    tu_ds(ds, "secret", "none");
    tu_ds(ds, "emergency.event", "e");
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.emergency.ended");
    tu_db(ds, "emergency.ended", false);
    tu_ru(r, "purpose.emergency_response");
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "purpose.emergency_response");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 0);
    ck_assert_int_ne(xjd_decision_effect(d), XJD_PERMIT);
    xjd_request_free(r);
    xjd_decision_free(d);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, secret_denied_for_every_action);
    tcase_add_test(tc, secret_non_public_data);
    tcase_add_test(tc, state_secret_citations_follow_the_dates);
    tcase_add_test(tc, work_secret_before_2025_outside_engine);
    tcase_add_test(tc, every_citation_in_force);
    tcase_add_test(tc, not_secret_no_reason);
    tcase_add_test(tc, core_open_denied);
    tcase_add_test(tc, core_export_denied);
    tcase_add_test(tc, core_trade_denied);
    tcase_add_test(tc, core_share_review_until_approved);
    tcase_add_test(tc, emergency_ended_denied_with_disposal_duty);
    tcase_add_test(tc, emergency_period_end_passed);
    tcase_add_test(tc, emergency_unrelated_use_denied);
    tcase_add_test(tc, emergency_trade_denied);
    tcase_add_test(tc, emergency_purpose_quoted);
    tcase_add_test(tc, draft_emergency_provision);
    tcase_add_test(tc, draft_emergency_ended);
    tcase_add_test(tc, draft_deidentify_every_provision);
    tcase_add_test(tc, regional_text_not_in_force);
    tcase_add_test(tc, grade_unassessed_review);
    tcase_add_test(tc, missing_fields_named);
}

int main(void) { return tu_run("rules_all", add); }
