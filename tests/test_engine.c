/* SPDX-License-Identifier: MIT */
/*
 * Suite: engine — options, effect combination (deny > review > permit), every reason reported,
 * decision reuse without heap allocation, errors naming paths, warnings, national_rules and the
 * national set chosen by the request date, strict calendars, the clock, the parameter digest.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "law.h"
#include "national.h"
#include "rule.h"
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

/* Deny wins over review and permit; every prohibition stays listed. On deny the requester's
 * pending steps go (rules.md "A refusal says nothing in favour"), but the provider's reply binds
 * the provider whatever is decided (Art. 34¶2) and stays, with its due date. */
START_TEST(deny_wins_all_reasons_listed)
{
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    tu_rb(req, "purpose.onward_transfer", true);
    tu_rb(req, "purpose.statutory_duty", false);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
    TU_REASON(d, "share.outside_duty", XJD_DENY, XJ, 34, 1);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 2);
    TU_NO(d, "share.conditional_pending"); /* contributed review: outweighed, and not a prohibition */
    TU_NO(d, "share.condition_to_meet");   /* the requester's step to go ahead */
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.year, 2026);
    ck_assert_int_eq(o->due.month, 3);
    ck_assert_int_eq(o->due.day, 16);
    /* without the prohibitions the same request waits for the provider: review */
    tu_rb(req, "purpose.onward_transfer", false);
    tu_rb(req, "purpose.statutory_duty", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "share.conditional_pending", XJD_REVIEW, XJ, 34, 2);
}
END_TEST

/* Review wins over permit: core data (DSL Art. 21¶2) listed for unconditional sharing. And
 * "needs nothing" never stands beside "needs X" anywhere in the decision: no "obtained
 * directly" beside the approval the stricter regime needs and the catalogue fix. */
START_TEST(review_wins_over_permit)
{
    tu_ds(ds, "grade", "core");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_NO(d, "share.unconditional");
    TU_REASON(d, "all.core_share", XJD_REVIEW, "dsl", 21, 2);
    TU_OBLIGATION(d, "catalogue.core_unconditional_share", XJD_STAGE_BEFORE, "dsl", 21, 2);
    /* approved, and the listing fixed: the share is obtained directly */
    tu_rb(req, "share.core_data_approved", true);
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    tu_rs(req, "share.provider_decision", "approved");
    tu_rb(req, "share.conditions_met", true);
    tu_ds(ds, "open_type", "none");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
}
END_TEST

/* Counting allocator: n_alloc calls, n_live blocks alive; the fail_at-th call fails (0: none). */
static size_t n_alloc, n_live, fail_at;
static void *count_malloc(void *ud, size_t n)
{
    (void)ud;
    if (++n_alloc == fail_at)
        return NULL;
    void *p = malloc(n);
    n_live += p != NULL;
    return p;
}
static void *count_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    if (++n_alloc == fail_at)
        return NULL;
    void *q = realloc(p, n);
    n_live += !p && q;
    return q;
}
static void count_free(void *ud, void *p)
{
    (void)ud;
    n_live -= p != NULL;
    free(p);
}

/* A reused decision: results replaced, not accumulated, and no allocation at all. */
START_TEST(reuse_without_allocation)
{
    xjd_allocator a = { count_malloc, count_realloc, count_free, NULL };
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_options_new(&o, &a), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    ck_assert_int_eq(xjd_decision_new(&d, &a), 0);
    xjd_request *deny = tu_request("share");
    tu_rb(deny, "purpose.onward_transfer", true);
    xjd_request *pend = tu_request("share");
    xjd_dataset *cond = tu_dataset();
    tu_ds(cond, "share_type", "conditional");
    tu_dadd(cond, "share_conditions", "仅用于疾病防控");
    size_t before = n_alloc;
    for (int i = 0; i < 100; i++) {
        ck_assert_int_eq(xjd_evaluate(d, e, deny, ds), 0);
        ck_assert_int_eq(xjd_decision_effect(d), XJD_DENY);
        ck_assert_int_eq(xjd_evaluate(d, e, pend, cond), 0); /* with a due date */
        ck_assert_int_eq(xjd_decision_effect(d), XJD_REVIEW);
        ck_assert_int_eq(xjd_evaluate(d, e, req, ds), 0);
        ck_assert_int_eq(xjd_decision_effect(d), XJD_PERMIT);
        ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
        ck_assert_uint_eq(xjd_decision_obligation_count(d), 3);
        ck_assert_uint_eq(xjd_decision_warning_count(d), 0);
    }
    ck_assert_uint_eq(n_alloc, before);
    xjd_request_free(deny);
    xjd_request_free(pend);
    xjd_dataset_free(cond);
    xjd_decision_free(d);
    xjd_engine_free(e);
    xjd_options_free(o);
}
END_TEST

/* The engine's key and calendar copies come from the options' allocator, not the allocator of
 * the objects they were copied from (bug: they used the source's, so a host's allocator hook
 * never saw them and an out-of-memory test could not reach them). */
START_TEST(copies_use_the_options_allocator)
{
    xjd_allocator a = { count_malloc, count_realloc, count_free, NULL };
    xjd_key *k = NULL;
    xjd_calendar *c = NULL;
    ck_assert_int_eq(xjd_key_generate(&k, NULL), 0);
    ck_assert_int_eq(xjd_calendar_new(&c, 0, NULL), 0);
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    size_t live0 = n_live;
    ck_assert_int_eq(xjd_options_new(&o, &a), 0);
    size_t before = n_alloc;
    ck_assert_int_eq(xjd_options_set_key(o, k), 0);
    ck_assert_uint_gt(n_alloc, before);
    before = n_alloc;
    ck_assert_int_eq(xjd_options_set_calendar(o, c), 0);
    ck_assert_uint_gt(n_alloc, before);
    /* The sources can go: the options and the engine hold their own copies. */
    xjd_key_free(k);
    xjd_calendar_free(c);
    before = n_alloc;
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    size_t engine_allocs = n_alloc - before;
    xjd_options_free(o);
    /* With a failing allocator nothing is copied behind its back. */
    xjd_options *o2 = NULL;
    ck_assert_int_eq(xjd_options_new(&o2, &a), 0);
    ck_assert_int_eq(xjd_key_generate(&k, NULL), 0);
    ck_assert_int_eq(xjd_calendar_new(&c, 0, NULL), 0);
    ck_assert_int_eq(xjd_options_set_key(o2, k), 0);
    ck_assert_int_eq(xjd_options_set_calendar(o2, c), 0);
    xjd_engine *e2 = NULL;
    for (size_t i = 0; i < engine_allocs; i++) {
        fail_at = n_alloc + i + 1; /* the i-th allocation of engine creation fails */
        ck_assert_int_eq(xjd_engine_new(&e2, o2), XJD_ENOMEM);
        ck_assert_ptr_null(e2);
        fail_at = 0;
    }
    fail_at = 0;
    ck_assert_int_eq(xjd_engine_new(&e2, o2), 0);
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_evaluate(d, e2, req, ds), 0);
    ck_assert_int_eq(xjd_decision_effect(d), XJD_PERMIT);
    ck_assert_ptr_nonnull(xjd_decision_record(d, NULL));
    xjd_decision_free(d);
    xjd_engine_free(e2);
    xjd_engine_free(e);
    xjd_options_free(o2);
    xjd_key_free(k);
    xjd_calendar_free(c);
    ck_assert_uint_eq(n_live, live0);
}
END_TEST

