/* SPDX-License-Identifier: MIT */
/*
 * Suite: threads — one engine shared by many threads with no locks on the evaluate path.
 * Threads evaluate (signed and unsigned), sign later with one shared key, and verify with one
 * shared key set, all over the same request and dataset objects, and must get the decisions
 * the main thread got. Run under ThreadSanitizer by .ci/run (build-tsan).
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xjdata.h"

#define NTHREADS 4
#define ROUNDS 60
#define NREQ 4

static const uint8_t seed[32] = {
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
};

#define OK(call) ck_assert_int_eq((call), 0)

static xjd_engine *engine;
static xjd_key *key;
static xjd_keyset *keyset;
static xjd_dataset *dataset;
static xjd_request *reqs[NREQ];

/* What the main thread decided for each request. */
typedef struct expected {
    xjd_effect effect;
    size_t nreasons, nobligations;
    char codes[96][64];
} expected;
static expected want[NREQ];

static int64_t fixed_clock(void *ud)
{
    (void)ud;
    return 1772416800; /* 2026-03-02T02:00:00Z */
}

static xjd_request *new_request(const char *action)
{
    xjd_request *r = NULL;
    OK(xjd_request_new(&r, NULL));
    OK(xjd_request_set_string(r, "action", action));
    OK(xjd_request_set_string(r, "at", "2026-03-02T10:00:00+08:00"));
    OK(xjd_request_set_string(r, "requester.id", "xj-health-commission"));
    OK(xjd_request_set_string(r, "requester.kind", "public_body"));
    OK(xjd_request_set_bool(r, "requester.ciio", false));
    OK(xjd_request_set_bool(r, "requester.state_organ", false));
    OK(xjd_request_set_bool(r, "requester.access_terminated", false));
    OK(xjd_request_set_bool(r, "purpose.emergency_response", false));
    OK(xjd_request_set_bool(r, "purpose.statutory_duty", true));
    OK(xjd_request_set_bool(r, "purpose.onward_transfer", false));
    OK(xjd_request_set_string(r, "purpose.scenario", "传染病监测"));
    return r;
}

static void build_documents(void)
{
    OK(xjd_dataset_new(&dataset, NULL));
    OK(xjd_dataset_set_string(dataset, "id", "xj-hc-0042"));
    OK(xjd_dataset_set_string(dataset, "category", "public"));
    OK(xjd_dataset_set_string(dataset, "grade", "general"));
    OK(xjd_dataset_set_string(dataset, "secret", "none"));
    OK(xjd_dataset_set_bool(dataset, "on_platform", true));
    OK(xjd_dataset_set_string(dataset, "share_type", "conditional"));
    OK(xjd_dataset_add_string(dataset, "share_conditions", "仅用于疾病防控"));
    OK(xjd_dataset_set_string(dataset, "open_type", "conditional"));
    OK(xjd_dataset_set_int(dataset, "personal_info.individuals", 52000));
    OK(xjd_dataset_set_int(dataset, "personal_info.sensitive_individuals", 0));
    OK(xjd_dataset_set_bool(dataset, "personal_info.deidentified", true));
    OK(xjd_dataset_set_bool(dataset, "personal_info.anonymized", false));

    reqs[0] = new_request("share");
    OK(xjd_request_set_string(reqs[0], "share.received_at", "2026-03-02"));
    OK(xjd_request_set_string(reqs[0], "share.provider_decision", "pending"));
    reqs[1] = new_request("open");
    OK(xjd_request_set_bool(reqs[1], "open.commitment_signed", true));
    OK(xjd_request_set_string(reqs[1], "open.security_measures", "脱敏"));
    OK(xjd_request_set_bool(reqs[1], "open.risk_assessed", true));
    reqs[2] = new_request("export");
    OK(xjd_request_set_string(reqs[2], "export.destination", "KZ"));
    OK(xjd_request_set_string(reqs[2], "export.recipient", "Almaty Clinic"));
    OK(xjd_request_set_bool(reqs[2], "export.recipient_judicial", false));
    OK(xjd_request_set_int(reqs[2], "export.individuals_ytd", 120000));
    OK(xjd_request_set_int(reqs[2], "export.sensitive_individuals_ytd", 0));
    OK(xjd_request_set_string(reqs[2], "export.exemption", "none"));
    OK(xjd_request_set_string(reqs[2], "export.legal_basis", "consent"));
    OK(xjd_request_set_string(reqs[2], "export.assessment.status", "pending"));
    reqs[3] = new_request("trade");
    OK(xjd_request_set_string(reqs[3], "trade.venue", "exchange"));
    OK(xjd_request_set_string(reqs[3], "trade.provider.id", "xj-data-co"));
    OK(xjd_request_set_string(reqs[3], "trade.provider.kind", "legal_person"));
    OK(xjd_request_set_bool(reqs[3], "trade.rights_holder_authorized", true));
    OK(xjd_request_set_bool(reqs[3], "trade.individual_authorization", true));
    OK(xjd_request_set_bool(reqs[3], "trade.authorized_operation", false));
    OK(xjd_request_set_bool(reqs[3], "trade.risk_assessed", true));
    OK(xjd_request_set_bool(reqs[3], "trade.source_explained", true));
    OK(xjd_request_set_bool(reqs[3], "trade.identities_verified", true));
    OK(xjd_request_set_bool(reqs[3], "trade.endangers_security", false));
    OK(xjd_request_set_bool(reqs[3], "trade.harms_public_interest", false));
    OK(xjd_request_set_bool(reqs[3], "trade.infringes_privacy", false));
}

