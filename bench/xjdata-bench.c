/* SPDX-License-Identifier: MIT */
/*
 * xjdata-bench: the figures of docs/performance.md, measured in one process.
 *
 * Each figure is a median over many timed batches (the Python and command-line figures run
 * those programs as children: processes.c); ratios compare against bare libsodium calls
 * over the very bytes the library signs or verifies, measured in the same run with batches
 * interleaved, so the ratios hold on a noisy machine. One line per figure, nothing after the last.
 * Exit status: 0 unless something crashed or gave a wrong result (a slow figure is reported as
 * MISSED, never an error).
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "xjdata.h"
#include "cbor_head.h"

/* ---- allocation counting through the allocator hook ---- */

static long g_allocs;
static void *cnt_malloc(void *ud, size_t n)
{
    (void)ud;
    g_allocs++;
    return malloc(n);
}
static void *cnt_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    g_allocs++;
    return realloc(p, n);
}
static void cnt_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}
static const xjd_allocator counting = { cnt_malloc, cnt_realloc, cnt_free, NULL };

/* ---- helpers ---- */

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("xjdata-bench: wrong result: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void ok(int rc, const char *what)
{
    if (rc < 0)
        die("%s: %s (%d)", what, xjd_strerror(rc), rc);
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* "0.42", "21.3", "130" */
const char *num(char *buf, size_t cap, double v)
{
    snprintf(buf, cap, v >= 100 ? "%.0f" : "%.3g", v);
    return buf;
}

/* ---- the typical documents, built once through the public setters ---- */

#define SETS(obj, kind, path, v) ok(xjd_##kind##_set_string(obj, path, v), path)
#define SETB(obj, kind, path, v) ok(xjd_##kind##_set_bool(obj, path, v), path)
#define SETI(obj, kind, path, v) ok(xjd_##kind##_set_int(obj, path, v), path)

/* Public data of a health commission: conditional sharing, conditional opening, no personal data. */
static xjd_dataset *dataset_public(void)
{
    xjd_dataset *d;
    ok(xjd_dataset_new(&d, &counting), "dataset_new");
    SETS(d, dataset, "id", "xj-hc-0042");
    SETS(d, dataset, "title", "法定传染病报告统计数据");
    SETS(d, dataset, "category", "public");
    SETS(d, dataset, "grade", "general");
    SETS(d, dataset, "secret", "none");
    SETB(d, dataset, "on_platform", true);
    SETS(d, dataset, "source_department", "自治区卫生健康委员会");
    SETS(d, dataset, "share_type", "conditional");
    ok(xjd_dataset_add_string(d, "share_conditions", "仅用于疾病防控"), "share_conditions");
    SETS(d, dataset, "open_type", "conditional");
    return d;
}

/* An enterprise's customer data: personal information of 120,000 individuals, none sensitive. */
static xjd_dataset *dataset_personal(void)
{
    xjd_dataset *d;
    ok(xjd_dataset_new(&d, &counting), "dataset_new");
    SETS(d, dataset, "id", "ent-crm-7");
    SETS(d, dataset, "title", "跨境电商客户订单数据");
    SETS(d, dataset, "category", "enterprise");
    SETS(d, dataset, "grade", "general");
    SETS(d, dataset, "secret", "none");
    SETI(d, dataset, "personal_info.individuals", 120000);
    SETI(d, dataset, "personal_info.sensitive_individuals", 0);
    SETB(d, dataset, "personal_info.deidentified", false);
    SETB(d, dataset, "personal_info.anonymized", false);
    return d;
}

/* Enterprise data without personal information, for a trade on an exchange. */
static xjd_dataset *dataset_enterprise(void)
{
    xjd_dataset *d;
    ok(xjd_dataset_new(&d, &counting), "dataset_new");
    SETS(d, dataset, "id", "ent-logistics-3");
    SETS(d, dataset, "title", "物流园区货运量统计");
    SETS(d, dataset, "category", "enterprise");
    SETS(d, dataset, "grade", "general");
    SETS(d, dataset, "secret", "none");
    return d;
}

static xjd_request *request_common(const char *action, const char *kind)
{
    xjd_request *r;
    ok(xjd_request_new(&r, &counting), "request_new");
    SETS(r, request, "action", action);
    SETS(r, request, "at", "2026-03-02T10:00:00+08:00");
    SETS(r, request, "requester.id", "bench-requester");
    SETS(r, request, "requester.kind", kind);
    SETB(r, request, "requester.ciio", false);
    SETB(r, request, "requester.state_organ", false);
    SETB(r, request, "requester.access_terminated", false);
    SETB(r, request, "purpose.statutory_duty", true);
    SETB(r, request, "purpose.onward_transfer", false);
    SETS(r, request, "purpose.scenario", "传染病监测");
    return r;
}

/* Share, conditional data, provider not yet answered: review with a due date (10 working days). */
static xjd_request *request_share(void)
{
    xjd_request *r = request_common("share", "public_body");
    SETS(r, request, "share.received_at", "2026-03-02");
    SETS(r, request, "share.provider_decision", "pending");
    return r;
}

/* Open, conditional data, commitment letter complete, the provider's authorisation not recorded:
 * review with that step before it (conditional opening is opening by lawful authorisation to a
 * specific applicant, Art. 35 para. 3; the letter alone is not enough, docs/rules.md "Family: open"). */
static xjd_request *request_open(void)
{
    xjd_request *r = request_common("open", "legal_person");
    SETB(r, request, "open.commitment_signed", true);
    SETS(r, request, "open.security_measures", "访问控制、日志审计、加密存储");
    return r;
}

/* Export of 120,000 individuals' data under a filed standard contract: permit. */
static xjd_request *request_export(void)
{
    xjd_request *r = request_common("export", "legal_person");
    SETS(r, request, "export.destination", "KZ");
    SETS(r, request, "export.recipient", "Almaty Logistics LLP");
    SETB(r, request, "export.recipient_judicial", false);
    SETI(r, request, "export.individuals_ytd", 120000);
    SETI(r, request, "export.sensitive_individuals_ytd", 0);
    SETS(r, request, "export.exemption", "none");
    SETS(r, request, "export.legal_basis", "consent");
    SETS(r, request, "export.assessment.status", "none");
    SETB(r, request, "export.standard_contract_filed", true);
    SETB(r, request, "export.certified", false);
    SETB(r, request, "export.separate_consent", true);
    SETB(r, request, "export.pia_done", true);
    return r;
}

/* Trade on an exchange of enterprise data without personal information: permit. */
static xjd_request *request_trade(void)
{
    xjd_request *r = request_common("trade", "legal_person");
    SETS(r, request, "trade.venue", "exchange");
    SETS(r, request, "trade.provider.id", "ent-logistics");
    SETS(r, request, "trade.provider.kind", "legal_person");
    SETB(r, request, "trade.rights_holder_authorized", true);
    SETB(r, request, "trade.individual_authorization", true);
    SETB(r, request, "trade.authorized_operation", false);
    SETB(r, request, "trade.risk_assessed", false);
    SETB(r, request, "trade.source_explained", true);
    SETB(r, request, "trade.identities_verified", true);
    SETB(r, request, "trade.endangers_security", false);
    SETB(r, request, "trade.harms_public_interest", false);
    SETB(r, request, "trade.infringes_privacy", false);
    return r;
}

typedef struct family {
    const char *name;
    xjd_request *req;
    const xjd_dataset *ds;
    xjd_effect want;
} family;

/* Checks a fresh decision: the expected effect, every item cited, the share reply's due date. */
static void check_decision(const xjd_decision *d, const family *f)
{
    if (xjd_decision_effect(d) != f->want)
        die("%s: effect %s, expected %s", f->name, xjd_effect_name(xjd_decision_effect(d)),
            xjd_effect_name(f->want));
    size_t nr = xjd_decision_reason_count(d), no = xjd_decision_obligation_count(d);
    if (nr + no == 0)
        die("%s: a decision without reasons or obligations", f->name);
    for (size_t i = 0; i < nr + no; i++) {
        const xjd_item *it = i < nr ? xjd_decision_reason(d, i) : xjd_decision_obligation(d, i - nr);
        if (!it || !it->code || it->ncites == 0)
            die("%s: item %zu has no code or no citation", f->name, i);
    }
    if (strcmp(f->name, "share") == 0) {
        /* Received Mon 2026-03-02; ten working days: Mar 3-6, 9-13, 16 -> 2026-03-16. */
        bool due = false;
        for (size_t i = 0; i < no; i++) {
            const xjd_item *it = xjd_decision_obligation(d, i);
            if (it->due.year == 2026 && it->due.month == 3 && it->due.day == 16)
                due = true;
        }
        if (!due)
            die("share: no obligation due 2026-03-16 (provider's reply, Art. 34 para. 2)");
    }
    if (strcmp(f->name, "open") == 0) {
        /* the review is for the one step missing: the provider's authorisation (Art. 35 para. 3) */
        bool step = false;
        for (size_t i = 0; i < no; i++)
            if (strcmp(xjd_decision_obligation(d, i)->code, "open.provider_authorization") == 0)
                step = true;
        if (!step)
            die("open: no step open.provider_authorization (the provider's authorisation, Art. 35 para. 3)");
    }
}

static void evaluate(xjd_decision *d, const xjd_engine *e, const family *f, unsigned flags)
{
    int rc = xjd_evaluate_ex(d, e, f->req, f->ds, flags, NULL);
    if (rc)
        die("%s: xjd_evaluate: %s (%d): %s [%s]", f->name, xjd_strerror(rc), rc, xjd_decision_errmsg(d),
            xjd_decision_errpath(d));
}

/* ---- the COSE_Sign1 ToBeSigned bytes, rebuilt from a record (RFC 9052 §4.4) ---- */

typedef struct cur {
    const uint8_t *p, *end;
} cur;

static int head(cur *c, int *major, uint64_t *arg)
{
    if (c->p >= c->end)
        return -1;
    uint8_t b = *c->p++;
    *major = b >> 5;
    uint8_t ai = b & 31;
    if (ai < 24) {
        *arg = ai;
        return 0;
    }
    if (ai > 27)
        return -1;
    size_t n = (size_t)1 << (ai - 24);
    if ((size_t)(c->end - c->p) < n)
        return -1;
    *arg = 0;
    for (size_t i = 0; i < n; i++)
        *arg = *arg << 8 | *c->p++;
    return 0;
}

static int skip(cur *c, int depth)
{
    int major;
    uint64_t arg;
    if (depth > 16 || head(c, &major, &arg))
        return -1;
    switch (major) {
    case 2:
    case 3:
        if (arg > (uint64_t)(c->end - c->p))
            return -1;
        c->p += arg;
        return 0;
    case 4:
    case 5:
        for (uint64_t i = 0; i < arg * (major == 5 ? 2 : 1); i++)
            if (skip(c, depth + 1))
                return -1;
        return 0;
    case 6:
        return skip(c, depth + 1);
    default:
        return 0;
    }
}

static int bstr(cur *c, const uint8_t **p, size_t *n)
{
    int major;
    uint64_t arg;
    if (head(c, &major, &arg) || major != 2 || arg > (uint64_t)(c->end - c->p))
        return -1;
    *p = c->p;
    *n = (size_t)arg;
    c->p += arg;
    return 0;
}

/* (cbor_head.h: the writer tests/test_cbor_head.c checks against libcbor) */
static size_t put_head(uint8_t *o, int major, size_t n) { return xjd_cbor_head(o, (unsigned)major, n); }

/* Sig_structure = ["Signature1", protected, external_aad = h'', payload]; returns its length. */
static size_t tbs_from_record(uint8_t *out, size_t cap, const uint8_t **sig, const uint8_t *rec, size_t len)
{
    cur c = { rec, rec + len };
    int major;
    uint64_t arg;
    const uint8_t *prot, *payload, *s;
    size_t nprot, npayload, ns;
    if (head(&c, &major, &arg) || major != 6 || arg != 18 || head(&c, &major, &arg) || major != 4 ||
        arg != 4 || bstr(&c, &prot, &nprot) || skip(&c, 0) || bstr(&c, &payload, &npayload) ||
        bstr(&c, &s, &ns) || ns != 64)
        die("record is not a COSE_Sign1 with an Ed25519 signature");
    if (nprot + npayload + 32 > cap || npayload > 65535)
        die("record larger than expected");
    size_t k = 0;
    out[k++] = 0x84;
    out[k++] = 0x6a;
    memcpy(out + k, "Signature1", 10);
    k += 10;
    k += put_head(out + k, 2, nprot);
    memcpy(out + k, prot, nprot);
    k += nprot;
    out[k++] = 0x40;
    k += put_head(out + k, 2, npayload);
    memcpy(out + k, payload, npayload);
    k += npayload;
    *sig = s;
    return k;
}

/* ---- figures ---- */

const char *verdict(bool met) { return met ? "met" : "MISSED"; }

enum { UNSIGNED_BATCH = 1000, UNSIGNED_BATCHES = 301 };

static void figure_unsigned(const xjd_engine *e, const family *f)
{
    xjd_decision *d;
    ok(xjd_decision_new(&d, &counting), "decision_new");
    evaluate(d, e, f, XJD_EVAL_NOSIGN);
    check_decision(d, f);
    for (int i = 0; i < 2000; i++) /* warm-up: caches, branch predictors, the decision's buffers */
        evaluate(d, e, f, XJD_EVAL_NOSIGN);
    double t[UNSIGNED_BATCHES];
    long allocs_before = g_allocs;
    int rc = 0;
    for (int b = 0; b < UNSIGNED_BATCHES; b++) {
        double t0 = now_us();
        for (int i = 0; i < UNSIGNED_BATCH; i++)
            rc |= xjd_evaluate_ex(d, e, f->req, f->ds, XJD_EVAL_NOSIGN, NULL);
        t[b] = (now_us() - t0) / UNSIGNED_BATCH;
    }
    long allocs = g_allocs - allocs_before;
    if (rc)
        die("%s: a timed evaluation failed", f->name);
    check_decision(d, f); /* the last of the timed calls is still right */
    double calls = (double)UNSIGNED_BATCH * UNSIGNED_BATCHES;
    double med = median(t, UNSIGNED_BATCHES);
    char a[32];
    printf("evaluate %s unsigned: median %s us, %.3g heap allocations per call; target <= 1 us, 0 allocations; "
           "%s\n",
           f->name, num(a, sizeof a, med), (double)allocs / calls, verdict(med <= 1.0 && allocs == 0));
    xjd_decision_free(d);
}

enum { SIGN_BATCH = 16, SIGN_BATCHES = 201, VERIFY_BATCH = 8, VERIFY_BATCHES = 201 };

/*
 * A genuine record `rec` grown to `size` bytes by unsigned additions: its unprotected header (the
 * byte 0xa0 after the protected header) replaced by a map of distinct five-byte integer labels
 * with null values, as many as fit; the worst case for what a verifier does before the
 * signature (issue 14, case 6: a quadratic label scan and 72 bytes of memory per item).
 */
static uint8_t *unsigned_record(const uint8_t *rec, size_t len, size_t size, size_t *out_len)
{
    size_t at = 4 + rec[3]; /* d2 84 58 NN <protected>: the protected header is under 256 bytes */
    if (rec[0] != 0xd2 || rec[2] != 0x58 || rec[at] != 0xa0)
        die("unexpected record layout");
    size_t rest = len - at - 1, pairs = (size - len - 4) / 6;
    uint8_t *out = malloc(size);
    if (!out)
        die("out of memory");
    size_t n = 0;
    memcpy(out, rec, at), n = at;
    if (pairs > 0xffff) { /* the map's head in its shortest form, four or two bytes of count */
        out[n++] = 0xba;
        out[n++] = (uint8_t)(pairs >> 24), out[n++] = (uint8_t)(pairs >> 16);
    } else {
        out[n++] = 0xb9;
    }
    out[n++] = (uint8_t)(pairs >> 8), out[n++] = (uint8_t)pairs;
    for (size_t i = 0; i < pairs; i++) {
        uint32_t label = (uint32_t)(1000000 + i);
        out[n++] = 0x1a;
        out[n++] = (uint8_t)(label >> 24), out[n++] = (uint8_t)(label >> 16), out[n++] = (uint8_t)(label >> 8),
        out[n++] = (uint8_t)label;
        out[n++] = 0xf6;
    }
    memcpy(out + n, rec + at + 1, rest), n += rest;
    *out_len = n;
    return out;
}

/* Median cost of xjd_record_verify refusing `rec`: XJD_EUNPROTECTED, or XJD_ERECLIMIT when its
 * unsigned header holds more items than the limits or the envelope's node budget allow. */
static double refusal_us(xjd_decision *v, const xjd_keyset *ks, const uint8_t *rec, size_t len,
                         const xjd_record_limits *lim)
{
    enum { BATCHES = 51, BATCH = 20 };
    double t[BATCHES];
    int rc = xjd_record_verify(v, rec, len, ks, lim), accepted = 0;
    if (rc != XJD_EUNPROTECTED && rc != XJD_ERECLIMIT)
        die("a record with unsigned additions gave %s (%d), not a refusal of them: %s", xjd_strerror(rc), rc,
            xjd_decision_errmsg(v));
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now_us();
        for (int i = 0; i < BATCH; i++)
            accepted |= xjd_record_verify(v, rec, len, ks, lim) == 0;
        t[b] = (now_us() - t0) / BATCH;
    }
    if (accepted)
        die("a record with unsigned additions verified");
    return median(t, BATCHES);
}

/*
 * The cost of refusing a maximal unsigned record: as large as the limits allow (64 KiB by
 * default; 16 MiB under limits a host raised, items and depth unbounded) and full of unsigned
 * header items. Before the signature the work is linear with a bounded node budget, so refusing
 * must cost no more than verifying and decoding a typical record (`verify_us`).
 */
static void figure_refusal(xjd_decision *v, const xjd_keyset *ks, const uint8_t *rec, size_t len, double verify_us)
{
    size_t small_len = 0, big_len = 0;
    uint8_t *small = unsigned_record(rec, len, 65536, &small_len);
    uint8_t *big = unsigned_record(rec, len, 16u << 20, &big_len);
    xjd_record_limits raised = { 16u << 20, 64, UINT32_MAX, 16u << 20 };
    double ts = refusal_us(v, ks, small, small_len, NULL), tb = refusal_us(v, ks, big, big_len, &raised);
    char a[32], b[32], c[32];
    printf("refusal of a maximal unsigned record: %zu bytes (default limits) median %s us, %zu bytes (limits raised "
           "to 16 MiB) median %s us, vs verify+decode of a typical record %s us; target <= 1 x; %s\n",
           small_len, num(a, sizeof a, ts), big_len, num(b, sizeof b, tb), num(c, sizeof c, verify_us),
           verdict(ts <= verify_us && tb <= verify_us));
    free(small);
    free(big);
}

static void figures_signed(const xjd_engine *signer, const family *fams, size_t nfam, const uint8_t seed[32],
                           const xjd_key *key)
{
    const family *f = &fams[0]; /* share: the family with a due date, the most work */
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, seed);

    xjd_decision *d;
    ok(xjd_decision_new(&d, &counting), "decision_new");
    evaluate(d, signer, f, XJD_EVAL_DIGESTS);
    check_decision(d, f);
    size_t rec_len;
    const uint8_t *rec = xjd_decision_record(d, &rec_len);
    if (!rec || !rec_len)
        die("share: signed evaluation produced no record");

    /* The bytes the library signs, and proof that they are the same: Ed25519 is deterministic. */
    static uint8_t tbs[70000];
    const uint8_t *rec_sig;
    size_t tbs_len = tbs_from_record(tbs, sizeof tbs, &rec_sig, rec, rec_len);
    uint8_t sig[64];
    crypto_sign_detached(sig, NULL, tbs, tbs_len, sk);
    if (memcmp(sig, rec_sig, 64) != 0)
        die("the record's signature is not an Ed25519 signature of its COSE Sig_structure");

    /* evaluate + encode + sign vs bare crypto_sign_detached, batches interleaved. */
    double te[SIGN_BATCHES], ts[SIGN_BATCHES];
    int rc = 0;
    for (int i = 0; i < 50; i++) {
        evaluate(d, signer, f, XJD_EVAL_DIGESTS);
        crypto_sign_detached(sig, NULL, tbs, tbs_len, sk);
    }
    for (int b = 0; b < SIGN_BATCHES; b++) {
        double t0 = now_us();
        for (int i = 0; i < SIGN_BATCH; i++)
            rc |= xjd_evaluate_ex(d, signer, f->req, f->ds, XJD_EVAL_DIGESTS, NULL);
        double t1 = now_us();
        for (int i = 0; i < SIGN_BATCH; i++)
            crypto_sign_detached(sig, NULL, tbs, tbs_len, sk);
        double t2 = now_us();
        te[b] = (t1 - t0) / SIGN_BATCH;
        ts[b] = (t2 - t1) / SIGN_BATCH;
    }
    if (rc)
        die("share: a timed signed evaluation failed");
    check_decision(d, f);
    /* The ratio is the median of each batch's own ratio: a batch and its bare twin run back to
     * back, so a slow spell of the machine scales both and cancels out. */
    double re[SIGN_BATCHES];
    for (int b = 0; b < SIGN_BATCHES; b++)
        re[b] = te[b] / ts[b];
    double me = median(te, SIGN_BATCHES), ms = median(ts, SIGN_BATCHES), ratio = median(re, SIGN_BATCHES);
    char a[32], b2[32];
    printf("evaluate+sign: median %s us, ratio %.2f x bare crypto_sign_detached (%s us over the same %zu bytes); "
           "target <= 1.25 x; %s\n",
           num(a, sizeof a, me), ratio, num(b2, sizeof b2, ms), tbs_len, verdict(ratio <= 1.25));

    /* verify + decode vs bare crypto_sign_verify_detached over the same bytes. */
    rec = xjd_decision_record(d, &rec_len);
    uint8_t *copy = malloc(rec_len);
    memcpy(copy, rec, rec_len);
    tbs_len = tbs_from_record(tbs, sizeof tbs, &rec_sig, copy, rec_len);
    xjd_keyset *ks;
    ok(xjd_keyset_new(&ks, &counting), "keyset_new");
    ok(xjd_keyset_add(ks, key), "keyset_add");
    xjd_decision *v;
    ok(xjd_decision_new(&v, &counting), "decision_new");
    rc = xjd_record_verify(v, copy, rec_len, ks, NULL);
    if (rc)
        die("xjd_record_verify of a fresh record: %s (%d): %s", xjd_strerror(rc), rc, xjd_decision_errmsg(v));
    if (!xjd_decision_verified(v) || xjd_decision_effect(v) != f->want ||
        xjd_decision_reason_count(v) != xjd_decision_reason_count(d) ||
        xjd_decision_obligation_count(v) != xjd_decision_obligation_count(d))
        die("the verified record does not decode to the decision that was signed");
    if (crypto_sign_verify_detached(rec_sig, tbs, tbs_len, pk) != 0)
        die("bare verification of the record's signature failed");
    double tv[VERIFY_BATCHES], tb[VERIFY_BATCHES];
    for (int b = 0; b < VERIFY_BATCHES; b++) {
        double t0 = now_us();
        for (int i = 0; i < VERIFY_BATCH; i++)
            rc |= xjd_record_verify(v, copy, rec_len, ks, NULL);
        double t1 = now_us();
        for (int i = 0; i < VERIFY_BATCH; i++)
            rc |= crypto_sign_verify_detached(rec_sig, tbs, tbs_len, pk);
        double t2 = now_us();
        tv[b] = (t1 - t0) / VERIFY_BATCH;
        tb[b] = (t2 - t1) / VERIFY_BATCH;
    }
    if (rc)
        die("a timed verification failed");
    double rv[VERIFY_BATCHES];
    for (int b = 0; b < VERIFY_BATCHES; b++)
        rv[b] = tv[b] / tb[b];
    double mv = median(tv, VERIFY_BATCHES), mb = median(tb, VERIFY_BATCHES), vratio = median(rv, VERIFY_BATCHES);
    printf("verify+decode: median %s us, ratio %.2f x bare crypto_sign_verify_detached (%s us); target <= 1.15 x; "
           "%s\n",
           num(a, sizeof a, mv), vratio, num(b2, sizeof b2, mb), verdict(vratio <= 1.15));
    figure_refusal(v, ks, copy, rec_len, mv);
    xjd_decision_free(v);
    xjd_keyset_free(ks);
    free(copy);

    /* Record size with documents as digests, each family. */
    size_t share_len = 0, max_len = 0;
    const char *max_name = "";
    for (size_t i = 0; i < nfam; i++) {
        evaluate(d, signer, &fams[i], XJD_EVAL_DIGESTS);
        check_decision(d, &fams[i]);
        if (!xjd_decision_record(d, &rec_len))
            die("%s: no record", fams[i].name);
        if (i == 0)
            share_len = rec_len;
        if (rec_len > max_len)
            max_len = rec_len, max_name = fams[i].name;
    }
    printf("record size, documents as digests: share %zu bytes, largest %zu bytes (%s); target <= 600 bytes; %s\n",
           share_len, max_len, max_name, verdict(max_len <= 600));
    xjd_decision_free(d);
}