/* Errors: the path of what is missing; never a usable-looking permit. */
START_TEST(errors_name_paths)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_evaluate(d, eng, req, NULL), XJD_EINPUT); /* no dataset embedded either */
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset");
    ck_assert_int_eq(xjd_decision_effect(d), 0);
    ck_assert_int_eq(xjd_request_set_dataset(req, ds), 0);
    ck_assert_int_eq(xjd_evaluate(d, eng, req, NULL), 0); /* the embedded dataset */
    ck_assert_int_eq(xjd_decision_effect(d), XJD_PERMIT);
    tu_ru(req, "action");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "action");
    ck_assert_str_ne(xjd_decision_errmsg(d), "");
    /* a receipt date no calendar can count from is an error naming it (the request dated after
     * it: a receipt later than the request is a contradiction, rules.md "Contradictory facts") */
    tu_rs(req, "action", "share");
    tu_ds(ds, "share_type", "conditional");
    tu_rs(req, "share.received_at", "9999-12-25");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "share.received_at");
    ck_assert_int_eq(xjd_decision_effect(d), 0);
    tu_rs(req, "at", "9999-12-30T10:00:00+08:00");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_ECALENDAR);
    ck_assert_str_eq(xjd_decision_errpath(d), "share.received_at");
    ck_assert_int_eq(xjd_decision_effect(d), 0);
    ck_assert_int_eq(xjd_evaluate(NULL, eng, req, ds), XJD_EINVAL);
    ck_assert_int_eq(xjd_evaluate(d, NULL, req, ds), XJD_EINVAL);
    ck_assert_int_eq(xjd_evaluate(d, eng, NULL, ds), XJD_EINVAL);
    ck_assert_int_eq(xjd_evaluate_ex(d, eng, req, ds, 1u << 7, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_evaluate_ex(d, eng, req, ds, XJD_EVAL_FULL | XJD_EVAL_DIGESTS, NULL), XJD_EINVAL);
    xjd_decision_free(d);
}
END_TEST

/* Before 2025-05-01 the enacted text was not in force: a share rests on it alone, so nothing in
 * force decides it: review with the step rulebook.not_in_force (Art. 64), never permit, and the
 * warning lists what the text would require (rules.md "Only provisions in force ground an
 * effect"; this was a permit with a warning before). */
START_TEST(warning_before_in_force)
{
    tu_rs(req, "at", "2025-04-30T23:00:00+08:00");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, XJ, 64, 0);
    TU_NO(d, "share.unconditional");
    TU_NO(d, "share.use_within_duties");
    const xjd_item *w = tu_warning(d, "rulebook.not_yet_in_force");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(w->detail);
    ck_assert_ptr_nonnull(strstr(w->detail, "share.unconditional"));
    ck_assert_ptr_nonnull(strstr(w->detail, "share.use_within_duties"));
    /* 2025-04-30T16:30Z is already 2025-05-01 00:30 in China Standard Time */
    tu_rs(req, "at", "2025-04-30T16:30:00Z");
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "rulebook.not_in_force");
    ck_assert_ptr_null(tu_warning(d, "rulebook.not_yet_in_force"));
    ck_assert_int_eq(xjd_decision_at(d), xjd_days_from_civil(2025, 4, 30) * 86400 + 16 * 3600 + 30 * 60);
}
END_TEST

/* national_rules: the laws cited; for export, the national set in force at the request date. */
START_TEST(national_rules_listed)
{
    const xjd_decision *d = tu_eval(eng, req, ds);
    ck_assert_uint_eq(xjd_decision_national_count(d), 0);
    xjd_request *ex = tu_request("export");
    d = tu_eval(eng, ex, ds);
    ck_assert_str_eq(xjd_decision_national(d, 0), "cbdf-2024"); /* from 2024-03-22 */
    tu_rs(ex, "at", "2023-06-01T10:00:00+08:00");
    d = tu_eval(eng, ex, ds);
    ck_assert_str_eq(xjd_decision_national(d, 0), "dsam-2022"); /* 2022-09-01 .. 2024-03-21 */
    TU_NATIONAL(d, "cbdf-2024", false);
    tu_rs(ex, "at", "2024-03-22T00:30:00+08:00");
    d = tu_eval(eng, ex, ds);
    ck_assert_str_eq(xjd_decision_national(d, 0), "cbdf-2024");
    xjd_request_free(ex);
    /* trade: the export set only when the request carries an export part */
    xjd_request *tr = tu_request("trade");
    d = tu_eval(eng, tr, ds);
    TU_NATIONAL(d, "cbdf-2024", false);
    xjd_request_free(tr);
}
END_TEST

/* Strict mode: a due date counted through an uncovered year is an error. */
START_TEST(strict_calendar)
{
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_strict(o, true), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    tu_ds(ds, "share_type", "conditional");
    tu_rs(req, "at", "2027-03-02T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2027-03-01"); /* 2027: no calendar layer has it */
    ck_assert_int_eq(xjd_evaluate(d, e, req, ds), XJD_ECALENDAR);
    ck_assert_str_eq(xjd_decision_errpath(d), "share.received_at");
    tu_rs(req, "share.received_at", "2025-09-26"); /* covered: fine */
    ck_assert_int_eq(xjd_evaluate(d, e, req, ds), 0);
    ck_assert_int_eq(xjd_decision_effect(d), XJD_REVIEW);
    xjd_decision_free(d);
    xjd_engine_free(e);
    xjd_options_free(o);
}
END_TEST

/* A host calendar with the 2026 regional dates: the count is exact, and the engine copied it. */
START_TEST(host_calendar)
{
    xjd_calendar *cal = NULL;
    ck_assert_int_eq(xjd_calendar_new(&cal, 0, NULL), 0);
    static const char text[] = "regional 2026 holiday 03-10 测试假日\n";
    ck_assert_int_eq(xjd_calendar_load(cal, text, sizeof text - 1), 0);
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_calendar(o, cal), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    xjd_calendar_free(cal);
    tu_ds(ds, "share_type", "conditional");
    tu_rs(req, "share.received_at", "2026-03-02");
    const xjd_decision *d = tu_eval(e, req, ds);
    const xjd_item *it = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(it->due.day, 17); /* one more day for the 03-10 holiday */
    ck_assert(!it->due_estimated);
    ck_assert_ptr_null(tu_warning(d, "calendar.estimated"));
    xjd_engine_free(e);
}
END_TEST

static int64_t fixed_clock(void *ud) { return *(const int64_t *)ud; }

/* Requests without `at` use the engine's clock. */
START_TEST(clock_for_requests_without_at)
{
    static int64_t now;
    now = xjd_days_from_civil(2025, 9, 26) * 86400 + 3600; /* 09:00 CST */
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_clock(o, fixed_clock, &now), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    tu_ru(req, "at");
    tu_ds(ds, "share_type", "conditional");
    const xjd_decision *d = tu_eval(e, req, ds);
    ck_assert_int_eq(xjd_decision_at(d), now);
    const xjd_item *it = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(it->due.month, 10);
    ck_assert_int_eq(it->due.day, 16);
    xjd_engine_free(e);
}
END_TEST

/* Options: unknown rulebook, keys without a secret, invalid national sets. */
START_TEST(options_validate)
{
    xjd_options *o = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_rulebook(o, "xj-1999"), XJD_ENOTFOUND);
    ck_assert_int_eq(xjd_options_set_docmode(o, (xjd_docmode)7), XJD_EINVAL);
    xjd_key *k = NULL, *pub = NULL;
    uint8_t pk[32];
    ck_assert_int_eq(xjd_key_generate(&k, NULL), 0);
    ck_assert_int_eq(xjd_key_public(pk, k), 0);
    ck_assert_int_eq(xjd_key_from_public(&pub, pk, NULL), 0);
    ck_assert_int_eq(xjd_options_set_key(o, pub), XJD_ENOKEY);
    ck_assert_int_eq(xjd_options_set_key(o, k), 0);
    xjd_national_rules bad = { 0 };
    bad.id = "broken";
    bad.effective_from = (xjd_date){ 2026, 2, 30 };
    ck_assert_int_eq(xjd_options_set_national(o, &bad, 1), XJD_EINPUT);
    /* with a key but XJD_EVAL_NOSIGN: decided, not signed */
    xjd_engine *e = NULL;
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_evaluate_ex(d, e, req, ds, XJD_EVAL_NOSIGN, NULL), 0);
    ck_assert_int_eq(xjd_decision_effect(d), XJD_PERMIT);
    size_t len = 1;
    ck_assert_ptr_null(xjd_decision_record(d, &len));
    ck_assert_uint_eq(len, 0);
    xjd_decision_free(d);
    xjd_engine_free(e);
    xjd_key_free(k);
    xjd_key_free(pub);
    xjd_options_free(o);
    xjd_options_free(NULL);
    xjd_engine_free(NULL);
}
END_TEST

