/* SPDX-License-Identifier: MIT */
/*
 * Suite: law — the law registry (law.h): every built-in law with its names, kind and the dates
 * it is in force (national-rules.md's law table; the enacted regional text Art. 64), laws
 * registered from loaded documents, conflicting re-registration, and the in-force boundaries
 * that the principle "Only provisions in force ground an effect" (rules.md) reads.
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "common.h"
#include "law.h"

static int64_t day(int y, unsigned m, unsigned d) { return xjd_days_from_civil(y, m, d); }

/* What national-rules.md and the texts themselves say, written out here independently of law.c. */
static const struct {
    const char *id, *zh, *en;
    int kind;
    int y;
    unsigned m, d;
} expected[] = {
    { "xj-data-2025", "新疆维吾尔自治区数据条例", "Xinjiang Data Regulation", XJD_LAWK_REGIONAL, 2025, 5, 1 },
    { "xj-data-2024-draft", "新疆维吾尔自治区数据条例（草案征求意见稿）", "Xinjiang Data Regulation (2024 draft)",
      XJD_LAWK_DRAFT, 0, 0, 0 },
    { "dsl", "中华人民共和国数据安全法", "Data Security Law", XJD_LAWK_NATIONAL, 2021, 9, 1 },
    { "pipl", "中华人民共和国个人信息保护法", "Personal Information Protection Law", XJD_LAWK_NATIONAL, 2021, 11, 1 },
    { "ndsmr", "网络数据安全管理条例", "Network Data Security Management Regulations", XJD_LAWK_NATIONAL, 2025, 1, 1 },
    { "cbdf-2024", "促进和规范数据跨境流动规定", "Provisions on Promoting and Regulating Cross-Border Data Flows",
      XJD_LAWK_NATIONAL, 2024, 3, 22 },
    { "scc-2023", "个人信息出境标准合同办法",
      "Measures on the Standard Contract for Outbound Transfer of Personal Information", XJD_LAWK_NATIONAL, 2023, 6,
      1 },
    { "dsam-2022", "数据出境安全评估办法", "Measures for Security Assessment of Outbound Data Transfers",
      XJD_LAWK_NATIONAL, 2022, 9, 1 },
    { "civil-code", "中华人民共和国民法典", "Civil Code", XJD_LAWK_NATIONAL, 2021, 1, 1 },
};
#define NEXPECTED (sizeof expected / sizeof expected[0])

/* Every built-in law, exactly these, each found by its id, with names, kind and dates. */
START_TEST(builtin_laws)
{
    ck_assert_uint_eq(xjd_law_builtin_count(), NEXPECTED);
    ck_assert_ptr_null(xjd_law_builtin(NEXPECTED));
    for (size_t i = 0; i < NEXPECTED; i++) {
        const xjd_law *l = xjd_law_find(expected[i].id);
        ck_assert_msg(l != NULL, "law %s unknown", expected[i].id);
        ck_assert_str_eq(l->id, expected[i].id);
        ck_assert_str_eq(l->zh, expected[i].zh);
        ck_assert_str_eq(l->en, expected[i].en);
        ck_assert_int_eq(l->kind, expected[i].kind);
        ck_assert_int_eq(l->in_force.year, expected[i].y);
        ck_assert_uint_eq(l->in_force.month, expected[i].m);
        ck_assert_uint_eq(l->in_force.day, expected[i].d);
        /* no built-in law has ended: DSAM-2022 stays in force where CBDF-2024 is silent (Art. 13) */
        ck_assert_int_eq(l->until.year, 0);
        /* the builtin listing holds the same entry */
        bool listed = false;
        for (size_t k = 0; k < xjd_law_builtin_count(); k++)
            listed |= xjd_law_builtin(k) == l;
        ck_assert(listed);
        /* rendering reads the registry */
        ck_assert_str_eq(xjd_law_name(l->id, XJD_LANG_ZH), expected[i].zh);
        ck_assert_str_eq(xjd_law_name(l->id, XJD_LANG_EN), expected[i].en);
    }
    /* the macros the rule tables use name these laws */
    const char *ids[] = { XJD_LAW_XJ, XJD_LAW_XJ_DRAFT, XJD_LAW_DSL, XJD_LAW_PIPL, XJD_LAW_NDSMR,
                          XJD_LAW_CBDF, XJD_LAW_SCC, XJD_LAW_DSAM, XJD_LAW_CIVIL };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        ck_assert_ptr_nonnull(xjd_law_find(ids[i]));
}
END_TEST

