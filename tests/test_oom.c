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
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