/* A host's national set replaces the built-ins and is recorded by id. */
START_TEST(host_national_set)
{
    /* the outcomes' citations those of the built-in CBDF-2024 set (a set must cite every outcome
     * the export rules decide with, national.c); the rest the host's own */
    size_t nn = 0;
    const xjd_national_rules *builtin = xjd_national_builtin(&nn);
    ck_assert_uint_eq(nn, 2);
    xjd_national_rules set = builtin[1];
    xjd_options *o = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    set.ftz_negative_list = NULL;
    set.ftz_negative_count = 0;
    set.id = "host-2026";
    set.law = "cbdf-2024";
    set.effective_from = (xjd_date){ 2026, 1, 1 };
    set.assess_individuals = 1000000;
    set.assess_sensitive = 10000;
    set.contract_individuals = 100000;
    set.contract_sensitive = 1;
    set.assessment_validity_years = 3;
    set.exemptions = true;
    ck_assert_int_eq(xjd_options_set_national(o, &set, 1), 0);
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    xjd_request *ex = tu_request("export");
    const xjd_decision *d = tu_eval(e, ex, ds);
    ck_assert_str_eq(xjd_decision_national(d, 0), "host-2026");
    xjd_request_free(ex);
    xjd_engine_free(e);
}
END_TEST

/* The parameter digest names the rulebook and the national set used. */
START_TEST(params_digest)
{
    uint8_t a[32], b[32], c[32], z[32] = { 0 };
    const xjd_decision *d = tu_eval(eng, req, ds);
    memcpy(a, d->params_digest, 32);
    ck_assert(memcmp(a, z, 32) != 0);
    d = tu_eval(eng, req, ds);
    ck_assert(memcmp(a, d->params_digest, 32) == 0);
    tu_rs(req, "rulebook", "xj-2024-draft");
    d = tu_eval(eng, req, ds);
    memcpy(b, d->params_digest, 32);
    ck_assert(memcmp(a, b, 32) != 0);
    xjd_request *ex = tu_request("export");
    d = tu_eval(eng, ex, ds);
    memcpy(c, d->params_digest, 32);
    ck_assert(memcmp(a, c, 32) != 0);
    tu_rs(ex, "at", "2023-06-01T10:00:00+08:00");
    d = tu_eval(eng, ex, ds);
    ck_assert(memcmp(c, d->params_digest, 32) != 0); /* dsam-2022 instead of cbdf-2024 */
    xjd_request_free(ex);
}
END_TEST


/* With a key the decision is signed; the record verifies and carries the same decision. */
START_TEST(signed_when_the_engine_has_a_key)
{
    xjd_key *k = NULL;
    xjd_keyset *ks = NULL;
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    xjd_decision *d = NULL, *v = NULL;
    ck_assert_int_eq(xjd_key_generate(&k, NULL), 0);
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_key(o, k), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    tu_rs(req, "share.received_at", "2025-09-26");
    ck_assert_int_eq(xjd_evaluate_ex(d, e, req, ds, XJD_EVAL_DIGESTS, NULL), 0);
    size_t len = 0;
    const uint8_t *rec = xjd_decision_record(d, &len);
    ck_assert_ptr_nonnull(rec);
    ck_assert_uint_gt(len, 0);
    ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, k), 0);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    ck_assert_int_eq(xjd_decision_effect(v), XJD_REVIEW);
    const xjd_item *o2 = TU_OBLIGATION(v, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o2->due.month, 10);
    ck_assert_int_eq(o2->due.day, 16);
    ck_assert_str_eq(xjd_decision_rulebook(v), "xj-2025");
    /* not signed when asked not to */
    ck_assert_int_eq(xjd_evaluate_ex(d, e, req, ds, XJD_EVAL_NOSIGN, NULL), 0);
    ck_assert_ptr_null(xjd_decision_record(d, &len));
    xjd_decision_free(d);
    xjd_decision_free(v);
    xjd_keyset_free(ks);
    xjd_engine_free(e);
    xjd_key_free(k);
}
END_TEST

/* One engine, several threads, no locks: each thread's decisions are exactly the single-thread ones. */
typedef struct th_arg {
    const xjd_engine *e;
    const xjd_request *r[2];
    const xjd_dataset *ds[2];
    int bad;
} th_arg;

static void *th_main(void *p)
{
    th_arg *a = p;
    xjd_decision *d = NULL;
    if (xjd_decision_new(&d, NULL))
        return NULL;
    for (int i = 0; i < 2000; i++) {
        int k = i & 1;
        if (xjd_evaluate(d, a->e, a->r[k], a->ds[k]) != 0 ||
            xjd_decision_effect(d) != (k ? XJD_REVIEW : XJD_PERMIT) ||
            (k && xjd_decision_obligation(d, 0)->due.day != 16))
            a->bad++;
    }
    xjd_decision_free(d);
    return NULL;
}

