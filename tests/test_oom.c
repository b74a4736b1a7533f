/* SPDX-License-Identifier: MIT */
/*
 * Suite: oom — out of memory through the allocator hook.
 *
 * Each case names an operation on objects that all share one counting allocator. The sweep
 * runs it once to count its allocation calls, then for every n fails the n-th call (once, then
 * that call and every later one) and asserts: the operation returns XJD_ENOMEM, the same
 * objects then redo the operation successfully with the expected result, and once they are
 * freed every allocation has been freed (allocs == frees).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cbor_io.h"
#include "decision.h"
#include "national.h"
#include "xjdata.h"

/* ---- the failing allocator ---- */

typedef struct failalloc {
    long live;       /* allocations not yet freed */
    long calls;      /* allocation calls (malloc, realloc) while armed */
    long fail_at;    /* 0: never; n: the n-th call while armed fails */
    int persistent;  /* ... and every call after it */
    long failed;     /* calls failed while armed */
    int armed;
    long total;      /* allocation calls in all (armed or not) */
} failalloc;

static int should_fail(failalloc *f)
{
    f->total++;
    if (!f->armed)
        return 0;
    f->calls++;
    if (f->fail_at && (f->calls == f->fail_at || (f->persistent && f->calls > f->fail_at))) {
        f->failed++;
        return 1;
    }
    return 0;
}

static void *fa_malloc(void *ud, size_t n)
{
    failalloc *f = ud;
    if (should_fail(f))
        return NULL;
    void *p = malloc(n);
    if (p)
        f->live++;
    return p;
}

static void *fa_realloc(void *ud, void *p, size_t n)
{
    failalloc *f = ud;
    if (should_fail(f))
        return NULL; /* p stays valid, as with realloc */
    void *q = realloc(p, n);
    if (q && !p)
        f->live++;
    return q;
}

static void fa_free(void *ud, void *p)
{
    failalloc *f = ud;
    if (p) {
        f->live--;
        free(p);
    }
}

static failalloc fa;
static const xjd_allocator alloc = { fa_malloc, fa_realloc, fa_free, &fa };

static void arm(long fail_at, int persistent)
{
    fa.calls = fa.failed = 0;
    fa.fail_at = fail_at;
    fa.persistent = persistent;
    fa.armed = 1;
}

static void disarm(void) { fa.armed = 0; }

/* ---- the sweep ---- */

typedef struct oom_case {
    const char *name;
    void (*setup)(void);    /* creates the objects (not failed) */
    int (*op)(void);        /* the operation under test */
    void (*check)(void);    /* asserts the operation's result after a success */
    void (*teardown)(void); /* frees everything */
} oom_case;

/* Returns the number of allocation calls the operation makes. */
static long sweep(const oom_case *c)
{
    memset(&fa, 0, sizeof fa);
    c->setup();
    arm(0, 0);
    int rc = c->op();
    long ncalls = fa.calls;
    disarm();
    ck_assert_msg(rc == 0, "%s: fails with %d (%s) without any allocation failure", c->name, rc, xjd_strerror(rc));
    c->check();
    c->teardown();
    ck_assert_msg(fa.live == 0, "%s: %ld allocations leaked without any failure", c->name, fa.live);

    for (int persistent = 0; persistent < 2; persistent++) {
        for (long n = 1;; n++) {
            ck_assert_msg(n <= ncalls + 1, "%s: more allocation calls than in the reference run", c->name);
            c->setup();
            arm(n, persistent);
            rc = c->op();
            disarm();
            if (fa.failed == 0) {
                /* past the last allocation call: nothing failed, so it must succeed */
                ck_assert_int_eq(rc, 0);
                c->check();
                c->teardown();
                ck_assert_int_eq(fa.live, 0);
                break;
            }
            ck_assert_msg(rc == XJD_ENOMEM, "%s: allocation call %ld of %ld failed (%s) but got %d (%s)", c->name,
                          n, ncalls, persistent ? "persistently" : "once", rc, xjd_strerror(rc));
            /* the objects stay usable: the same call succeeds now */
            rc = c->op();
            ck_assert_msg(rc == 0, "%s: after a failure at call %ld (%s) the retry gives %d (%s)", c->name, n,
                          persistent ? "persistently" : "once", rc, xjd_strerror(rc));
            c->check();
            c->teardown();
            ck_assert_msg(fa.live == 0, "%s: %ld allocations leaked after failing call %ld (%s)", c->name, fa.live, n,
                          persistent ? "persistently" : "once");
        }
    }
    printf("%s: %ld allocation calls, each failed once and persistently\n", c->name, ncalls);
    return ncalls;
}

/* ---- decision objects ---- */

static xjd_decision *dec;

static void dec_setup(void) { dec = NULL; }
static int dec_new(void)
{
    xjd_decision_free(dec);
    dec = NULL;
    int rc = xjd_decision_new(&dec, &alloc);
    if (rc != 0)
        ck_assert_ptr_null(dec); /* no half-made object on failure */
    return rc;
}
static void dec_check(void)
{
    ck_assert_ptr_nonnull(dec);
    ck_assert_uint_eq(xjd_decision_reason_count(dec), 0);
}
static void dec_teardown(void)
{
    xjd_decision_free(dec);
    dec = NULL;
}

START_TEST(decision_new)
{
    static const oom_case c = { "xjd_decision_new", dec_setup, dec_new, dec_check, dec_teardown };
    ck_assert_int_ge(sweep(&c), 1);
}
END_TEST

/* ---- keys and key sets ---- */

static const uint8_t seed1[32] = {
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
};
static const uint8_t seed2[32] = { 2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5,
                                   2, 3, 5, 3, 6, 0, 2, 8, 7, 4, 7, 1, 3, 5, 2, 6 };