/* Look-ups: exact ids only, with a length (no NUL needed), NULL for unknown or NULL ids. */
START_TEST(lookup)
{
    ck_assert_ptr_eq(xjd_law_findn("pipl-and-more", 4), xjd_law_find("pipl"));
    ck_assert_ptr_null(xjd_law_findn("pip", 3));
    ck_assert_ptr_null(xjd_law_findn("pipl", 0));
    ck_assert_ptr_null(xjd_law_findn(NULL, 4));
    ck_assert_ptr_null(xjd_law_find(NULL));
    ck_assert_ptr_null(xjd_law_find(""));
    ck_assert_ptr_null(xjd_law_find("PIPL")); /* ids are exact */
    ck_assert_ptr_null(xjd_law_find("dsam"));  /* no prefix matching */
    ck_assert_ptr_null(xjd_law_find("xj-data-2025 "));
    ck_assert_ptr_null(xjd_law_name("nope", XJD_LANG_ZH));
    ck_assert_ptr_null(xjd_law_name("pipl", 7));
}
END_TEST

/* In-force boundaries: the first day is in force (00:00 CST), the day before is not; a draft
 * never is; an end date is the last day in force. */
START_TEST(in_force_boundaries)
{
    for (size_t i = 0; i < NEXPECTED; i++) {
        const xjd_law *l = xjd_law_find(expected[i].id);
        if (expected[i].kind == XJD_LAWK_DRAFT) {
            ck_assert_int_eq(xjd_law_first_day(l), INT64_MAX);
            ck_assert(!xjd_law_in_force(l, day(2024, 6, 1)));
            ck_assert(!xjd_law_in_force(l, day(2099, 1, 1)));
            continue;
        }
        int64_t first = day(expected[i].y, expected[i].m, expected[i].d);
        ck_assert_int_eq(xjd_law_first_day(l), first);
        ck_assert_msg(!xjd_law_in_force(l, first - 1), "%s in force the day before", l->id);
        ck_assert_msg(xjd_law_in_force(l, first), "%s not in force on its first day", l->id);
        ck_assert(xjd_law_in_force(l, first + 3650));
    }
    /* the dates the engine's principle turns on (rules.md "Only provisions in force") */
    const xjd_law *xj = xjd_law_find(XJD_LAW_XJ), *nd = xjd_law_find(XJD_LAW_NDSMR),
                  *cb = xjd_law_find(XJD_LAW_CBDF), *scc = xjd_law_find(XJD_LAW_SCC);
    ck_assert(!xjd_law_in_force(xj, day(2025, 4, 30)) && xjd_law_in_force(xj, day(2025, 5, 1)));
    ck_assert(!xjd_law_in_force(nd, day(2024, 12, 31)) && xjd_law_in_force(nd, day(2025, 1, 1)));
    ck_assert(!xjd_law_in_force(cb, day(2024, 3, 21)) && xjd_law_in_force(cb, day(2024, 3, 22)));
    ck_assert(!xjd_law_in_force(scc, day(2023, 5, 31)) && xjd_law_in_force(scc, day(2023, 6, 1)));
    ck_assert(!xjd_law_in_force(NULL, day(2025, 5, 1)));
    ck_assert_int_eq(xjd_law_first_day(NULL), INT64_MAX);
    /* an end date: in force through that day, not after */
    const xjd_law *ended = NULL;
    xjd_law l = { "test-ended-law", "测试已废止规定", "Test Repealed Provisions", XJD_LAWK_NATIONAL, { 2020, 1, 1 },
                  { 2022, 8, 31 } };
    ck_assert_int_eq(xjd_law_register(&ended, &l), 0);
    ck_assert(xjd_law_in_force(ended, day(2022, 8, 31)));
    ck_assert(!xjd_law_in_force(ended, day(2022, 9, 1)));
    ck_assert(!xjd_law_in_force(ended, day(2019, 12, 31)));
}
END_TEST

/* A law registered from a loaded document: found, rendered, its strings copied. */
START_TEST(register_new_law)
{
    char id[] = "xj-data-2027-test", zh[] = "新疆维吾尔自治区数据条例（2027年修正，测试）",
         en[] = "Xinjiang Data Regulation (2027 amendment, test)";
    xjd_law l = { id, zh, en, XJD_LAWK_REGIONAL, { 2027, 1, 1 }, { 0, 0, 0 } };
    ck_assert_ptr_null(xjd_law_find("xj-data-2027-test"));
    const xjd_law *got = NULL;
    ck_assert_int_eq(xjd_law_register(&got, &l), 0);
    ck_assert_ptr_nonnull(got);
    /* the caller's strings may go: the registry keeps its own copies */
    memset(id, 'x', sizeof id - 1);
    memset(en, 'x', sizeof en - 1);
    const xjd_law *f = xjd_law_find("xj-data-2027-test");
    ck_assert_ptr_eq(f, got);
    ck_assert_str_eq(f->en, "Xinjiang Data Regulation (2027 amendment, test)");
    ck_assert_str_eq(f->zh, "新疆维吾尔自治区数据条例（2027年修正，测试）");
    ck_assert_int_eq(f->kind, XJD_LAWK_REGIONAL);
    ck_assert(!xjd_law_in_force(f, day(2026, 12, 31)));
    ck_assert(xjd_law_in_force(f, day(2027, 1, 1)));
    ck_assert_str_eq(xjd_law_name("xj-data-2027-test", XJD_LANG_EN), "Xinjiang Data Regulation (2027 amendment, test)");
    /* registered laws are not built-ins */
    ck_assert_uint_eq(xjd_law_builtin_count(), NEXPECTED);
    /* the same law again: accepted, the same entry */
    xjd_law again = { "xj-data-2027-test", "新疆维吾尔自治区数据条例（2027年修正，测试）",
                      "Xinjiang Data Regulation (2027 amendment, test)", XJD_LAWK_REGIONAL, { 2027, 1, 1 },
                      { 0, 0, 0 } };
    const xjd_law *got2 = NULL;
    ck_assert_int_eq(xjd_law_register(&got2, &again), 0);
    ck_assert_ptr_eq(got2, got);
    ck_assert_int_eq(xjd_law_register(NULL, &again), 0); /* out may be NULL */
    /* a built-in re-registered with its own data: accepted, the built-in entry */
    const xjd_law *pipl = xjd_law_find("pipl");
    xjd_law same = *pipl;
    ck_assert_int_eq(xjd_law_register(&got2, &same), 0);
    ck_assert_ptr_eq(got2, pipl);
}
END_TEST