START_TEST(shared_engine_across_threads)
{
    xjd_request *pend = tu_request("share");
    tu_rs(pend, "share.received_at", "2025-09-26");
    xjd_dataset *cond = tu_dataset();
    tu_ds(cond, "share_type", "conditional");
    th_arg args[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (th_arg){ eng, { req, pend }, { ds, cond }, 0 };
        ck_assert_int_eq(pthread_create(&t[i], NULL, th_main, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ck_assert_int_eq(args[i].bad, 0);
    }
    xjd_request_free(pend);
    xjd_dataset_free(cond);
}
END_TEST

/* ---- the principles of rules.md "Decision semantics", across families ---- */

/* The table holding the row with `code`, or NULL (an engine-written item such as a warning). */
static const xjd_rule_table *table_of(const char *code, const xjd_rule **out)
{
    const xjd_rule *r = xjd_rule_find(code);
    *out = r;
    for (size_t t = 0; r && xjd_rule_table_nth(t); t++) {
        const xjd_rule_table *tb = xjd_rule_table_nth(t);
        if (r >= tb->rows && r < tb->rows + tb->n)
            return tb;
    }
    return NULL;
}

static bool row_any_date(const xjd_rule *r)
{
    for (size_t i = 0; r && i < r->ncites; i++)
        if (r->cites[i].any_date)
            return true;
    return false;
}

/* Checks what every decision must satisfy, whatever the case:
 * - its effect is the strongest item (deny > review > permit; a before step is review); where no
 *   item contributes, review with engine.no_rule; a permit always has a permit reason;
 * - every item cites, and only provisions in force at the request date (CST), the draft under
 *   the draft, and the rows that state a date (Art. 64) excepted;
 * - a deny carries only prohibitions, the steps that bind others and the holder's standing duties
 *   (rows kept on deny, catalogue fixes): no permit reason, no after-duty of the refused action,
 *   no step of the requester;
 * - "needs nothing" never stands beside "needs X" or a prohibition of the same family. */
#define INVARIANTS(d) invariants_at(__FILE__, __LINE__, (d))
static void invariants_at(const char *file, int line, const xjd_decision *d)
{
    xjd_effect strongest = (xjd_effect)0;
    bool permit_reason = false;
    int64_t day = (xjd_decision_at(d) + 8 * 3600) / 86400;
    const xjd_law *rblaw = NULL;
    const xjd_rulebook *rb = xjd_rulebook_find(xjd_decision_rulebook(d));
    if (rb)
        rblaw = xjd_law_find(rb->law);
    unsigned blocked = 0; /* families with a before step or a deny */
    for (int w = 0; w < 2; w++) {
        size_t n = w ? xjd_decision_obligation_count(d) : xjd_decision_reason_count(d);
        for (size_t i = 0; i < n; i++) {
            const xjd_item *it = w ? xjd_decision_obligation(d, i) : xjd_decision_reason(d, i);
            xjd_effect contributes = w ? (it->stage == XJD_STAGE_BEFORE ? XJD_REVIEW : (xjd_effect)0) : it->effect;
            if (contributes > strongest)
                strongest = contributes;
            permit_reason |= !w && it->effect == XJD_PERMIT;
            const xjd_rule *r;
            const xjd_rule_table *tb = table_of(it->code, &r);
            ck_assert_msg(r && tb, "%s:%d: item %s names no rule row", file, line, it->code);
            ck_assert_msg(it->ncites > 0, "%s:%d: %s cites nothing", file, line, it->code);
            for (size_t k = 0; k < it->ncites; k++) {
                const xjd_law *l = xjd_law_find(it->cites[k].law);
                ck_assert_msg(l != NULL, "%s:%d: %s cites unknown law %s", file, line, it->code, it->cites[k].law);
                bool ok = xjd_law_in_force(l, day) || (l == rblaw && l->kind == XJD_LAWK_DRAFT) || row_any_date(r);
                ck_assert_msg(ok, "%s:%d: %s cites %s Art. %d, not in force at the request date", file, line,
                              it->code, l->id, it->cites[k].art);
            }
            if ((w && it->stage == XJD_STAGE_BEFORE) || (!w && it->effect == XJD_DENY))
                blocked |= 1u << tb->family;
            if (xjd_decision_effect(d) == XJD_DENY) {
                bool kept = (r->flags & XJD_RF_KEEP_ON_DENY) || tb->family == XJD_FAM_CATALOGUE;
                ck_assert_msg((!w && it->effect == XJD_DENY) || kept,
                              "%s:%d: a refusal carries %s (effect %s, stage %d)", file, line, it->code,
                              xjd_effect_name(it->effect), it->stage);
                ck_assert_msg(w || it->effect != XJD_PERMIT, "%s:%d: a refusal carries permit reason %s", file, line,
                              it->code);
            }
        }
    }
    for (int w = 0; w < 2; w++) {
        size_t n = w ? xjd_decision_obligation_count(d) : xjd_decision_reason_count(d);
        for (size_t i = 0; i < n; i++) {
            const xjd_item *it = w ? xjd_decision_obligation(d, i) : xjd_decision_reason(d, i);
            const xjd_rule *r;
            const xjd_rule_table *tb = table_of(it->code, &r);
            ck_assert_msg(!(r->flags & XJD_RF_NOTHING_NEEDED) || !(blocked & (1u << tb->family)),
                          "%s:%d: %s (needs nothing) beside a step or a prohibition of its family", file, line,
                          it->code);
        }
    }
    if (strongest == 0) {
        ck_assert_msg(xjd_decision_effect(d) == XJD_REVIEW && tu_warning(d, "engine.no_rule"),
                      "%s:%d: no item contributes, yet effect %s", file, line, xjd_effect_name(xjd_decision_effect(d)));
    } else {
        if (xjd_decision_effect(d) != strongest)
            tu_dump(d);
        ck_assert_msg(xjd_decision_effect(d) == strongest, "%s:%d: effect %s, strongest item %s", file, line,
                      xjd_effect_name(xjd_decision_effect(d)), xjd_effect_name(strongest));
    }
    ck_assert_msg(xjd_decision_effect(d) != XJD_PERMIT || permit_reason, "%s:%d: a permit without a permit reason",
                  file, line);
}

/* Scenarios across the families; each returns the request and dataset to evaluate. */
#define NSCEN 40
static void scenario(int i, xjd_request **rq, xjd_dataset **dd)
{
    static const char *const act[] = { "share", "open", "export", "trade" };
    xjd_request *r = *rq = tu_request(act[i < 14 ? 0 : i < 20 ? 1 : i < 30 ? 2 : 3]);
    xjd_dataset *x = *dd = tu_dataset();
    switch (i) {
    /* share */
    case 0: break; /* unconditional: permit */
    case 1: tu_ds(x, "share_type", "conditional"); tu_dadd(x, "share_conditions", "仅用于疾病防控"); break;
    case 2: tu_rb(r, "purpose.onward_transfer", true); break;
    case 3:
        tu_ds(x, "share_type", "conditional");
        tu_dadd(x, "share_conditions", "仅用于疾病防控");
        tu_rb(r, "purpose.onward_transfer", true);
        tu_ds(x, "emergency.event", "2026年伊犁州地震");
        tu_db(x, "emergency.ended", false);
        tu_ds(x, "emergency.purpose", "震后伤员救治");
        tu_rb(r, "purpose.emergency_response", true);
        break;
    case 4: tu_ds(x, "grade", "core"); tu_ds(x, "share_type", "conditional"); tu_dadd(x, "share_conditions", "c"); break;
    case 5: tu_ds(x, "secret", "state"); break;
    case 6:
        tu_rs(r, "at", "2025-04-28T10:00:00+08:00");
        tu_rs(r, "share.received_at", "2025-04-24");
        tu_ds(x, "share_type", "conditional");
        tu_dadd(x, "share_conditions", "c");
        break;
    case 7: tu_ds(x, "share_type", "none"); tu_ds(x, "share_basis", "《中华人民共和国统计法》第三十九条"); tu_ds(x, "open_type", "none"); break;
    case 8:
        tu_ds(x, "share_type", "conditional");
        tu_dadd(x, "share_conditions", "c");
        tu_rs(r, "share.provider_decision", "approved");
        tu_rb(r, "share.conditions_met", true);
        break;
    case 9: tu_rs(r, "share.provider_decision", "refused"); break;
    case 10: tu_ds(x, "share_type", "conditional"); break; /* no share_conditions: catalogue error */
    case 11: tu_du(x, "grade"); break;
    case 12: tu_rs(r, "rulebook", "xj-2024-draft"); tu_db(x, "on_platform", false); break;
    case 13:
        tu_rs(r, "at", "2026-03-20T10:00:00+08:00"); /* a conditional share overdue */
        tu_rs(r, "share.received_at", "2026-03-02");
        tu_ds(x, "share_type", "conditional");
        tu_dadd(x, "share_conditions", "c");
        tu_rb(r, "purpose.statutory_duty", false);
        break;
    /* open */
    case 14: break; /* unconditional: permit */
    case 15: tu_ds(x, "open_type", "conditional"); tu_rb(r, "open.provider_authorized", true); break;
    case 16: tu_ds(x, "open_type", "none"); break;
    case 17: tu_ds(x, "grade", "important"); break;
    case 18: tu_rs(r, "at", "2025-04-30T10:00:00+08:00"); break;
    case 19: tu_di(x, "personal_info.individuals", 5000); tu_db(x, "personal_info.deidentified", false);
             tu_db(x, "personal_info.anonymized", false); break;
    /* export */
    case 20: break; /* no personal information, no important data: permit */
    case 21: tu_rb(r, "export.recipient_judicial", true); break;
    case 22:
        tu_di(x, "personal_info.individuals", 150000);
        tu_db(x, "personal_info.anonymized", false);
        tu_ri(r, "export.individuals_ytd", 150000);
        break;
    case 23:
        tu_di(x, "personal_info.individuals", 2000000);
        tu_db(x, "personal_info.anonymized", false);
        tu_ri(r, "export.individuals_ytd", 2000000);
        break;
    case 24:
        tu_di(x, "personal_info.individuals", 300);
        tu_db(x, "personal_info.anonymized", false);
        tu_ri(r, "export.individuals_ytd", 300);
        tu_rs(r, "export.exemption", "contract");
        break;
    case 25:
        tu_rs(r, "at", "2024-06-03T10:00:00+08:00");
        tu_ds(x, "grade", "important");
        tu_rs(r, "export.assessment.status", "passed");
        tu_rs(r, "export.assessment.valid_until", "2026-06-01");
        tu_rb(r, "export.within_assessed_scope", false);
        break;
    case 26: tu_rs(r, "at", "2023-07-03T10:00:00+08:00"); break;
    case 27: tu_rs(r, "at", "2022-06-01T10:00:00+08:00"); tu_ds(x, "grade", "important"); break;
    case 28: tu_ds(x, "grade", "core"); break;
    case 29: tu_ds(x, "grade", "important"); tu_rb(r, "export.recipient_judicial", true); break;
    /* trade */
    case 30: tu_ds(x, "category", "enterprise"); break; /* direct sale: permit */
    case 31: tu_ds(x, "category", "enterprise"); tu_rb(r, "trade.rights_holder_authorized", false); break;
    case 32: tu_ds(x, "category", "enterprise"); tu_rs(r, "trade.venue", "exchange");
             tu_rb(r, "trade.identities_verified", false); break;
    case 33: tu_rs(r, "trade.provider.kind", "public_body"); tu_rb(r, "trade.provider.state_organ", false);
             tu_rb(r, "requester.public_service_operator", true); break;
    case 34: tu_rs(r, "at", "2025-04-30T10:00:00+08:00"); tu_rs(r, "trade.provider.kind", "public_body");
             tu_rb(r, "trade.provider.state_organ", false); break;
    case 35: tu_ds(x, "category", "enterprise"); tu_ds(x, "grade", "core"); break;
    case 36:
        tu_ds(x, "category", "enterprise");
        tu_rs(r, "export.destination", "KZ");
        tu_rs(r, "export.recipient", "Almaty Freight LLP");
        tu_rb(r, "export.recipient_judicial", false);
        tu_ri(r, "export.individuals_ytd", 0);
        tu_ri(r, "export.sensitive_individuals_ytd", 0);
        tu_rs(r, "export.exemption", "none");
        tu_rs(r, "export.legal_basis", "contract");
        tu_rs(r, "export.assessment.status", "none");
        break;
    case 37: tu_ds(x, "category", "enterprise"); tu_rs(r, "at", "2025-04-30T10:00:00+08:00");
             tu_rb(r, "trade.rights_holder_authorized", false); break;
    case 38: tu_ds(x, "category", "enterprise"); tu_ds(x, "emergency.event", "e"); tu_db(x, "emergency.ended", false);
             tu_rb(r, "purpose.emergency_response", true); break;
    case 39: tu_ds(x, "category", "enterprise"); tu_rs(r, "rulebook", "xj-2024-draft"); break;
    default: ck_abort_msg("no scenario %d", i);
    }
}

/* Every decision of the scenarios satisfies the invariants; the scenarios reach every effect in
 * every family, so the invariants are not checked on a narrow sample. */
START_TEST(invariants_across_families)
{
    xjd_effect seen[4][4] = { { 0 } };
    for (int i = 0; i < NSCEN; i++) {
        xjd_request *r;
        xjd_dataset *x;
        scenario(i, &r, &x);
        xjd_decision *d = NULL;
        ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
        int rc = xjd_evaluate(d, eng, r, x);
        ck_assert_msg(rc == 0, "scenario %d: %s (%s: %s)", i, xjd_strerror(rc), xjd_decision_errpath(d),
                      xjd_decision_errmsg(d));
        if (getenv("TU_DUMP")) { /* debugging aid: every scenario's decision */
            fprintf(stderr, "--- scenario %d\n", i);
            tu_dump(d);
        }
        INVARIANTS(d);
        int fam = i < 14 ? 0 : i < 20 ? 1 : i < 30 ? 2 : 3;
        seen[fam][xjd_decision_effect(d)] = 1;
        xjd_decision_free(d);
        xjd_request_free(r);
        xjd_dataset_free(x);
    }
    for (int f = 0; f < 4; f++)
        for (int e = XJD_PERMIT; e <= XJD_DENY; e++)
            ck_assert_msg(seen[f][e], "family %d never reached effect %d", f, e);
}
END_TEST

/* Every citation of every item names `law` at most `n` times at article `art` (0: any article). */
static size_t count_cites(const xjd_item *it, const char *law, int art)
{
    size_t n = 0;
    for (size_t i = 0; it && i < it->ncites; i++)
        n += strcmp(it->cites[i].law, law) == 0 && (!art || it->cites[i].art == art);
    return n;
}

static bool detail_has(const xjd_item *w, const char *s) { return w && w->detail && strstr(w->detail, s); }

/* rules.md "Only provisions in force ground an effect", in every family: a provision not in force
 * contributes no reason, duty or due date; the warning rulebook.not_yet_in_force lists what it
 * would require with the dates it would give; where a provision in force covers the same ground
 * it is cited instead; where nothing in force decides an action only the regional text provides
 * for, review with rulebook.not_in_force, never permit. */
START_TEST(not_in_force_grounds_nothing)
{
    /* share before 2025-05-01: received 2025-04-24, the reply would be due 2025-05-19 (the period
     * runs from the day the text took effect); no item carries a date */
    tu_rs(req, "at", "2025-04-28T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2025-04-24");
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 0);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 1);
    const xjd_item *o = TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, XJ, 64, 0);
    ck_assert_int_eq(o->due.year, 0);
    const xjd_item *w = tu_warning(d, "rulebook.not_yet_in_force");
    ck_assert_msg(detail_has(w, "share.provider_reply (2025-05-19)"), "%s", w ? w->detail : "no warning");
    ck_assert(detail_has(w, "share.conditional_pending"));
    ck_assert(detail_has(w, "share.condition_to_meet"));
    ck_assert_ptr_null(tu_warning(d, "share.received_before_in_force"));
    INVARIANTS(d);
    /* the same application asked about once the text is in force: that date, now grounded */
    tu_rs(req, "at", "2025-05-06T10:00:00+08:00");
    d = tu_eval(eng, req, ds);
    o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.month, 5);
    ck_assert_int_eq(o->due.day, 19);
    ck_assert_ptr_nonnull(tu_warning(d, "share.received_before_in_force"));
    ck_assert_ptr_null(tu_warning(d, "rulebook.not_yet_in_force"));

    /* open before 2025-05-01: review, never the permit of Art. 35¶2 */
    xjd_request *op = tu_request("open");
    tu_rs(op, "at", "2025-04-30T23:59:59+08:00");
    d = tu_eval(eng, op, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, XJ, 64, 0);
    TU_NO(d, "open.unconditional");
    ck_assert(detail_has(tu_warning(d, "rulebook.not_yet_in_force"), "open.unconditional"));
    INVARIANTS(d);
    xjd_request_free(op);

    /* export before NDSMR (2025-01-01): a transfer beyond the assessed scope is not denied under
     * NDSMR Art. 38 but re-applied for under DSAM-2022 Art. 14; the after-duties cite only what
     * is in force (CBDF-2024 Art. 11, not NDSMR Art. 38 nor the regional Art. 59¶2) */
    xjd_request *ex = tu_request("export");
    xjd_dataset *imp = tu_dataset();
    tu_ds(imp, "grade", "important");
    tu_ds(imp, "open_type", "none");
    tu_rs(ex, "at", "2024-12-31T10:00:00+08:00");
    tu_rs(ex, "export.assessment.status", "passed");
    tu_rs(ex, "export.assessment.valid_until", "2026-06-01");
    tu_rb(ex, "export.within_assessed_scope", false);
    d = tu_eval(eng, ex, imp);
    TU_EFFECT(d, XJD_REVIEW);
    TU_NO(d, "export.beyond_assessed_scope");
    TU_OBLIGATION(d, "export.reassessment", XJD_STAGE_BEFORE, "dsam-2022", 14, 0);
    o = TU_OBLIGATION(d, "export.after_measures", XJD_STAGE_AFTER, "cbdf-2024", 11, 0);
    ck_assert_uint_eq(count_cites(o, "ndsmr", 0), 0);
    ck_assert_uint_eq(count_cites(o, XJ, 0), 0);
    ck_assert(detail_has(tu_warning(d, "rulebook.not_yet_in_force"), "export.beyond_assessed_scope"));
    INVARIANTS(d);
    /* from 2025-01-01 NDSMR Art. 38 grounds the refusal; DSAM-2022 Art. 14 gave way to it */
    tu_rs(ex, "at", "2025-01-01T00:00:00+08:00");
    d = tu_eval(eng, ex, imp);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "export.beyond_assessed_scope", XJD_DENY, "ndsmr", 38, 0);
    TU_NO(d, "export.reassessment");
    INVARIANTS(d);

    /* secret data before NDSMR: a state secret is refused under DSL Art. 53¶1 alone; a work
     * secret has no provision in force: review secret.outside_engine */
    tu_rs(ex, "at", "2024-12-31T10:00:00+08:00");
    tu_rb(ex, "export.within_assessed_scope", true);
    tu_ds(imp, "secret", "state");
    d = tu_eval(eng, ex, imp);
    TU_EFFECT(d, XJD_DENY);
    const xjd_item *r = TU_REASON(d, "all.secret", XJD_DENY, "dsl", 53, 1);
    ck_assert_uint_eq(r->ncites, 1);
    INVARIANTS(d);
    tu_ds(imp, "secret", "work");
    d = tu_eval(eng, ex, imp);
    TU_EFFECT(d, XJD_REVIEW);
    r = TU_REASON(d, "secret.outside_engine", XJD_REVIEW, "ndsmr", 64, 0); /* the article stating the date */
    ck_assert_uint_eq(r->ncites, 1);
    TU_NO(d, "all.secret");
    tu_rs(ex, "at", "2025-01-02T10:00:00+08:00");
    d = tu_eval(eng, ex, imp);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "all.secret", XJD_DENY, "ndsmr", 63, 0);
    TU_NO(d, "secret.outside_engine");
    xjd_request_free(ex);
    xjd_dataset_free(imp);

    /* trade of public data by a public management and service institution before 2025-05-01 */
    xjd_request *tr = tu_request("trade");
    tu_rs(tr, "at", "2025-04-30T10:00:00+08:00");
    tu_rs(tr, "trade.provider.kind", "public_body");
    tu_rb(tr, "trade.provider.state_organ", false);
    d = tu_eval(eng, tr, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, XJ, 64, 0);
    TU_NO(d, "trade.public_body_outside_authorized_operation");
    ck_assert(detail_has(tu_warning(d, "rulebook.not_yet_in_force"), "trade.public_body_outside_authorized_operation"));
    INVARIANTS(d);
    xjd_request_free(tr);
}
END_TEST