/*
 * Cost growth: per-call cost in 1000-call batches cycling through every family's request, late
 * in a run of 100k calls against fresh short runs of 1k calls. Five rounds, each with 20 short
 * runs and one long run, so that the machine's noise hits both sides alike; the long side takes
 * only the second half of each long run (after 50k calls), where any growth would show.
 */
enum { GROWTH_BATCH = 1000, GROWTH_ROUNDS = 5, GROWTH_SHORT = 20, GROWTH_LONG = 100 };

static double batch_us(xjd_decision *d, const xjd_engine *e, const family *fams, size_t nfam, int *rc)
{
    double t0 = now_us();
    for (long i = 0; i < GROWTH_BATCH; i++) {
        const family *f = &fams[(size_t)i % nfam];
        *rc |= xjd_evaluate_ex(d, e, f->req, f->ds, XJD_EVAL_NOSIGN, NULL);
    }
    return (now_us() - t0) / GROWTH_BATCH;
}

static void figure_growth(const xjd_engine *e, const family *fams, size_t nfam)
{
    static double shorts[GROWTH_ROUNDS * GROWTH_SHORT], late[GROWTH_ROUNDS * GROWTH_LONG / 2];
    size_t ns = 0, nl = 0;
    int rc = 0;
    xjd_decision *warm;
    ok(xjd_decision_new(&warm, &counting), "decision_new");
    for (int i = 0; i < 5; i++)
        batch_us(warm, e, fams, nfam, &rc);
    for (int r = 0; r < GROWTH_ROUNDS; r++) {
        for (int k = 0; k < GROWTH_SHORT; k++) /* a short run: 1k calls */
            shorts[ns++] = batch_us(warm, e, fams, nfam, &rc);
        xjd_decision *d; /* a long run: 100k calls on one decision object */
        ok(xjd_decision_new(&d, &counting), "decision_new");
        for (int b = 0; b < GROWTH_LONG; b++) {
            double t = batch_us(d, e, fams, nfam, &rc);
            if (b >= GROWTH_LONG / 2)
                late[nl++] = t;
        }
        for (size_t i = 0; i < nfam; i++) {
            evaluate(d, e, &fams[i], XJD_EVAL_NOSIGN);
            check_decision(d, &fams[i]);
        }
        xjd_decision_free(d);
    }
    xjd_decision_free(warm);
    if (rc)
        die("a timed evaluation failed");
    double small = median(shorts, ns), big = median(late, nl), ratio = big / small;
    char a[32], b[32];
    printf("cost growth: median %s us per call after 50k-100k calls vs %s us in runs of 1k, ratio %.2f x; "
           "target <= 1.25 x; %s\n",
           num(a, sizeof a, big), num(b, sizeof b, small), ratio, verdict(ratio <= 1.25));
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        die("sodium_init");
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* `xjdata-bench serve`: the HTTP service figure alone (it measures its own --jsonl stream) */
    if (argc > 1 && strcmp(argv[1], "serve") == 0) {
        figure_serve();
        return 0;
    }
    if (argc > 1)
        die("usage: xjdata-bench [serve]");

    xjd_dataset *ds_public = dataset_public(), *ds_personal = dataset_personal(),
                *ds_enterprise = dataset_enterprise();
    family fams[] = {
        { "share", request_share(), ds_public, XJD_REVIEW },
        { "open", request_open(), ds_public, XJD_REVIEW },
        { "export", request_export(), ds_personal, XJD_PERMIT },
        { "trade", request_trade(), ds_enterprise, XJD_PERMIT },
    };
    size_t nfam = sizeof fams / sizeof fams[0];

    xjd_options *o;
    xjd_engine *plain, *signer;
    ok(xjd_options_new(&o, &counting), "options_new");
    ok(xjd_engine_new(&plain, o), "engine_new");
    static const uint8_t seed[32] = { 0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
                                      0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
                                      0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60 };
    xjd_key *key;
    ok(xjd_key_from_seed(&key, seed, &counting), "key_from_seed");
    ok(xjd_options_set_key(o, key), "options_set_key");
    ok(xjd_options_set_docmode(o, XJD_DOCS_DIGEST), "options_set_docmode");
    ok(xjd_engine_new(&signer, o), "engine_new (signing)");
    xjd_options_free(o);

    /* XJD_BENCH_ONLY=log: the decision log's figures alone (they take the longest) */
    const char *only = getenv("XJD_BENCH_ONLY");
    if (!only || strcmp(only, "log") != 0) {
        for (size_t i = 0; i < nfam; i++)
            figure_unsigned(plain, &fams[i]);
        figures_signed(signer, fams, nfam, seed, key);
        figure_growth(plain, fams, nfam);
        figure_python();
        figure_serve(); /* before the stream figure, which stops the benchmark at an example that does not decide */
        figure_jsonl();
    }
    figures_log(plain, signer, fams[0].req, fams[0].ds, key);

    xjd_engine_free(signer);
    xjd_engine_free(plain);
    xjd_key_free(key);
    for (size_t i = 0; i < nfam; i++)
        xjd_request_free(fams[i].req);
    xjd_dataset_free(ds_public);
    xjd_dataset_free(ds_personal);
    xjd_dataset_free(ds_enterprise);
    return 0;
}
