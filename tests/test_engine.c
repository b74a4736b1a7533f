/* SPDX-License-Identifier: MIT */
/*
 * Suite: engine — options, effect combination (deny > review > permit), every reason reported,
 * decision reuse without heap allocation, errors naming paths, warnings, national_rules and the
 * national set chosen by the request date, strict calendars, the clock, the parameter digest.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "national.h"
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

/* Review wins over permit: core data (DSL Art. 21¶2) shared unconditionally. */
START_TEST(review_wins_over_permit)
{
    tu_ds(ds, "grade", "core");
    const xjd_decision *d = tu_eval(eng, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    TU_REASON(d, "share.unconditional", XJD_PERMIT, XJ, 34, 1);
    TU_REASON(d, "all.core_share", XJD_REVIEW, "dsl", 21, 2);
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
    xjd_national_rules set;
    xjd_options *o = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    memset(&set, 0, sizeof set);
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
}

int main(void) { return tu_run("engine", add); }