/* rules.md "A refusal says nothing in favour": a share refused while the provider's reply is
 * pending keeps the reply and its due date (Art. 34¶2 binds the provider) and the holder's
 * standing duty for emergency data (Art. 31, second sentence); the permit reasons, the
 * after-duties of the refused share and the requester's steps go. */
START_TEST(refusal_says_nothing_in_favour)
{
    /* without the prohibition: what the decision would carry */
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    tu_ds(ds, "emergency.event", "2026年伊犁州地震");
    tu_db(ds, "emergency.ended", false);
    tu_ds(ds, "emergency.purpose", "震后伤员救治");
    tu_rb(req, "purpose.emergency_response", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "share.conditional_pending", XJD_REVIEW, XJ, 34, 2);
    TU_OBLIGATION(d, "share.condition_to_meet", XJD_STAGE_BEFORE, XJ, 33, 2);
    TU_OBLIGATION(d, "all.emergency_within_purpose", XJD_STAGE_AFTER, XJ, 31, 0);
    TU_OBLIGATION(d, "all.emergency_confidentiality", XJD_STAGE_AFTER, XJ, 31, 0);
    TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    /* refused: the data would go to a third party (Art. 34¶1) */
    tu_rb(req, "purpose.onward_transfer", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 1);
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.year, 2026);
    ck_assert_int_eq(o->due.month, 3);
    ck_assert_int_eq(o->due.day, 16);
    TU_OBLIGATION(d, "all.emergency_confidentiality", XJD_STAGE_AFTER, XJ, 31, 0);
    TU_NO(d, "share.conditional_pending");
    TU_NO(d, "share.condition_to_meet");
    TU_NO(d, "all.emergency_within_purpose");
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 2);
    INVARIANTS(d);

    /* in every family the permit reasons and after-duties of the refused action go */
    tu_rb(req, "purpose.onward_transfer", false);
    xjd_dataset *plain = tu_dataset();
    d = tu_eval(eng, req, plain);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "share.unconditional", XJD_PERMIT, XJ, 34, 1);
    tu_rb(req, "purpose.onward_transfer", true);
    d = tu_eval(eng, req, plain);
    TU_EFFECT(d, XJD_DENY);
    TU_NO(d, "share.unconditional");
    TU_NO(d, "share.use_within_duties");
    TU_NO(d, "share.no_third_party");
    INVARIANTS(d);

    xjd_request *op = tu_request("open");
    tu_ds(plain, "open_type", "conditional");
    tu_rb(op, "open.provider_authorized", true);
    d = tu_eval(eng, op, plain);
    TU_EFFECT(d, XJD_PERMIT);
    TU_OBLIGATION(d, "open.no_tampering", XJD_STAGE_AFTER, XJ, 36, 2);
    tu_ds(plain, "grade", "core");
    d = tu_eval(eng, op, plain);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "all.core_open", XJD_DENY, XJ, 35, 3);
    TU_NO(d, "open.conditional");
    TU_NO(d, "open.no_tampering");
    INVARIANTS(d);
    xjd_request_free(op);
    tu_ds(plain, "grade", "general");

    xjd_request *ex = tu_request("export");
    d = tu_eval(eng, ex, plain);
    TU_EFFECT(d, XJD_PERMIT);
    TU_OBLIGATION(d, "export.after_measures", XJD_STAGE_AFTER, "cbdf-2024", 11, 0);
    tu_rb(ex, "export.recipient_judicial", true);
    d = tu_eval(eng, ex, plain);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "export.judicial_no_approval", XJD_DENY, "dsl", 36, 0); /* no personal information: not PIPL Art. 41 */
    TU_NO(d, "export.after_measures");
    TU_NO(d, "export.no_pi_no_important");
    INVARIANTS(d);
    xjd_request_free(ex);

    xjd_request *tr = tu_request("trade");
    tu_ds(plain, "category", "enterprise");
    d = tu_eval(eng, tr, plain);
    TU_EFFECT(d, XJD_PERMIT);
    TU_OBLIGATION(d, "trade.pricing_market", XJD_STAGE_AFTER, XJ, 45, 0);
    tu_rb(tr, "trade.rights_holder_authorized", false);
    d = tu_eval(eng, tr, plain);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "trade.rights_holder_unauthorized", XJD_DENY, XJ, 43, 2);
    TU_NO(d, "trade.direct_allowed");
    TU_NO(d, "trade.pricing_market");
    INVARIANTS(d);
    xjd_request_free(tr);
    xjd_dataset_free(plain);
}
END_TEST

