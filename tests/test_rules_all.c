/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_all — docs/rules.md "Family: every action": secret data (Art. 24¶3, 25¶3), core
 * data (DSL Art. 21¶2, Art. 35¶3, NDSMR Art. 63, Art. 43¶2(3)), emergency data (Art. 31).
 */
#include <string.h>

#include "testutil.h"

#define XJ "xj-data-2025"

static xjd_engine *eng;
static xjd_dataset *ds;

static void setup(void)
{
    eng = tu_engine(NULL);
    ds = tu_dataset();
}

static void teardown(void)
{
    xjd_dataset_free(ds);
    xjd_engine_free(eng);
}

/* Art. 24¶3, 25¶3: secret data is handled under secrecy law, for every action. */
START_TEST(secret_denied_for_every_action)
{
    static const char *const actions[] = { "share", "open", "export", "trade" };
    static const char *const kinds[] = { "state", "work" };
    for (int k = 0; k < 2; k++) {
        tu_ds(ds, "secret", kinds[k]);
        for (int a = 0; a < 4; a++) {
            xjd_request *r = tu_request(actions[a]);
            const xjd_decision *d = tu_eval(eng, r, ds);
            TU_EFFECT(d, XJD_DENY);
            const xjd_item *it = TU_REASON(d, "all.secret", XJD_DENY, XJ, 24, 3);
            ck_assert(tu_cites(it, XJ, 25, 3));
            xjd_request_free(r);
        }
    }
}
END_TEST

START_TEST(not_secret_no_reason)
{
    xjd_request *r = tu_request("share");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_NO(d, "all.secret");
    TU_EFFECT(d, XJD_PERMIT);
    xjd_request_free(r);
}
END_TEST

/* Art. 35¶3; DSL Art. 21¶2: core data is of the not-open kind, whatever open_type says. */
START_TEST(core_open_denied)
{
    tu_ds(ds, "grade", "core");
    tu_ds(ds, "open_type", "conditional");
    xjd_request *r = tu_request("open");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "all.core_open", XJD_DENY, XJ, 35, 3);
    ck_assert(tu_cites(it, "dsl", 21, 2));
    TU_NATIONAL(d, "dsl", true);
    xjd_request_free(r);
}
END_TEST

/* DSL Art. 21¶2; NDSMR Art. 63: no general route for core data to leave. */
START_TEST(core_export_denied)
{
    tu_ds(ds, "grade", "core");
    xjd_request *r = tu_request("export");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "all.core_export", XJD_DENY, "dsl", 21, 2);
    ck_assert(tu_cites(it, "ndsmr", 63, 0));
    TU_NATIONAL(d, "ndsmr", true);
    TU_NO(d, "all.core_trade");
    xjd_request_free(r);
}
END_TEST

/* Before 2025-01-01 the NDSMR was not in force: its citation is dropped, DSL Art. 21¶2 remains. */
START_TEST(core_export_before_ndsmr)
{
    tu_ds(ds, "grade", "core");
    xjd_request *r = tu_request("export");
    tu_rs(r, "at", "2024-06-03T10:00:00+08:00");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *it = TU_REASON(d, "all.core_export", XJD_DENY, "dsl", 21, 2);
    ck_assert(!tu_cites(it, "ndsmr", 63, 0));
    ck_assert_uint_eq(it->ncites, 1);
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
    const xjd_item *it = TU_REASON(d, "all.core_trade", XJD_DENY, XJ, 43, 2);
    ck_assert(tu_cites_item(it, XJ, 43, 2, 3));
    ck_assert(tu_cites(it, "dsl", 21, 2));
    ck_assert(tu_cites(it, "ndsmr", 63, 0));
    xjd_request_free(r);
}
END_TEST

/* DSL Art. 21¶2: core data shared only with the stricter regime's approval. */
START_TEST(core_share_review_until_approved)
{
    tu_ds(ds, "grade", "core");
    xjd_request *r = tu_request("share");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "all.core_share", XJD_REVIEW, "dsl", 21, 2);
    TU_OBLIGATION(d, "all.core_share_approval", XJD_STAGE_BEFORE, "dsl", 21, 2);
    tu_rb(r, "share.core_data_approved", true);
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "all.core_share");
    TU_NO(d, "all.core_share_approval");
    xjd_request_free(r);
}
END_TEST

/* Art. 31: after the emergency work ends, the data is sealed or destroyed. */
START_TEST(emergency_ended_denied_with_disposal_duty)
{
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", true);
    xjd_request *r = tu_request("share");
    tu_rb(r, "purpose.emergency_response", true);
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "all.emergency_ended", XJD_DENY, XJ, 31, 0);
    TU_OBLIGATION(d, "all.emergency_dispose", XJD_STAGE_AFTER, XJ, 31, 0);
    TU_NO(d, "all.emergency_unrelated");
    xjd_request_free(r);
}
END_TEST

/* Art. 31: not to be used for unrelated matters. */
START_TEST(emergency_unrelated_use_denied)
{
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", false);
    xjd_request *r = tu_request("open");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "all.emergency_unrelated", XJD_DENY, XJ, 31, 0);
    TU_NO(d, "all.emergency_ended");
    /* serving that emergency, the data may be shared */
    xjd_request_free(r);
    r = tu_request("share");
    tu_rb(r, "purpose.emergency_response", true);
    d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "all.emergency_unrelated");
    xjd_request_free(r);
}
END_TEST

/* Fields these rules need are errors naming them. */
START_TEST(missing_fields_named)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    xjd_request *r = tu_request("share");
    tu_du(ds, "secret");
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.secret");
    tu_ds(ds, "secret", "none");
    tu_du(ds, "grade");
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.grade");
    tu_ds(ds, "grade", "general");
    tu_ds(ds, "emergency.event", "e");
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.emergency.ended");
    tu_db(ds, "emergency.ended", false);
    tu_ru(r, "purpose.emergency_response");
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "purpose.emergency_response");
    ck_assert_uint_eq(xjd_decision_reason_count(d), 0);
    xjd_request_free(r);
    xjd_decision_free(d);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, secret_denied_for_every_action);
    tcase_add_test(tc, not_secret_no_reason);
    tcase_add_test(tc, core_open_denied);
    tcase_add_test(tc, core_export_denied);
    tcase_add_test(tc, core_export_before_ndsmr);
    tcase_add_test(tc, core_trade_denied);
    tcase_add_test(tc, core_share_review_until_approved);
    tcase_add_test(tc, emergency_ended_denied_with_disposal_duty);
    tcase_add_test(tc, emergency_unrelated_use_denied);
    tcase_add_test(tc, missing_fields_named);
}

int main(void) { return tu_run("rules_all", add); }