static void setup(void)
{
    xjd_options *o = NULL;
    OK(xjd_key_from_seed(&key, seed, NULL));
    OK(xjd_keyset_new(&keyset, NULL));
    OK(xjd_keyset_add(keyset, key));
    OK(xjd_options_new(&o, NULL));
    OK(xjd_options_set_clock(o, fixed_clock, NULL));
    OK(xjd_options_set_key(o, key));
    OK(xjd_engine_new(&engine, o));
    xjd_options_free(o);
    build_documents();
}

static void teardown(void)
{
    for (int i = 0; i < NREQ; i++)
        xjd_request_free(reqs[i]);
    xjd_dataset_free(dataset);
    xjd_engine_free(engine);
    xjd_keyset_free(keyset);
    xjd_key_free(key);
}

/* 0 when the decision is the expected one, else a code saying what differed. */
static int compare(const xjd_decision *d, const expected *e)
{
    if (xjd_decision_effect(d) != e->effect)
        return 1;
    if (xjd_decision_reason_count(d) != e->nreasons || xjd_decision_obligation_count(d) != e->nobligations)
        return 2;
    for (size_t i = 0; i < e->nreasons + e->nobligations; i++) {
        const xjd_item *it = i < e->nreasons ? xjd_decision_reason(d, i) : xjd_decision_obligation(d, i - e->nreasons);
        if (!it || strcmp(it->code, e->codes[i]) != 0)
            return 3;
    }
    return 0;
}

static void record_expected(const xjd_decision *d, expected *e)
{
    e->effect = xjd_decision_effect(d);
    e->nreasons = xjd_decision_reason_count(d);
    e->nobligations = xjd_decision_obligation_count(d);
    ck_assert_uint_le(e->nreasons + e->nobligations, 96);
    for (size_t i = 0; i < e->nreasons + e->nobligations; i++) {
        const xjd_item *it = i < e->nreasons ? xjd_decision_reason(d, i) : xjd_decision_obligation(d, i - e->nreasons);
        snprintf(e->codes[i], sizeof e->codes[i], "%s", it->code);
    }
}

typedef struct worker {
    pthread_t tid;
    int index;
    int errors;       /* calls that failed */
    int mismatches;   /* decisions that differ from the main thread's */
    int verified;     /* records verified */
    char first[160];  /* the first problem, for the failure message */
} worker;

static pthread_barrier_t start;

static void problem(worker *w, int *counter, const char *what, int i, int rc)
{
    if (!w->first[0])
        snprintf(w->first, sizeof w->first, "thread %d, request %d: %s (%d)", w->index, i, what, rc);
    (*counter)++;
}