/* rules.md "Decision semantics": a row whose effect is that nothing is needed fires only when no
 * row of its family requires a step or forbids the action. */
START_TEST(nothing_needed_never_beside_needs)
{
    xjd_request *ex = tu_request("export");
    xjd_dataset *x = tu_dataset();
    tu_ds(x, "open_type", "none");
    /* no personal information, no important data: nothing needed */
    const xjd_decision *d = tu_eval(eng, ex, x);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "export.no_pi_no_important", XJD_PERMIT, "dsl", 31, 0);
    /* the same data to a foreign court without approval: the prohibition alone */
    tu_rb(ex, "export.recipient_judicial", true);
    d = tu_eval(eng, ex, x);
    TU_EFFECT(d, XJD_DENY);
    TU_NO(d, "export.no_pi_no_important");
    INVARIANTS(d);
    tu_rb(ex, "export.recipient_judicial", false);
    /* an exemption claimed (a contract with the individual, CBDF-2024 Art. 5¶1(1)) needs no
     * mechanism; consent as the basis without separate consent needs a step of the same family,
     * so "needs no mechanism" does not stand beside it */
    tu_di(x, "personal_info.individuals", 300);
    tu_db(x, "personal_info.anonymized", false);
    tu_ri(ex, "export.individuals_ytd", 300);
    tu_rs(ex, "export.exemption", "contract");
    d = tu_eval(eng, ex, x);
    TU_EFFECT(d, XJD_PERMIT);
    const xjd_item *r = TU_REASON(d, "export.exemption", XJD_PERMIT, "cbdf-2024", 5, 1);
    ck_assert(tu_cites_item(r, "cbdf-2024", 5, 1, 1));
    tu_rs(ex, "export.legal_basis", "consent");
    d = tu_eval(eng, ex, x);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "export.separate_consent", XJD_STAGE_BEFORE, "pipl", 39, 0);
    TU_NO(d, "export.exemption");
    TU_NO(d, "export.no_mechanism");
    INVARIANTS(d);
    /* no exemption, below every threshold: no mechanism, unless a step of the family is missing */
    tu_rs(ex, "export.exemption", "none");
    tu_rs(ex, "export.legal_basis", "contract");
    d = tu_eval(eng, ex, x);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "export.no_mechanism", XJD_PERMIT, "cbdf-2024", 5, 1);
    tu_rb(ex, "export.pia_done", false);
    d = tu_eval(eng, ex, x);
    TU_EFFECT(d, XJD_REVIEW);
    TU_OBLIGATION(d, "export.pia_missing", XJD_STAGE_BEFORE, "pipl", 55, 0);
    TU_NO(d, "export.no_mechanism");
    INVARIANTS(d);
    xjd_request_free(ex);
    xjd_dataset_free(x);
}
END_TEST