/* Re-registering an id with other names, kind or dates is an input error; the first stays. */
START_TEST(conflicting_registration)
{
    xjd_law base = { "test-conflict", "测试规定", "Test Provisions", XJD_LAWK_NATIONAL, { 2026, 1, 1 }, { 0, 0, 0 } };
    const xjd_law *first = NULL, *out = (const xjd_law *)&base;
    ck_assert_int_eq(xjd_law_register(&first, &base), 0);
    xjd_law v;
    v = base, v.zh = "另一名称";
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINPUT);
    ck_assert_ptr_null(out);
    v = base, v.en = "Other Provisions";
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINPUT);
    v = base, v.kind = XJD_LAWK_REGIONAL;
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINPUT);
    v = base, v.in_force = (xjd_date){ 2026, 1, 2 };
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINPUT);
    v = base, v.until = (xjd_date){ 2030, 12, 31 };
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINPUT);
    ck_assert_ptr_eq(xjd_law_find("test-conflict"), first);
    ck_assert_str_eq(first->zh, "测试规定");
    /* a built-in id with other data: refused (a loaded set may not redate PIPL) */
    v = *xjd_law_find("pipl");
    v.in_force = (xjd_date){ 2030, 1, 1 };
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINPUT);
    ck_assert_int_eq(xjd_law_find("pipl")->in_force.year, 2021);
    v = *xjd_law_find("xj-data-2024-draft");
    v.kind = XJD_LAWK_REGIONAL; /* the draft may not become a text in force */
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINPUT);
    /* malformed entries: not a law at all */
    ck_assert_int_eq(xjd_law_register(&out, NULL), XJD_EINVAL);
    v = base, v.id = NULL;
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINVAL);
    v = base, v.id = "";
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINVAL);
    v = base, v.id = "test-no-name", v.zh = NULL;
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINVAL);
    v = base, v.id = "test-no-name", v.en = NULL;
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINVAL);
    v = base, v.id = "test-bad-kind", v.kind = 0;
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINVAL);
    v.kind = 9;
    ck_assert_int_eq(xjd_law_register(&out, &v), XJD_EINVAL);
    ck_assert_ptr_null(xjd_law_find("test-no-name"));
    ck_assert_ptr_null(xjd_law_find("test-bad-kind"));
}
END_TEST

/* Registration from several threads: one entry per id, every caller gets it, look-ups run
 * without the lock while others append. */
typedef struct th_arg {
    int k;
    const xjd_law *got[8];
    int bad;
} th_arg;

static void *th_main(void *p)
{
    th_arg *a = p;
    for (int i = 0; i < 8; i++) {
        char id[32];
        snprintf(id, sizeof id, "test-thread-%d", i);
        xjd_law l = { id, "测试", "Test", XJD_LAWK_NATIONAL, { 2026, 1, 1 }, { 0, 0, 0 } };
        if (xjd_law_register(&a->got[i], &l) != 0 || !a->got[i])
            a->bad++;
        if (!xjd_law_find("pipl") || xjd_law_find(id) != a->got[i])
            a->bad++;
    }
    return NULL;
}

START_TEST(concurrent_registration)
{
    th_arg args[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        memset(&args[i], 0, sizeof args[i]);
        args[i].k = i;
        ck_assert_int_eq(pthread_create(&t[i], NULL, th_main, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(args[i].bad, 0);
        for (int k = 0; k < 8; k++)
            ck_assert_ptr_eq(args[i].got[k], args[0].got[k]);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("law");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, builtin_laws);
    tcase_add_test(tc, lookup);
    tcase_add_test(tc, in_force_boundaries);
    tcase_add_test(tc, register_new_law);
    tcase_add_test(tc, conflicting_registration);
    tcase_add_test(tc, concurrent_registration);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