static void *work(void *arg)
{
    worker *w = arg;
    xjd_decision *d = NULL, *v = NULL, *later = NULL;
    if (xjd_decision_new(&d, NULL) || xjd_decision_new(&v, NULL) || xjd_decision_new(&later, NULL)) {
        problem(w, &w->errors, "xjd_decision_new", -1, 0);
        pthread_barrier_wait(&start);
        goto out;
    }
    pthread_barrier_wait(&start);
    for (int round = 0; round < ROUNDS; round++) {
        int i = (round + w->index) % NREQ;
        /* evaluate and sign with the engine's key */
        int rc = xjd_evaluate(d, engine, reqs[i], dataset);
        if (rc) {
            problem(w, &w->errors, "xjd_evaluate", i, rc);
            continue;
        }
        if ((rc = compare(d, &want[i])))
            problem(w, &w->mismatches, "signed decision differs", i, rc);
        size_t len = 0;
        const uint8_t *rec = xjd_decision_record(d, &len);
        if (!rec || (rc = xjd_record_verify(v, rec, len, keyset, NULL)) != 0) {
            problem(w, &w->errors, "xjd_record_verify", i, rc);
        } else {
            w->verified++;
            if ((rc = compare(v, &want[i])))
                problem(w, &w->mismatches, "verified record differs", i, rc);
        }
        /* unsigned, then signed later with the shared key */
        if ((rc = xjd_evaluate_ex(later, engine, reqs[i], dataset, XJD_EVAL_NOSIGN, NULL)) != 0) {
            problem(w, &w->errors, "xjd_evaluate_ex NOSIGN", i, rc);
            continue;
        }
        if ((rc = compare(later, &want[i])))
            problem(w, &w->mismatches, "unsigned decision differs", i, rc);
        if ((rc = xjd_decision_sign(later, key, round % 2 ? XJD_EVAL_DIGESTS : 0, NULL)) != 0) {
            problem(w, &w->errors, "xjd_decision_sign", i, rc);
            continue;
        }
        rec = xjd_decision_record(later, &len);
        if (!rec || (rc = xjd_record_verify(v, rec, len, keyset, NULL)) != 0)
            problem(w, &w->errors, "xjd_record_verify of a sign-later record", i, rc);
        else
            w->verified++;
    }
out:
    xjd_decision_free(d);
    xjd_decision_free(v);
    xjd_decision_free(later);
    return NULL;
}

START_TEST(one_engine_many_threads)
{
    setup();
    xjd_decision *d = NULL;
    OK(xjd_decision_new(&d, NULL));
    for (int i = 0; i < NREQ; i++) {
        int rc = xjd_evaluate(d, engine, reqs[i], dataset);
        ck_assert_msg(rc == 0, "request %d: %d %s (%s)", i, rc, xjd_decision_errmsg(d), xjd_decision_errpath(d));
        record_expected(d, &want[i]);
        ck_assert_uint_ge(want[i].nreasons + want[i].nobligations, 1);
    }
    /* the four actions do not all decide alike: a mix-up between threads would show */
    ck_assert(want[0].nreasons != want[2].nreasons || strcmp(want[0].codes[0], want[2].codes[0]) != 0);
    xjd_decision_free(d);

    worker w[NTHREADS];
    memset(w, 0, sizeof w);
    ck_assert_int_eq(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    for (int t = 0; t < NTHREADS; t++) {
        w[t].index = t;
        ck_assert_int_eq(pthread_create(&w[t].tid, NULL, work, &w[t]), 0);
    }
    for (int t = 0; t < NTHREADS; t++)
        pthread_join(w[t].tid, NULL);
    pthread_barrier_destroy(&start);
    for (int t = 0; t < NTHREADS; t++) {
        ck_assert_msg(w[t].errors == 0 && w[t].mismatches == 0, "%d errors, %d mismatches; first: %s", w[t].errors,
                      w[t].mismatches, w[t].first);
        ck_assert_int_eq(w[t].verified, 2 * ROUNDS);
    }
    teardown();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, one_engine_many_threads);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