/* rules.md "Fail closed": a catalogue error finding joins an evaluation as a before step (fix the
 * entry; code = the finding's code, detail = its path) when it bears on the action, so the effect
 * is at most review; otherwise it joins as a warning. Warning findings never join. */
START_TEST(catalogue_errors_join)
{
    /* share_conditions: bears on share, not on open */
    tu_ds(ds, "share_type", "conditional");
    tu_ds(ds, "open_type", "unconditional");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    const xjd_item *o = TU_OBLIGATION(d, "catalogue.conditional_without_conditions", XJD_STAGE_BEFORE, XJ, 33, 2);
    ck_assert_str_eq(o->detail, "dataset.share_conditions");
    ck_assert_ptr_null(tu_warning(d, "catalogue.conditional_without_conditions"));
    INVARIANTS(d);
    xjd_request *op = tu_request("open");
    d = tu_eval(eng, op, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_NO(d, "catalogue.conditional_without_conditions");
    const xjd_item *w = tu_warning(d, "catalogue.conditional_without_conditions");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->detail, "dataset.share_conditions");
    INVARIANTS(d);
    /* an open listing: bears on open, a warning for share (Art. 33¶3: it does not hold up sharing) */
    xjd_dataset *imp = tu_dataset();
    tu_ds(imp, "grade", "important");
    d = tu_eval(eng, req, imp);
    TU_EFFECT(d, XJD_PERMIT);
    ck_assert_ptr_nonnull(tu_warning(d, "catalogue.important_unconditional_open"));
    TU_NO(d, "catalogue.important_unconditional_open");
    d = tu_eval(eng, op, imp);
    TU_EFFECT(d, XJD_DENY);
    TU_OBLIGATION(d, "catalogue.important_unconditional_open", XJD_STAGE_BEFORE, XJ, 35, 3); /* a fix, kept */
    INVARIANTS(d);
    xjd_dataset_free(imp);
    /* grade: bears on every action; a share or opening that was a permit waits for the fix */
    xjd_dataset *ng = tu_dataset();
    tu_du(ng, "grade");
    static const char *const acts[] = { "share", "open", "export", "trade" };
    for (size_t i = 0; i < 4; i++) {
        xjd_request *r = tu_request(acts[i]);
        d = tu_eval(eng, r, ng);
        TU_EFFECT(d, XJD_REVIEW);
        o = TU_OBLIGATION(d, "catalogue.missing_grade", XJD_STAGE_BEFORE, XJ, 56, 1);
        ck_assert_str_eq(o->detail, "dataset.grade");
        INVARIANTS(d);
        xjd_request_free(r);
    }
    xjd_dataset_free(ng);
    /* a warning finding (not on the platform, Art. 24¶1) joins neither way */
    xjd_dataset *np = tu_dataset();
    tu_db(np, "on_platform", false);
    d = tu_eval(eng, req, np);
    TU_NO(d, "catalogue.not_on_platform");
    ck_assert_ptr_null(tu_warning(d, "catalogue.not_on_platform"));
    xjd_dataset_free(np);
    xjd_request_free(op);
}
END_TEST

/* The effect is the strongest item (deny > review > permit) and a permit always comes from a
 * permit reason: one decision carrying all three contributions, and the fall-back when nothing
 * decides. */
START_TEST(effect_is_the_strongest_item)
{
    /* permit reason (conditional share approved, conditions met), review (core data without the
     * approval its regime requires, DSL Art. 21¶2), deny (onward transfer, Art. 34¶1) */
    tu_ds(ds, "grade", "core");
    tu_ds(ds, "open_type", "none");
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    tu_rs(req, "share.provider_decision", "approved");
    tu_rb(req, "share.conditions_met", true);
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "share.conditional_approved", XJD_PERMIT, XJ, 33, 2);
    TU_REASON(d, "all.core_share", XJD_REVIEW, "dsl", 21, 2);
    INVARIANTS(d);
    tu_rb(req, "purpose.onward_transfer", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
    INVARIANTS(d);
    tu_rb(req, "purpose.onward_transfer", false);
    tu_rb(req, "share.core_data_approved", true);
    d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_PERMIT);
    TU_REASON(d, "share.conditional_approved", XJD_PERMIT, XJ, 33, 2);
    INVARIANTS(d);
    /* a trade between companies before the regional text: only regional rows would decide it and
     * none is in force; nothing contributes, so review with engine.no_rule, never permit */
    xjd_request *tr = tu_request("trade");
    xjd_dataset *ent = tu_dataset();
    tu_ds(ent, "category", "enterprise");
    tu_rs(tr, "at", "2025-04-30T10:00:00+08:00");
    d = tu_eval(eng, tr, ent);
    TU_EFFECT(d, XJD_REVIEW);
    ck_assert_ptr_nonnull(tu_warning(d, "engine.no_rule"));
    ck_assert(detail_has(tu_warning(d, "rulebook.not_yet_in_force"), "trade.direct_allowed"));
    INVARIANTS(d);
    xjd_request_free(tr);
    xjd_dataset_free(ent);
}
END_TEST

/* An unknown rulebook named by the request is an input error naming `rulebook`, not a decision
 * under the default. */
START_TEST(unknown_rulebook_is_input_error)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    tu_rs(req, "rulebook", "xj-1999");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "rulebook");
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(d), "xj-1999"));
    ck_assert_int_eq(xjd_decision_effect(d), 0);
    ck_assert_uint_eq(xjd_decision_reason_count(d), 0);
    tu_rs(req, "rulebook", "");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "rulebook");
    tu_rs(req, "rulebook", "xj-2024-draft");
    ck_assert_int_eq(xjd_evaluate(d, eng, req, ds), 0);
    ck_assert_str_eq(xjd_decision_rulebook(d), "xj-2024-draft");
    xjd_decision_free(d);
}
END_TEST

/* The parameter digest (a record's "params") is a function of the content of every parameter a
 * decision rests on: it changes when a row's citation, a concordance entry or a national set's
 * citation changes, and is the same for the same content wherever it lives in memory. */