/* RFC 8032 TEST 1 public key: what seed1 must give */
static const char pub1_hex[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

static xjd_key *key;
static xjd_keyset *ks;
static uint8_t key_cbor[256], set_cbor[512];
static size_t key_cbor_len, set_cbor_len;
static char tmpdir[64], key_path[128], set_path[128];

/* COSE_Key (with secret) of seed1 and a COSE_KeySet of both keys, encoded without the hook. */
static void key_material(void)
{
    if (key_cbor_len)
        return;
    xjd_key *k1 = NULL, *k2 = NULL;
    xjd_keyset *set = NULL;
    ck_assert_int_eq(xjd_key_from_seed(&k1, seed1, NULL), 0);
    ck_assert_int_eq(xjd_key_from_seed(&k2, seed2, NULL), 0);
    ck_assert_int_eq(xjd_key_encode(key_cbor, sizeof key_cbor, &key_cbor_len, k1, true), 0);
    ck_assert_int_eq(xjd_keyset_new(&set, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(set, k1), 0);
    ck_assert_int_eq(xjd_keyset_add(set, k2), 0);
    ck_assert_int_eq(xjd_keyset_encode(set_cbor, sizeof set_cbor, &set_cbor_len, set), 0);
    strcpy(tmpdir, "/tmp/xjd-oom-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(key_path, sizeof key_path, "%s/secret.key", tmpdir);
    snprintf(set_path, sizeof set_path, "%s/keys.cbor", tmpdir);
    ck_assert_int_eq(xjd_key_save(k1, key_path, true), 0);
    FILE *f = fopen(set_path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(set_cbor, 1, set_cbor_len, f), set_cbor_len);
    fclose(f);
    xjd_key_free(k1);
    xjd_key_free(k2);
    xjd_keyset_free(set);
}

static void key_files_remove(void)
{
    if (tmpdir[0]) {
        unlink(key_path);
        unlink(set_path);
        rmdir(tmpdir);
        tmpdir[0] = '\0';
        key_cbor_len = 0;
    }
}

static void key_setup(void)
{
    key_material();
    key = NULL;
    ks = NULL;
    ck_assert_int_eq(xjd_keyset_new(&ks, &alloc), 0);
}

static void key_teardown(void)
{
    xjd_key_free(key);
    xjd_keyset_free(ks);
    key = NULL;
    ks = NULL;
}

/* A new key replaces the last one; on failure no key comes back. */
#define KEY_OP(name, call)                     \
    static int name(void)                      \
    {                                          \
        xjd_key_free(key);                     \
        key = NULL;                            \
        int rc = (call);                       \
        if (rc != 0)                           \
            ck_assert_ptr_null(key);           \
        return rc;                             \
    }
KEY_OP(op_key_from_seed, xjd_key_from_seed(&key, seed1, &alloc))
KEY_OP(op_key_decode, xjd_key_decode(&key, key_cbor, key_cbor_len, &alloc))
KEY_OP(op_key_load, xjd_key_load(&key, key_path, &alloc))
KEY_OP(op_key_from_hex, xjd_key_from_hex(&key, pub1_hex, &alloc))

static xjd_key *key_src;

/* A clone allocates with its source's allocator: the source is made with the hook. */
static void key_clone_setup(void)
{
    key_setup();
    ck_assert_int_eq(xjd_key_from_seed(&key_src, seed1, &alloc), 0);
}

static void key_clone_teardown(void)
{
    xjd_key_free(key_src);
    key_src = NULL;
    key_teardown();
}

KEY_OP(op_key_clone, xjd_key_clone(&key, key_src))

static void check_key(void)
{
    char hex[65];
    ck_assert_ptr_nonnull(key);
    ck_assert_int_eq(xjd_key_public_hex(hex, key), 0);
    ck_assert_str_eq(hex, pub1_hex);
}

static void check_secret_key(void)
{
    check_key();
    ck_assert_int_eq(xjd_key_has_secret(key), 1);
}

static int op_keyset_decode(void) { return xjd_keyset_decode(ks, set_cbor, set_cbor_len); }
static int op_keyset_load(void) { return xjd_keyset_load(ks, set_path); }

static void check_keyset(void)
{
    /* both keys, once: a failed load added nothing */
    ck_assert_uint_eq(xjd_keyset_count(ks), 2);
}

static int op_keyset_add(void)
{
    xjd_key *k = NULL;
    ck_assert_int_eq(xjd_key_from_seed(&k, seed2, NULL), 0);
    size_t before = xjd_keyset_count(ks);
    int rc = xjd_keyset_add(ks, k);
    if (rc != 0)
        ck_assert_uint_eq(xjd_keyset_count(ks), before);
    xjd_key_free(k);
    return rc;
}

static void check_keyset_add(void) { ck_assert_uint_ge(xjd_keyset_count(ks), 1); }

START_TEST(key_loading)
{
    static const oom_case cases[] = {
        { "xjd_key_from_seed", key_setup, op_key_from_seed, check_secret_key, key_teardown },
        { "xjd_key_decode", key_setup, op_key_decode, check_secret_key, key_teardown },
        { "xjd_key_load", key_setup, op_key_load, check_secret_key, key_teardown },
        { "xjd_key_from_hex", key_setup, op_key_from_hex, check_key, key_teardown },
        { "xjd_key_clone", key_clone_setup, op_key_clone, check_secret_key, key_clone_teardown },
        { "xjd_keyset_decode", key_setup, op_keyset_decode, check_keyset, key_teardown },
        { "xjd_keyset_load", key_setup, op_keyset_load, check_keyset, key_teardown },
        { "xjd_keyset_add", key_setup, op_keyset_add, check_keyset_add, key_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_int_ge(sweep(&cases[i]), 1);
    key_files_remove();
}
END_TEST

/* ---- calendars ---- */

static xjd_calendar *cal;
static const char cal_text[] = "national 2027 holiday 01-01..01-03 元旦\n"
                               "national 2027 holiday 02-06..02-13 春节\n"
                               "national 2027 workday 02-20 春节调休\n"
                               "regional 2027 holiday 03-10..03-12 肉孜节\n"
                               "regional 2028 none\n"
                               "national 2028 none\n";

static void cal_setup(void)
{
    cal = NULL;
    ck_assert_int_eq(xjd_calendar_new(&cal, 0, &alloc), 0);
}

static void cal_setup_none(void) { cal = NULL; }

static void cal_teardown(void)
{
    xjd_calendar_free(cal);
    cal = NULL;
}

static int op_cal_new(void)
{
    xjd_calendar_free(cal);
    cal = NULL;
    int rc = xjd_calendar_new(&cal, 0, &alloc);
    if (rc != 0)
        ck_assert_ptr_null(cal);
    return rc;
}

static int op_cal_load(void)
{
    int rc = xjd_calendar_load(cal, cal_text, sizeof cal_text - 1);
    if (rc != 0)
        ck_assert_int_eq(xjd_calendar_covers(cal, 2027), 0); /* atomic: nothing added */
    return rc;
}

static int op_cal_clone(void)
{
    xjd_calendar *copy = NULL;
    int rc = xjd_calendar_clone(&copy, cal);
    if (rc == 0) {
        ck_assert_int_eq(xjd_calendar_covers(copy, 2025), 1);
        xjd_calendar_free(copy);
    } else {
        ck_assert_ptr_null(copy);
    }
    return rc;
}

static void check_cal_builtin(void)
{
    xjd_date d = { 2025, 1, 28 }; /* 春节 2025, a Tuesday */
    int wd = -1;
    ck_assert_int_eq(xjd_calendar_covers(cal, 2025), 1);
    ck_assert_int_eq(xjd_calendar_is_workday(&wd, NULL, cal, d), 0);
    ck_assert_int_eq(wd, 0);
}

static void check_cal_loaded(void)
{
    check_cal_builtin();
    xjd_date d = { 2027, 2, 20 }, h = { 2027, 3, 11 };
    int wd = -1;
    ck_assert_int_eq(xjd_calendar_covers(cal, 2027), 1);
    ck_assert_int_eq(xjd_calendar_is_workday(&wd, NULL, cal, d), 0);
    ck_assert_int_eq(wd, 1); /* a Saturday made a working day */
    ck_assert_int_eq(xjd_calendar_is_workday(&wd, NULL, cal, h), 0);
    ck_assert_int_eq(wd, 0);
}

START_TEST(calendars)
{
    static const oom_case cases[] = {
        { "xjd_calendar_new", cal_setup_none, op_cal_new, check_cal_builtin, cal_teardown },
        { "xjd_calendar_load", cal_setup, op_cal_load, check_cal_loaded, cal_teardown },
        { "xjd_calendar_clone", cal_setup, op_cal_clone, check_cal_builtin, cal_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_int_ge(sweep(&cases[i]), 1);
}
END_TEST

/* ---- the CBOR reader under every decoder ---- */

static xjd_cdoc cdoc;

static void cdoc_setup(void) { xjd_cdoc_init(&cdoc, &alloc); }
static void cdoc_teardown(void) { xjd_cdoc_free(&cdoc); }
static int op_cbor_parse(void)
{
    key_material();
    return xjd_cbor_parse(&cdoc, set_cbor, set_cbor_len, NULL, 0);
}
static void check_cdoc(void)
{
    ck_assert_uint_eq(cdoc.nodes[0].type, XC_ARRAY);
    ck_assert_uint_eq(cdoc.nodes[0].count, 2);
}

START_TEST(cbor_reader)
{
    static const oom_case c = { "xjd_cbor_parse", cdoc_setup, op_cbor_parse, check_cdoc, cdoc_teardown };
    ck_assert_int_ge(sweep(&c), 1);
    key_files_remove();
}
END_TEST

/* ---- documents ---- */

static xjd_request *req;
static xjd_dataset *ds;
static uint8_t req_cbor[4096], ds_cbor[2048];
static size_t req_cbor_len, ds_cbor_len;

#define OK(call) ck_assert_int_eq((call), 0)

static void fill_dataset(xjd_dataset *d)
{
    OK(xjd_dataset_set_string(d, "id", "xj-hc-0042"));
    OK(xjd_dataset_set_string(d, "title", "法定传染病报告数据"));
    OK(xjd_dataset_set_string(d, "category", "public"));
    OK(xjd_dataset_set_string(d, "grade", "general"));
    OK(xjd_dataset_set_string(d, "secret", "none"));
    OK(xjd_dataset_set_bool(d, "on_platform", true));
    OK(xjd_dataset_set_string(d, "share_type", "conditional"));
    OK(xjd_dataset_add_string(d, "share_conditions", "仅用于疾病防控"));
    OK(xjd_dataset_add_string(d, "share_conditions", "不得向第三方提供"));
    OK(xjd_dataset_set_string(d, "open_type", "none"));
    OK(xjd_dataset_set_string(d, "open_basis", "《传染病防治法》第三十八条"));
    OK(xjd_dataset_set_int(d, "personal_info.individuals", 52000));
    OK(xjd_dataset_set_int(d, "personal_info.sensitive_individuals", 52000));
    OK(xjd_dataset_set_bool(d, "personal_info.deidentified", true));
}

static const uint8_t ext_cbor[] = { 0xa2, 0x61, 'a', 0x82, 0x01, 0x02, 0x61, 'b', 0xa1, 0x61, 'c', 0xf5 };

static void fill_request(xjd_request *r, const xjd_dataset *d)
{
    OK(xjd_request_set_string(r, "action", "share"));
    OK(xjd_request_set_string(r, "at", "2026-03-02T10:00:00+08:00"));
    OK(xjd_request_set_string(r, "requester.id", "xj-health-commission"));
    OK(xjd_request_set_string(r, "requester.name", "自治区卫生健康委员会"));
    OK(xjd_request_set_string(r, "requester.kind", "public_body"));
    OK(xjd_request_set_bool(r, "requester.ciio", false));
    OK(xjd_request_set_bool(r, "requester.state_organ", false));
    OK(xjd_request_set_bool(r, "requester.access_terminated", false));
    OK(xjd_request_set_bool(r, "purpose.statutory_duty", true));
    OK(xjd_request_set_bool(r, "purpose.onward_transfer", false));
    OK(xjd_request_set_bool(r, "purpose.emergency_response", false));
    OK(xjd_request_set_string(r, "purpose.scenario", "传染病监测"));
    OK(xjd_request_set_string(r, "share.received_at", "2026-03-02"));
    OK(xjd_request_set_string(r, "share.provider_decision", "pending"));
    OK(xjd_request_set_ext(r, ext_cbor, sizeof ext_cbor));
    if (d)
        OK(xjd_request_set_dataset(r, d));
}

/* The reference documents, built without the hook. */
static void doc_material(void)
{
    if (req_cbor_len)
        return;
    xjd_dataset *d = NULL;
    xjd_request *r = NULL;
    OK(xjd_dataset_new(&d, NULL));
    fill_dataset(d);
    OK(xjd_request_new(&r, NULL));
    fill_request(r, d);
    OK(xjd_request_encode(req_cbor, sizeof req_cbor, &req_cbor_len, r));
    OK(xjd_dataset_encode(ds_cbor, sizeof ds_cbor, &ds_cbor_len, d));
    xjd_request_free(r);
    xjd_dataset_free(d);
}

static void doc_setup(void)
{
    doc_material();
    req = NULL;
    ds = NULL;
    OK(xjd_request_new(&req, &alloc));
    OK(xjd_dataset_new(&ds, &alloc));
}

static void doc_teardown(void)
{
    xjd_request_free(req);
    xjd_dataset_free(ds);
    req = NULL;
    ds = NULL;
}

static int op_request_decode(void) { return xjd_request_decode(req, req_cbor, req_cbor_len, NULL); }
static int op_dataset_decode(void) { return xjd_dataset_decode(ds, ds_cbor, ds_cbor_len, NULL); }

static void check_request_same(void)
{
    uint8_t out[4096];
    size_t n = 0;
    OK(xjd_request_encode(out, sizeof out, &n, req));
    ck_assert_uint_eq(n, req_cbor_len);
    ck_assert(memcmp(out, req_cbor, n) == 0);
    ck_assert_ptr_nonnull(xjd_request_dataset(req));
}

static void check_dataset_same(void)
{
    uint8_t out[2048];
    size_t n = 0;
    OK(xjd_dataset_encode(out, sizeof out, &n, ds));
    ck_assert_uint_eq(n, ds_cbor_len);
    ck_assert(memcmp(out, ds_cbor, n) == 0);
}

/* Building by setters: every setter that copies a value allocates. */
static int op_request_build(void)
{
    xjd_request_clear(req);
    xjd_dataset_clear(ds);
    int rc;
    /* stop at the first failure, as a host would, then check nothing broke */
#define TRY(call)              \
    if ((rc = (call)) != 0)    \
        return rc;
    TRY(xjd_dataset_set_string(ds, "id", "xj-hc-0042"));
    TRY(xjd_dataset_set_string(ds, "title", "法定传染病报告数据"));
    TRY(xjd_dataset_set_string(ds, "category", "public"));
    TRY(xjd_dataset_set_string(ds, "grade", "general"));
    TRY(xjd_dataset_set_string(ds, "secret", "none"));
    TRY(xjd_dataset_set_bool(ds, "on_platform", true));
    TRY(xjd_dataset_set_string(ds, "share_type", "conditional"));
    TRY(xjd_dataset_add_string(ds, "share_conditions", "仅用于疾病防控"));
    TRY(xjd_dataset_add_string(ds, "share_conditions", "不得向第三方提供"));
    TRY(xjd_dataset_set_string(ds, "open_type", "none"));
    TRY(xjd_dataset_set_string(ds, "open_basis", "《传染病防治法》第三十八条"));
    TRY(xjd_dataset_set_int(ds, "personal_info.individuals", 52000));
    TRY(xjd_dataset_set_int(ds, "personal_info.sensitive_individuals", 52000));
    TRY(xjd_dataset_set_bool(ds, "personal_info.deidentified", true));
    TRY(xjd_request_set_string(req, "action", "share"));
    TRY(xjd_request_set_string(req, "at", "2026-03-02T10:00:00+08:00"));
    TRY(xjd_request_set_string(req, "requester.id", "xj-health-commission"));
    TRY(xjd_request_set_string(req, "requester.name", "自治区卫生健康委员会"));
    TRY(xjd_request_set_string(req, "requester.kind", "public_body"));
    TRY(xjd_request_set_bool(req, "requester.ciio", false));
    TRY(xjd_request_set_bool(req, "requester.state_organ", false));
    TRY(xjd_request_set_bool(req, "requester.access_terminated", false));
    TRY(xjd_request_set_bool(req, "purpose.statutory_duty", true));
    TRY(xjd_request_set_bool(req, "purpose.onward_transfer", false));
    TRY(xjd_request_set_bool(req, "purpose.emergency_response", false));
    TRY(xjd_request_set_string(req, "purpose.scenario", "传染病监测"));
    TRY(xjd_request_set_string(req, "share.received_at", "2026-03-02"));
    TRY(xjd_request_set_string(req, "share.provider_decision", "pending"));
    TRY(xjd_request_set_ext(req, ext_cbor, sizeof ext_cbor));
    TRY(xjd_request_set_dataset(req, ds));
#undef TRY
    return 0;
}

START_TEST(documents)
{
    static const oom_case cases[] = {
        { "xjd_request_decode", doc_setup, op_request_decode, check_request_same, doc_teardown },
        { "xjd_dataset_decode", doc_setup, op_dataset_decode, check_dataset_same, doc_teardown },
        { "request and dataset setters", doc_setup, op_request_build, check_request_same, doc_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_int_ge(sweep(&cases[i]), 1);
}
END_TEST

/* The catalogue check object: created with the hook; checking allocates nothing more. */
static xjd_check *chk;

static void chk_setup(void)
{
    doc_material();
    chk = NULL;
    ds = NULL;
    OK(xjd_dataset_new(&ds, &alloc));
    OK(xjd_dataset_decode(ds, ds_cbor, ds_cbor_len, NULL));
}

static void chk_teardown(void)
{
    xjd_check_free(chk);
    xjd_dataset_free(ds);
    chk = NULL;
    ds = NULL;
}

static int op_check(void)
{
    xjd_check_free(chk);
    chk = NULL;
    int rc = xjd_check_new(&chk, &alloc);
    if (rc != 0) {
        ck_assert_ptr_null(chk);
        return rc;
    }
    return xjd_dataset_check(chk, ds, NULL);
}

static void check_chk(void)
{
    /* conditional sharing is allowed for a general-grade public dataset */
    ck_assert(xjd_check_allowed_share(chk) & XJD_TYPE_CONDITIONAL);
}

START_TEST(catalogue_check)
{
    static const oom_case c = { "xjd_check_new and xjd_dataset_check", chk_setup, op_check, check_chk, chk_teardown };
    ck_assert_int_ge(sweep(&c), 1);
}
END_TEST

/* ---- signing and verifying records ---- */

static const xjd_cite cite34[] = { { "xj-data-2025", 34, 2, 0, 0, 0 } };
static const xjd_cite cites2[] = { { "xj-data-2025", 42, 3, 0, 1, 0 }, { "dsl", 31, 0, 0, 0, 0 } };
static xjd_key *signer;
static xjd_keyset *verifier;
static uint8_t rec_full[8192], rec_digest[8192];
static size_t rec_full_len, rec_digest_len;

/* A decision as an evaluation leaves it (filled directly: signing must not depend on rules). */
static void fill_decision(struct xjd_decision *d, const xjd_request *r, const xjd_dataset *s)
{
    xjd_decision_reset(d);
    d->effect = XJD_REVIEW;
    d->rulebook = "xj-2025";
    d->rulebook_id = 1;
    d->national[0] = "cbdf-2024";
    d->n_national = 1;
    d->at = 1772416800;
    d->at_offset = 480;
    xjd_item *it = &d->reasons[0];
    memset(it, 0, sizeof *it);
    it->code = "share.conditional_pending";
    it->effect = XJD_REVIEW;
    it->cites = cite34;
    it->ncites = 1;
    it->text_zh = it->text_en = "";
    it->detail = "仅用于疾病防控";
    d->n_reasons = 1;
    it = &d->obligations[0];
    memset(it, 0, sizeof *it);
    it->code = "share.provider_reply";
    it->stage = XJD_STAGE_BEFORE;
    it->cites = cites2;
    it->ncites = 2;
    it->text_zh = it->text_en = "";
    it->due = (xjd_date){ 2026, 3, 16 };
    d->n_obligations = 1;
    d->req = r;
    d->ds = s;
}

static xjd_request *sreq;
static xjd_dataset *sds;

static void sign_material(void)
{
    if (rec_full_len)
        return;
    doc_material();
    OK(xjd_key_from_seed(&signer, seed1, NULL));
    OK(xjd_keyset_new(&verifier, NULL));
    OK(xjd_keyset_add(verifier, signer));
    OK(xjd_request_new(&sreq, NULL));
    OK(xjd_request_decode(sreq, req_cbor, req_cbor_len, NULL));
    OK(xjd_dataset_new(&sds, NULL));
    OK(xjd_dataset_decode(sds, ds_cbor, ds_cbor_len, NULL));
    xjd_decision *d = NULL;
    OK(xjd_decision_new(&d, NULL));
    for (int digests = 0; digests < 2; digests++) {
        fill_decision(d, sreq, sds);
        OK(xjd_decision_sign(d, signer, digests ? XJD_EVAL_DIGESTS : 0, NULL));
        size_t n = 0;
        const uint8_t *r = xjd_decision_record(d, &n);
        ck_assert_uint_le(n, sizeof rec_full);
        memcpy(digests ? rec_digest : rec_full, r, n);
        *(digests ? &rec_digest_len : &rec_full_len) = n;
    }
    xjd_decision_free(d);
}

/* Frees what sign_material() made (it lives across tests when Check does not fork). */
static void sign_material_free(void)
{
    xjd_request_free(sreq);
    xjd_dataset_free(sds);
    xjd_keyset_free(verifier);
    xjd_key_free(signer);
    sreq = NULL;
    sds = NULL;
    verifier = NULL;
    signer = NULL;
    rec_full_len = 0;
}

static void sign_setup(void)
{
    sign_material();
    dec = NULL;
    OK(xjd_decision_new(&dec, &alloc));
    fill_decision(dec, sreq, sds);
}

static void verify_setup(void)
{
    sign_material();
    dec = NULL;
    OK(xjd_decision_new(&dec, &alloc));
}

static int sign_flags;
static int op_sign(void)
{
    int rc = xjd_decision_sign(dec, signer, (unsigned)sign_flags, NULL);
    if (rc != 0) {
        size_t n = 1;
        ck_assert_ptr_null(xjd_decision_record(dec, &n)); /* no half-made record */
        ck_assert_uint_eq(n, 0);
    }
    return rc;
}

static void check_signed(void)
{
    size_t n = 0;
    const uint8_t *r = xjd_decision_record(dec, &n);
    ck_assert_ptr_nonnull(r);
    xjd_decision *v = NULL;
    OK(xjd_decision_new(&v, NULL));
    OK(xjd_record_verify(v, r, n, verifier, NULL));
    ck_assert_int_eq(xjd_decision_effect(v), XJD_REVIEW);
    ck_assert_str_eq(xjd_decision_obligation(v, 0)->code, "share.provider_reply");
    xjd_decision_free(v);
}

static int op_verify_full(void) { return xjd_record_verify(dec, rec_full, rec_full_len, verifier, NULL); }
static int op_verify_digest(void) { return xjd_record_verify(dec, rec_digest, rec_digest_len, verifier, NULL); }
static int op_decode_full(void) { return xjd_record_decode(dec, rec_full, rec_full_len, NULL); }

static void check_verified(void)
{
    ck_assert_int_eq(xjd_decision_effect(dec), XJD_REVIEW);
    ck_assert_uint_eq(xjd_decision_reason_count(dec), 1);
    const xjd_item *ob = xjd_decision_obligation(dec, 0);
    ck_assert_ptr_nonnull(ob);
    ck_assert_str_eq(ob->code, "share.provider_reply");
    ck_assert_uint_eq(ob->ncites, 2);
    ck_assert_str_eq(ob->cites[1].law, "dsl");
    ck_assert_int_eq(ob->due.day, 16);
}

static void check_verified_full(void)
{
    check_verified();
    ck_assert_int_eq(xjd_decision_verified(dec), 1);
    const uint8_t *doc = NULL;
    size_t n = 0;
    OK(xjd_decision_document(&doc, &n, NULL, dec, 0));
    /* the request whole as signed, except its embedded dataset: that is the dataset member */
    xjd_request *bare = NULL;
    OK(xjd_request_new(&bare, NULL));
    OK(xjd_request_decode(bare, req_cbor, req_cbor_len, NULL));
    ck_assert_ptr_nonnull(xjd_request_dataset(bare));
    OK(xjd_request_unset(bare, "dataset"));
    static uint8_t b[4096];
    size_t bl = 0;
    OK(xjd_request_encode(b, sizeof b, &bl, bare));
    xjd_request_free(bare);
    ck_assert_uint_lt(bl, req_cbor_len);
    ck_assert_uint_eq(n, bl);
    ck_assert(memcmp(doc, b, n) == 0);
    OK(xjd_decision_document(&doc, &n, NULL, dec, 1));
    ck_assert_uint_eq(n, ds_cbor_len);
    ck_assert(memcmp(doc, ds_cbor, n) == 0);
}

START_TEST(records)
{
    static const oom_case sign_case = { "xjd_decision_sign", sign_setup, op_sign, check_signed, dec_teardown };
    static const oom_case cases[] = {
        { "xjd_record_verify (full documents)", verify_setup, op_verify_full, check_verified_full, dec_teardown },
        { "xjd_record_verify (digests)", verify_setup, op_verify_digest, check_verified, dec_teardown },
        { "xjd_record_decode", verify_setup, op_decode_full, check_verified, dec_teardown },
    };
    for (sign_flags = 0; sign_flags <= XJD_EVAL_DIGESTS; sign_flags += XJD_EVAL_DIGESTS)
        ck_assert_int_ge(sweep(&sign_case), 1);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_int_ge(sweep(&cases[i]), 1);
}
END_TEST

/* Canonical re-encoding (ext maps) must not do work exponential in the nesting of map keys: a
 * map whose key is a map whose key is a map... Counted in allocation calls, not time. */
static long canonical_calls(int depth)
{
    uint8_t buf[64];
    size_t n = 0;
    for (int i = 0; i < depth; i++)
        buf[n++] = 0xa1;
    for (int i = 0; i <= depth; i++)
        buf[n++] = 0x00;
    memset(&fa, 0, sizeof fa);
    xjd_cdoc d;
    xjd_cdoc_init(&d, &alloc);
    OK(xjd_cbor_parse(&d, buf, n, NULL, 0));
    xjd_cw w;
    xjd_cw_init_grow(&w, &alloc, NULL, 0);
    arm(0, 0);
    xjd_cw_canonical(&w, &d, 0);
    disarm();
    ck_assert_int_eq(w.err, 0);
    ck_assert_uint_eq(w.len, n);
    ck_assert(memcmp(w.p, buf, n) == 0);
    xjd_free(&alloc, w.p);
    xjd_cdoc_free(&d);
    ck_assert_int_eq(fa.live, 0);
    return fa.calls;
}

/* ---- options, engines, evaluation ---- */

static xjd_options *opts;
static xjd_engine *eng;
static xjd_calendar *eng_cal;

static int64_t fixed_clock(void *ud)
{
    (void)ud;
    return 1772416800; /* 2026-03-02T02:00:00Z */
}

static const char *const ftz_list[] = { "health.records", "genome" };
static const xjd_national_rules host_sets[] = {
    { .id = "host-2026", .law = "cbdf-2024", .effective_from = { 2026, 1, 1 }, .assess_individuals = 1000000,
      .assess_sensitive = 10000, .contract_individuals = 100000, .contract_sensitive = 10000,
      .assessment_validity_years = 3, .exemptions = true, .ftz_negative_list = ftz_list, .ftz_negative_count = 2 },
};

static xjd_key *eng_key;

/* The key and calendar are made with the hook too: options and engine copy them with their
 * own allocator (xjd_key_clone, xjd_calendar_clone). */
static void opts_setup(void)
{
    sign_material();
    opts = NULL;
    eng = NULL;
    eng_cal = NULL;
    eng_key = NULL;
    OK(xjd_options_new(&opts, &alloc));
    OK(xjd_calendar_new(&eng_cal, 0, &alloc));
    OK(xjd_key_from_seed(&eng_key, seed1, &alloc));
}

static void opts_teardown(void)
{
    xjd_options_free(opts);
    xjd_engine_free(eng);
    xjd_calendar_free(eng_cal);
    xjd_key_free(eng_key);
    opts = NULL;
    eng = NULL;
    eng_cal = NULL;
    eng_key = NULL;
}

static int op_options_new(void)
{
    xjd_options_free(opts);
    opts = NULL;
    int rc = xjd_options_new(&opts, &alloc);
    if (rc != 0)
        ck_assert_ptr_null(opts);
    return rc;
}

/* Everything a host configures, then the engine. */
static int op_engine_build(void)
{
    int rc;
    if ((rc = xjd_options_set_key(opts, eng_key)) || (rc = xjd_options_set_clock(opts, fixed_clock, NULL)) ||
        (rc = xjd_options_set_rulebook(opts, "xj-2025")) || (rc = xjd_options_set_strict(opts, false)))
        return rc;
    if ((rc = xjd_options_set_calendar(opts, eng_cal)))
        return rc;
    xjd_engine_free(eng);
    eng = NULL;
    rc = xjd_engine_new(&eng, opts);
    if (rc != 0)
        ck_assert_ptr_null(eng);
    return rc;
}

static int op_engine_national(void)
{
    /* the outcomes' citations those of the built-in CBDF-2024 set: a set must cite every outcome
     * the export rules decide with (xjd_national_validate) */
    size_t nn = 0;
    const xjd_national_rules *builtin = xjd_national_builtin(&nn);
    xjd_national_rules set = host_sets[0];
    memcpy(set.cites, builtin[nn - 1].cites, sizeof set.cites);
    memcpy(set.ncites, builtin[nn - 1].ncites, sizeof set.ncites);
    int rc = xjd_options_set_national(opts, &set, 1);
    if (rc)
        return rc;
    xjd_engine_free(eng);
    eng = NULL;
    return xjd_engine_new(&eng, opts);
}

static void check_options(void) { ck_assert_ptr_nonnull(opts); }

static void check_engine(void)
{
    xjd_decision *d = NULL;
    ck_assert_ptr_nonnull(eng);
    OK(xjd_decision_new(&d, NULL));
    int rc = xjd_evaluate(d, eng, sreq, NULL);
    ck_assert_msg(rc == 0, "%d: %s", rc, xjd_decision_errmsg(d));
    ck_assert_int_eq(xjd_decision_effect(d), XJD_REVIEW);
    xjd_decision_free(d);
}

START_TEST(options_and_engines)
{
    static const oom_case cases[] = {
        { "xjd_options_new", opts_setup, op_options_new, check_options, opts_teardown },
        { "options setters and xjd_engine_new", opts_setup, op_engine_build, check_engine, opts_teardown },
        { "xjd_options_set_national and xjd_engine_new", opts_setup, op_engine_national, check_engine,
          opts_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_int_ge(sweep(&cases[i]), 1);
}
END_TEST

/* Evaluation: every object made with the hook; a fresh decision each time (its first use is
 * where allocations can happen). */
static xjd_request *ereq;
static xjd_dataset *eds;
static unsigned eval_flags;

static void eval_setup(void)
{
    sign_material();
    xjd_options *o = NULL;
    OK(xjd_options_new(&o, &alloc));
    OK(xjd_options_set_key(o, signer));
    OK(xjd_options_set_clock(o, fixed_clock, NULL));
    eng = NULL;
    OK(xjd_engine_new(&eng, o));
    xjd_options_free(o);
    ereq = NULL;
    eds = NULL;
    OK(xjd_request_new(&ereq, &alloc));
    OK(xjd_request_decode(ereq, req_cbor, req_cbor_len, NULL));
    OK(xjd_dataset_new(&eds, &alloc));
    OK(xjd_dataset_decode(eds, ds_cbor, ds_cbor_len, NULL));
    dec = NULL;
    OK(xjd_decision_new(&dec, &alloc));
}

static void eval_teardown(void)
{
    xjd_decision_free(dec);
    xjd_request_free(ereq);
    xjd_dataset_free(eds);
    xjd_engine_free(eng);
    dec = NULL;
    ereq = NULL;
    eds = NULL;
    eng = NULL;
}

static int op_evaluate(void)
{
    static const uint8_t prev[32] = { 7 };
    return xjd_evaluate_ex(dec, eng, ereq, eds, eval_flags, (eval_flags & XJD_EVAL_DIGESTS) ? prev : NULL);
}

static void check_evaluated(void)
{
    ck_assert_int_eq(xjd_decision_effect(dec), XJD_REVIEW);
    ck_assert_str_eq(xjd_decision_reason(dec, 0)->code, "share.conditional_pending");
    size_t n = 0;
    const uint8_t *r = xjd_decision_record(dec, &n);
    if (eval_flags & XJD_EVAL_NOSIGN) {
        ck_assert_ptr_null(r);
        return;
    }
    ck_assert_ptr_nonnull(r);
    xjd_decision *v = NULL;
    OK(xjd_decision_new(&v, NULL));
    OK(xjd_record_verify(v, r, n, verifier, NULL));
    ck_assert_int_eq(xjd_decision_effect(v), XJD_REVIEW);
    xjd_decision_free(v);
}

START_TEST(evaluation)
{
    static const oom_case c = { "xjd_evaluate_ex", eval_setup, op_evaluate, check_evaluated, eval_teardown };
    static const unsigned flags[] = { 0, XJD_EVAL_DIGESTS, XJD_EVAL_FULL };
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
        eval_flags = flags[i];
        ck_assert_int_ge(sweep(&c), 1); /* signing: at least the record buffer */
    }
    /* unsigned evaluation may need no allocation at all; the sweep still checks it */
    eval_flags = XJD_EVAL_NOSIGN;
    sweep(&c);
}
END_TEST

START_TEST(reused_decision_evaluates_without_allocating)
{
    /* docs/performance.md: 0 heap allocations once a decision object is reused (signed too) */
    for (int sign = 0; sign < 2; sign++) {
        memset(&fa, 0, sizeof fa);
        eval_setup();
        eval_flags = sign ? 0 : XJD_EVAL_NOSIGN;
        OK(op_evaluate());
        OK(op_evaluate());
        arm(0, 0);
        for (int i = 0; i < 10; i++)
            OK(op_evaluate());
        disarm();
        ck_assert_msg(fa.calls == 0, "%s evaluation with a reused decision: %ld allocation calls",
                      sign ? "signed" : "unsigned", fa.calls);
        check_evaluated();
        eval_teardown();
        ck_assert_int_eq(fa.live, 0);
    }
}
END_TEST

/* ---- the JSON entry points (include/xjdata/json.h): a workspace made with the hook ---- */

/* The request of fill_request() with its dataset embedded, as JSON (escapes and reals included,
 * so that the parser's string and number paths allocate too). */
static const char req_json[] =
    "{\"action\":\"share\",\"at\":\"2026-03-02T10:00:00+08:00\","
    "\"requester\":{\"id\":\"xj-health-commission\",\"name\":\"\\u81ea\\u6cbb\\u533a\\u536b\\u751f\\u5065\\u5eb7\\u59d4\\u5458\\u4f1a\","
    "\"kind\":\"public_body\",\"ciio\":false,\"state_organ\":false,\"access_terminated\":false},"
    "\"purpose\":{\"statutory_duty\":true,\"onward_transfer\":false,\"emergency_response\":false,\"scenario\":\"传染病监测\"},"
    "\"share\":{\"received_at\":\"2026-03-02\",\"provider_decision\":\"pending\"},"
    "\"ext\":{\"a\":[1,2.5],\"b\":{\"c\":true}},"
    "\"dataset\":{\"id\":\"xj-hc-0042\",\"title\":\"法定传染病报告数据\",\"category\":\"public\",\"grade\":\"general\","
    "\"secret\":\"none\",\"on_platform\":true,\"share_type\":\"conditional\","
    "\"share_conditions\":[\"仅用于疾病防控\",\"不得向第三方提供\"],\"open_type\":\"none\","
    "\"open_basis\":\"《传染病防治法》第三十八条\",\"personal_info\":{\"individuals\":52000,"
    "\"sensitive_individuals\":52000,\"deidentified\":true}}}";

static xjd_json *jws;
static char *jdoc;       /* a signed decision document, for the verify case */
static size_t jdoc_len;

static void json_setup(void)
{
    eval_setup(); /* engine (signing), request, dataset, decision: all with the hook */
    jws = NULL;
    OK(xjd_json_new(&jws, &alloc));
}

static void json_teardown(void)
{
    xjd_json_free(jws);
    jws = NULL;
    eval_teardown();
}

static const char *jtext = req_json;

static int op_evaluate_json(void)
{
    return xjd_evaluate_json(jws, eng, jtext, strlen(jtext), NULL, eval_flags | XJD_JSON_EN);
}

static void check_evaluated_json(void)
{
    const xjd_decision *d = xjd_json_decision(jws);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(xjd_decision_effect(d), XJD_REVIEW);
    size_t n;
    const char *t = xjd_json_text(jws, &n);
    ck_assert_msg(strncmp(t, "{\"effect\":\"review\"", 18) == 0, "%.80s", t);
    ck_assert_int_eq(strstr(t, "\"record\":\"") != NULL, !(eval_flags & XJD_EVAL_NOSIGN));
    /* the text verifies (a fresh workspace, without the hook) */
    if (!(eval_flags & XJD_EVAL_NOSIGN)) {
        xjd_json *v = NULL;
        OK(xjd_json_new(&v, NULL));
        OK(xjd_record_verify_json(v, t, n, verifier, 0));
        ck_assert_int_eq(xjd_decision_effect(xjd_json_decision(v)), XJD_REVIEW);
        xjd_json_free(v);
    }
}

static void json_doc_material(void)
{
    if (jdoc)
        return;
    sign_material();
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    xjd_json *w = NULL;
    OK(xjd_options_new(&o, NULL));
    OK(xjd_options_set_key(o, signer));
    OK(xjd_engine_new(&e, o));
    OK(xjd_json_new(&w, NULL));
    OK(xjd_evaluate_json(w, e, req_json, sizeof req_json - 1, NULL, 0));
    const char *t = xjd_json_text(w, &jdoc_len);
    jdoc = strdup(t);
    xjd_json_free(w);
    xjd_engine_free(e);
    xjd_options_free(o);
}

static void jverify_setup(void)
{
    json_doc_material();
    jws = NULL;
    OK(xjd_json_new(&jws, &alloc));
}

static void jverify_teardown(void)
{
    xjd_json_free(jws);
    jws = NULL;
}

static int op_verify_json(void) { return xjd_record_verify_json(jws, jdoc, jdoc_len, verifier, 0); }

static void check_verified_json(void)
{
    ck_assert_int_eq(xjd_decision_effect(xjd_json_decision(jws)), XJD_REVIEW);
    ck_assert_ptr_nonnull(strstr(xjd_json_text(jws, NULL), ",\"verified\":true}"));
}

static int op_check_json(void)
{
    doc_material();
    /* the dataset member of the request, on its own */
    const char *d = strstr(req_json, "\"dataset\":") + 10;
    return xjd_dataset_check_json(jws, d, strlen(d) - 1, NULL, 0);
}

static void check_checked_json(void)
{
    ck_assert_msg(strncmp(xjd_json_text(jws, NULL), "{\"findings\":[", 13) == 0, "%s", xjd_json_text(jws, NULL));
}

static xjd_request *jreq;
static void jdecode_setup(void)
{
    jreq = NULL;
    OK(xjd_request_new(&jreq, &alloc));
}
static void jdecode_teardown(void)
{
    xjd_request_free(jreq);
    jreq = NULL;
}
static int op_request_decode_json(void) { return xjd_request_decode_json(jreq, req_json, sizeof req_json - 1, NULL); }
static void check_request_decoded_json(void)
{
    doc_material();
    uint8_t out[4096];
    size_t n = 0;
    OK(xjd_request_encode(out, sizeof out, &n, jreq));
    ck_assert_ptr_nonnull(xjd_request_dataset(jreq));
    ck_assert_uint_gt(n, 200);
}

START_TEST(json_entry_points)
{
    static const oom_case cases[] = {
        { "xjd_request_decode_json", jdecode_setup, op_request_decode_json, check_request_decoded_json,
          jdecode_teardown },
        { "xjd_record_verify_json", jverify_setup, op_verify_json, check_verified_json, jverify_teardown },
        { "xjd_dataset_check_json", jverify_setup, op_check_json, check_checked_json, jverify_teardown },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_int_ge(sweep(&cases[i]), 1);
    static const oom_case ev = { "xjd_evaluate_json", json_setup, op_evaluate_json, check_evaluated_json,
                                 json_teardown };
    static const unsigned flags[] = { 0, XJD_EVAL_DIGESTS, XJD_EVAL_NOSIGN };
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
        eval_flags = flags[i];
        ck_assert_int_ge(sweep(&ev), 1); /* at least the workspace's parser buffers */
    }
    free(jdoc);
    jdoc = NULL;
}
END_TEST

START_TEST(reused_json_workspace_adds_no_allocation)
{
    /* A server thread keeps one workspace: once it has grown, the JSON layer (parser, envelope,
     * rendering) allocates nothing; the only allocations left are those the CBOR decoder makes
     * for every decoding (the strings of text arrays such as share_conditions; a request's `ext`),
     * counted here by decoding the same document as CBOR into a reused request. */
    static char no_ext[sizeof req_json];
    const char *e = strstr(req_json, "\"ext\":"), *e_end = strstr(e, "}},") + 3;
    snprintf(no_ext, sizeof no_ext, "%.*s%s", (int)(e - req_json), req_json, e_end);
    for (int t = 0; t < 2; t++) {
        jtext = t ? no_ext : req_json;
        xjd_json *c = NULL;
        const uint8_t *cbor;
        size_t cbor_len;
        OK(xjd_json_new(&c, NULL));
        OK(xjd_json_cbor(&cbor, &cbor_len, c, jtext, strlen(jtext)));
        for (int sign = 0; sign < 2; sign++) {
            memset(&fa, 0, sizeof fa);
            json_setup();
            eval_flags = sign ? 0 : XJD_EVAL_NOSIGN;
            OK(op_evaluate_json());
            OK(op_evaluate_json());
            OK(xjd_request_decode(ereq, cbor, cbor_len, NULL));
            arm(0, 0);
            for (int i = 0; i < 10; i++)
                OK(xjd_request_decode(ereq, cbor, cbor_len, NULL));
            long decoder = fa.calls;
            arm(0, 0);
            for (int i = 0; i < 10; i++)
                OK(op_evaluate_json());
            disarm();
            ck_assert_msg(fa.calls == decoder, "%s JSON evaluation with a reused workspace: %ld allocation calls, "
                          "the CBOR decoder alone %ld", sign ? "signed" : "unsigned", fa.calls, decoder);
            check_evaluated_json();
            json_teardown();
            ck_assert_int_eq(fa.live, 0);
        }
        xjd_json_free(c);
    }
    jtext = req_json;
}
END_TEST

START_TEST(canonical_work_is_linear_in_key_nesting)
{
    long c8 = canonical_calls(8), c16 = canonical_calls(16);
    ck_assert_msg(c16 <= 2 * c8 + 8, "allocation calls: %ld at depth 8, %ld at depth 16", c8, c16);
}
END_TEST

START_TEST(allocator_counts_and_fails)
{
    /* the harness itself: counts, fails once or from n on, and tracks what is live */
    memset(&fa, 0, sizeof fa);
    arm(2, 0);
    void *a = fa_malloc(&fa, 8), *b = fa_malloc(&fa, 8), *c = fa_realloc(&fa, NULL, 8);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(fa.live, 2);
    arm(1, 1);
    ck_assert_ptr_null(fa_realloc(&fa, a, 64));
    ck_assert_ptr_null(fa_malloc(&fa, 1));
    ck_assert_int_eq(fa.failed, 2);
    disarm();
    fa_free(&fa, a);
    fa_free(&fa, c);
    fa_free(&fa, NULL);
    ck_assert_int_eq(fa.live, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, allocator_counts_and_fails);
    tcase_add_test(tc, decision_new);
    tcase_add_test(tc, cbor_reader);
    tcase_add_test(tc, canonical_work_is_linear_in_key_nesting);
    tcase_add_test(tc, key_loading);
    tcase_add_test(tc, calendars);
    tcase_add_test(tc, documents);
    tcase_add_test(tc, catalogue_check);
    tcase_add_test(tc, records);
    tcase_add_test(tc, options_and_engines);
    tcase_add_test(tc, evaluation);
    tcase_add_test(tc, reused_decision_evaluates_without_allocating);
    tcase_add_test(tc, json_entry_points);
    tcase_add_test(tc, reused_json_workspace_adds_no_allocation);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    sign_material_free();
    key_files_remove();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