START_TEST(params_digest_tracks_parameters)
{
    const xjd_rule_table *tables[8];
    size_t nt = 0;
    while (nt < 8 && xjd_rule_table_nth(nt)) {
        tables[nt] = xjd_rule_table_nth(nt);
        nt++;
    }
    const xjd_rulebook *en = xjd_rulebook_find("xj-2025"), *dr = xjd_rulebook_find("xj-2024-draft");
    size_t nn = 0;
    const xjd_national_rules *nat = xjd_national_builtin(&nn);
    const xjd_national_rules *cbdf = &nat[nn - 1];
    uint8_t base[32], base_ex[32], x[32];
    /* what decisions record is this function over every table */
    const xjd_decision *d = tu_eval(eng, req, ds);
    xjd_params_digest(base, tables, nt, en, NULL);
    ck_assert(memcmp(base, d->params_digest, 32) == 0);
    xjd_request *ex = tu_request("export");
    d = tu_eval(eng, ex, ds);
    xjd_params_digest(base_ex, tables, nt, en, cbdf);
    ck_assert(memcmp(base_ex, d->params_digest, 32) == 0);
    xjd_params_digest(x, tables, nt, en, NULL); /* stable */
    ck_assert(memcmp(base, x, 32) == 0);

    /* a row's citation: the share table copied, one citation of one row changed at a time */
    const xjd_rule_table *sh = &xjd_rules_share;
    size_t k = (size_t)(xjd_rule_find("share.provider_reply") - sh->rows);
    ck_assert_uint_lt(k, sh->n);
    xjd_rule *rows = malloc(sh->n * sizeof *rows);
    ck_assert_ptr_nonnull(rows);
    memcpy(rows, sh->rows, sh->n * sizeof *rows);
    xjd_rcite cs[8];
    ck_assert_uint_le(rows[k].ncites, 8);
    memcpy(cs, rows[k].cites, rows[k].ncites * sizeof cs[0]);
    rows[k].cites = cs;
    xjd_rule_table copy = { sh->family, rows, sh->n, sh->cond };
    const xjd_rule_table *mod[8];
    memcpy(mod, tables, sizeof mod);
    for (size_t t = 0; t < nt; t++)
        if (tables[t] == sh)
            mod[t] = &copy;
    xjd_params_digest(x, mod, nt, en, NULL); /* the same content elsewhere: the same digest */
    ck_assert(memcmp(base, x, 32) == 0);
    const xjd_rcite orig = cs[0];
    for (int change = 0; change < 8; change++) {
        cs[0] = orig;
        switch (change) {
        case 0: cs[0].c.art = 35; break;
        case 1: cs[0].c.para = 1; break;
        case 2: cs[0].c.item = 1; break;
        case 3: cs[0].c.para_to = 3; break;
        case 4: cs[0].c.law = XJD_LAW_XJ_DRAFT; break;
        case 5: cs[0].cond = 1; break;
        case 6: cs[0].unless = XJD_LAW_NDSMR; break;
        case 7: cs[0].any_date = 1; break;
        }
        xjd_params_digest(x, mod, nt, en, NULL);
        ck_assert_msg(memcmp(base, x, 32) != 0, "change %d of a citation leaves the digest", change);
    }
    cs[0] = orig;
    rows[k].ncites--; /* a citation dropped */
    xjd_params_digest(x, mod, nt, en, NULL);
    ck_assert(memcmp(base, x, 32) != 0);
    free(rows);

    /* a concordance entry: the draft's copied, then one entry changed */
    uint8_t base_dr[32];
    xjd_params_digest(base_dr, tables, nt, dr, NULL);
    tu_rs(req, "rulebook", "xj-2024-draft");
    d = tu_eval(eng, req, ds);
    ck_assert(memcmp(base_dr, d->params_digest, 32) == 0);
    tu_ru(req, "rulebook");
    xjd_concord *cc = malloc(dr->nconcord * sizeof *cc);
    ck_assert_ptr_nonnull(cc);
    memcpy(cc, dr->concord, dr->nconcord * sizeof *cc);
    xjd_rulebook rb = *dr;
    rb.concord = cc;
    xjd_params_digest(x, tables, nt, &rb, NULL);
    ck_assert(memcmp(base_dr, x, 32) == 0);
    ck_assert(cc[3].art == 24 && cc[3].para == 1 && cc[3].to[0].para == 1);
    cc[3].to[0].para = 2; /* 24¶1 -> 22¶2 instead of 22¶1 */
    xjd_params_digest(x, tables, nt, &rb, NULL);
    ck_assert(memcmp(base_dr, x, 32) != 0);
    memcpy(cc, dr->concord, dr->nconcord * sizeof *cc);
    cc[0].item = 1; /* the enacted side */
    xjd_params_digest(x, tables, nt, &rb, NULL);
    ck_assert(memcmp(base_dr, x, 32) != 0);
    memcpy(cc, dr->concord, dr->nconcord * sizeof *cc);
    rb.nconcord--; /* an entry dropped */
    xjd_params_digest(x, tables, nt, &rb, NULL);
    ck_assert(memcmp(base_dr, x, 32) != 0);
    rb.nconcord++;
    rb.unlisted_same = true;
    xjd_params_digest(x, tables, nt, &rb, NULL);
    ck_assert(memcmp(base_dr, x, 32) != 0);
    free(cc);

    /* a national set's citation: the built-in sets copied into a host's options */
    xjd_national_rules sets[4];
    ck_assert_uint_le(nn, 4);
    memcpy(sets, nat, nn * sizeof sets[0]);
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_national(o, sets, nn), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    d = tu_eval(e, ex, ds);
    ck_assert(memcmp(base_ex, d->params_digest, 32) == 0); /* same content, same digest */
    xjd_engine_free(e);
    int slot = XJD_NS_MEASURES;
    ck_assert_uint_gt(cbdf->ncites[slot], 0);
    xjd_cite ncs[8];
    memcpy(ncs, cbdf->cites[slot], cbdf->ncites[slot] * sizeof ncs[0]);
    ncs[0].art = (uint16_t)(ncs[0].art + 1);
    sets[nn - 1].cites[slot] = ncs;
    ck_assert_int_eq(xjd_options_set_national(o, sets, nn), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    d = tu_eval(e, ex, ds);
    ck_assert(memcmp(base_ex, d->params_digest, 32) != 0);
    xjd_params_digest(x, tables, nt, en, &sets[nn - 1]);
    ck_assert(memcmp(x, d->params_digest, 32) == 0);
    d = tu_eval(e, req, ds); /* a share uses no national set: its digest does not move */
    ck_assert(memcmp(base, d->params_digest, 32) == 0);
    xjd_engine_free(e);
    xjd_params_digest(x, tables, nt, en, &sets[nn - 1]);
    ncs[0].art = cbdf->cites[slot][0].art;
    ncs[0].law = XJD_LAW_PIPL; /* the law of a citation */
    uint8_t y[32];
    xjd_params_digest(y, tables, nt, en, &sets[nn - 1]);
    ck_assert(memcmp(x, y, 32) != 0 && memcmp(base_ex, y, 32) != 0);
    xjd_options_free(o);
    xjd_request_free(ex);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, deny_wins_all_reasons_listed);
    tcase_add_test(tc, review_wins_over_permit);
    tcase_add_test(tc, reuse_without_allocation);
    tcase_add_test(tc, errors_name_paths);
    tcase_add_test(tc, warning_before_in_force);
    tcase_add_test(tc, national_rules_listed);
    tcase_add_test(tc, strict_calendar);
    tcase_add_test(tc, host_calendar);
    tcase_add_test(tc, clock_for_requests_without_at);
    tcase_add_test(tc, options_validate);
    tcase_add_test(tc, host_national_set);
    tcase_add_test(tc, params_digest);
    tcase_add_test(tc, signed_when_the_engine_has_a_key);
    tcase_add_test(tc, shared_engine_across_threads);
    tcase_add_test(tc, copies_use_the_options_allocator);
    tcase_add_test(tc, invariants_across_families);
    tcase_add_test(tc, not_in_force_grounds_nothing);
    tcase_add_test(tc, refusal_says_nothing_in_favour);
    tcase_add_test(tc, nothing_needed_never_beside_needs);
    tcase_add_test(tc, catalogue_errors_join);
    tcase_add_test(tc, effect_is_the_strongest_item);
    tcase_add_test(tc, unknown_rulebook_is_input_error);
    tcase_add_test(tc, params_digest_tracks_parameters);
}

int main(void) { return tu_run("engine", add); }
