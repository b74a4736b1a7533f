/* SPDX-License-Identifier: MIT */
/*
 * Suite: natdoc — national rule sets as documents (docs/national-sets.md): a host loads a set
 * for a new national rule (new id, new law, new date, other thresholds and article numbers) and
 * the decisions cite that law and those articles; malformed documents are errors naming the
 * member and byte offset; the built-in sets are the documents under data/national.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_io.h"
#include "law.h"
#include "national.h"
#include "testutil.h"

#define T(w, s) xjd_cw_cstr(w, s)
#define KT(w, k, v) (T(w, k), T(w, v))
#define KI(w, k, v) (T(w, k), xjd_cw_int(w, v))

typedef struct buf {
    uint8_t b[4096];
    size_t n;
} buf;

/* One citation {art, para?, item?} */
static void cite(xjd_cw *w, int art, int para, int item)
{
    xjd_cw_map(w, 1 + (para > 0) + (item > 0));
    KI(w, "art", art);
    if (para)
        KI(w, "para", para);
    if (item)
        KI(w, "item", item);
}

/* A set for a hypothetical 2027 national rule: its own law, thresholds and numbering. `bad`
 * selects one defect (0: none). Written in an arbitrary key order: the loader does not require
 * deterministic input. */
static buf set_2027(int bad)
{
    buf out;
    xjd_cw w;
    xjd_cw_init_fixed(&w, out.b, sizeof out.b);
    int members = 13 - (bad == 1) + (bad == 3) + (bad == 8) + (bad == 9);
    xjd_cw_map(&w, (size_t)members);
    KT(&w, "format", bad == 2 ? "xjdata-national-set/9" : "xjdata-national-set/1");
    if (bad != 1)
        KT(&w, "id", "test-export-2027");
    KT(&w, "law", bad == 4 ? "unknown-law-x" : "test-export-law");
    if (bad != 4) {
        T(&w, "law_name");
        xjd_cw_map(&w, 2);
        KT(&w, "zh", "测试数据出境办法");
        KT(&w, "en", "Test Export Measures");
    } else {
        KT(&w, "source", "no names: the law cannot be registered");
    }
    KT(&w, "in_force", "2027-01-01");
    T(&w, "until");
    xjd_cw_null(&w);
    KT(&w, "window", "current_year");
    T(&w, "thresholds");
    xjd_cw_map(&w, 5);
    KI(&w, "assessment_individuals", 500000);
    KI(&w, "assessment_sensitive", 5000);
    KI(&w, "assessment_handled", 0);
    KI(&w, "contract_individuals", 50000);
    KI(&w, "contract_sensitive", 1);
    T(&w, "contract_from");
    xjd_cw_null(&w);
    KI(&w, "assessment_validity_years", 2);
    KI(&w, "renewal_window_workdays", 30);
    if (bad == 8)
        KT(&w, "renewal_due", "tomorrow");
    if (bad == 9)
        KT(&w, "counts_exclude_ciio", "yes");
    T(&w, "exemptions");
    xjd_cw_bool(&w, false);
    T(&w, "cites");
    xjd_cw_map(&w, bad == 7 ? 9 : 10);
    T(&w, "assessment.important");
    xjd_cw_array(&w, 1);
    cite(&w, 12, 2, 1);
    T(&w, "assessment.important_ciio");
    xjd_cw_array(&w, 1);
    cite(&w, 12, 2, 2);
    T(&w, "assessment.ciio");
    xjd_cw_array(&w, 1);
    cite(&w, 12, 2, 2);
    T(&w, "validity");
    xjd_cw_array(&w, 1);
    cite(&w, 20, 0, 0);
    T(&w, "assessment.individuals");
    xjd_cw_array(&w, 1);
    cite(&w, 12, 2, 3);
    T(&w, "assessment.sensitive");
    xjd_cw_array(&w, 1);
    cite(&w, 12, 2, 4);
    if (bad != 7) {
        T(&w, "assessment.rejected");
        xjd_cw_array(&w, 1);
        cite(&w, 13, 0, 0);
    }
    T(&w, "contract");
    xjd_cw_array(&w, 1);
    cite(&w, bad == 5 ? 0 : 15, 0, 0);
    T(&w, bad == 6 ? "no_such_outcome" : "renewal");
    xjd_cw_array(&w, 1);
    cite(&w, 21, 0, 0);
    T(&w, "not_subject");
    xjd_cw_array(&w, 1);
    cite(&w, 2, 0, 0);
    if (bad == 3)
        KI(&w, "surprise", 1);
    ck_assert_int_eq(w.err, 0);
    out.n = w.len;
    return out;
}

static xjd_engine *engine_with_2027(void)
{
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    buf b = set_2027(0);
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_msg(xjd_options_load_national(o, b.b, b.n) == 0, "%s", xjd_options_errmsg(o));
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    return e;
}

/* A company exporting non-sensitive personal information of `n` people this year. */
static xjd_request *export_of(const char *at, int64_t n)
{
    xjd_request *r = tu_request("export");
    tu_rs(r, "at", at);
    tu_ri(r, "export.individuals_ytd", n);
    return r;
}

static xjd_dataset *pi_dataset(int64_t n)
{
    xjd_dataset *d = tu_dataset();
    tu_ds(d, "category", "enterprise");
    tu_di(d, "personal_info.individuals", n);
    tu_di(d, "personal_info.sensitive_individuals", 0);
    tu_db(d, "personal_info.deidentified", false);
    tu_db(d, "personal_info.anonymized", false);
    return d;
}

static bool names_national(const xjd_decision *d, const char *id)
{
    for (size_t i = 0; i < xjd_decision_national_count(d); i++)
        if (strcmp(xjd_decision_national(d, i), id) == 0)
            return true;
    return false;
}

static bool cites_law(const xjd_decision *d, const char *law)
{
    for (size_t k = 0; k < 2; k++) {
        size_t n = k ? xjd_decision_obligation_count(d) : xjd_decision_reason_count(d);
        for (size_t i = 0; i < n; i++) {
            const xjd_item *it = k ? xjd_decision_obligation(d, i) : xjd_decision_reason(d, i);
            for (size_t c = 0; c < it->ncites; c++)
                if (strcmp(it->cites[c].law, law) == 0)
                    return true;
        }
    }
    return false;
}

/* 600,000 people >= the set's 500,000: a security assessment, citing the new law's Art. 12¶2(3)
 * (and PIPL Art. 38¶1(1)); never the 2024 Provisions. */
START_TEST(loaded_set_grounds_its_own_citations)
{
    xjd_engine *e = engine_with_2027();
    ck_assert_uint_eq(xjd_engine_national_count(e), 3);
    xjd_request *r = export_of("2027-03-01T10:00:00+08:00", 600000);
    xjd_dataset *ds = pi_dataset(600000);
    const xjd_decision *d = tu_eval(e, r, ds);
    ck_assert_int_eq(xjd_decision_effect(d), XJD_REVIEW);
    const xjd_item *a = tu_obligation(d, "export.security_assessment");
    ck_assert_ptr_nonnull(a);
    ck_assert(tu_cites_item(a, "test-export-law", 12, 2, 3));
    ck_assert(tu_cites_item(a, "pipl", 38, 1, 1));
    ck_assert_uint_eq(a->ncites, 2);
    ck_assert(names_national(d, "test-export-2027"));
    ck_assert(!cites_law(d, "cbdf-2024"));
    /* the citation renders with the names the document gave */
    char out[256];
    ck_assert_int_gt(xjd_cite_render(out, sizeof out, &a->cites[0], "en"), 0);
    ck_assert_str_eq(out, "Test Export Measures, Art. 12 para. 2 item 3");

    /* 60,000: below the assessment, above the set's contract threshold of 50,000 (Art. 15) */
    tu_ri(r, "export.individuals_ytd", 60000);
    tu_di(ds, "personal_info.individuals", 60000);
    d = tu_eval(e, r, ds);
    const xjd_item *k = tu_obligation(d, "export.standard_contract");
    ck_assert_ptr_nonnull(k);
    ck_assert(tu_cites(k, "test-export-law", 15, 0));
    ck_assert(!cites_law(d, "cbdf-2024"));

    /* the same transfer dated 2026: the 2024 Provisions decide, with their own articles */
    tu_rs(r, "at", "2026-03-02T10:00:00+08:00");
    tu_ri(r, "export.individuals_ytd", 600000);
    tu_di(ds, "personal_info.individuals", 600000);
    d = tu_eval(e, r, ds);
    k = tu_obligation(d, "export.standard_contract");
    ck_assert_ptr_nonnull(k);
    ck_assert(tu_cites(k, "cbdf-2024", 8, 0));
    ck_assert(!cites_law(d, "test-export-law"));
    ck_assert(names_national(d, "cbdf-2024"));
    xjd_request_free(r);
    xjd_dataset_free(ds);
    xjd_engine_free(e);
}
END_TEST

/* The new law is in the registry with the document's names and date. */
START_TEST(loaded_set_registers_its_law)
{
    xjd_engine *e = engine_with_2027();
    const xjd_law *l = xjd_law_find("test-export-law");
    ck_assert_ptr_nonnull(l);
    ck_assert_str_eq(l->zh, "测试数据出境办法");
    ck_assert_int_eq(l->kind, XJD_LAWK_NATIONAL);
    ck_assert_int_eq(l->in_force.year, 2027);
    ck_assert(!xjd_law_in_force(l, xjd_days_from_civil(2026, 12, 31)));
    ck_assert(xjd_law_in_force(l, xjd_days_from_civil(2027, 1, 1)));
    xjd_engine_free(e);
}
END_TEST

static void expect_error(int bad, const char *path)
{
    xjd_options *o = NULL;
    buf b = set_2027(bad);
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_load_national(o, b.b, b.n), XJD_EINPUT);
    const char *m = xjd_options_errmsg(o);
    ck_assert_msg(strstr(m, path) != NULL, "message \"%s\" does not name %s", m, path);
    ck_assert_msg(strstr(m, "byte ") != NULL, "message \"%s\" gives no byte offset", m);
    xjd_options_free(o);
}

START_TEST(malformed_documents_name_the_member)
{
    expect_error(1, "id: is required");
    expect_error(2, "format");
    expect_error(3, "surprise: unknown member");
    expect_error(4, "law");
    expect_error(5, "cites.contract[0].art");
    expect_error(6, "cites.no_such_outcome");
    /* fail closed: without the article a rejected assessment cites, that refusal could not fire */
    expect_error(7, "cites.assessment.rejected: is required");
    expect_error(8, "renewal_due: must be \"expiry\" or \"window_start\"");
    expect_error(9, "counts_exclude_ciio: must be true or false");
    /* not CBOR at all, and truncated */
    xjd_options *o = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    const uint8_t junk[] = { 0xa2, 0x61 };
    ck_assert_int_eq(xjd_options_load_national(o, junk, sizeof junk), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(xjd_options_errmsg(o), "national set"));
    buf b = set_2027(0);
    for (size_t cut = 0; cut < b.n; cut += 7)
        ck_assert_int_eq(xjd_options_load_national(o, b.b, cut), XJD_EINPUT);
    xjd_options_free(o);
}
END_TEST

/* A loaded set with a built-in id replaces it; the engine lists every set with its document. */
START_TEST(loaded_set_replaces_a_builtin_by_id)
{
    size_t n = 0;
    const xjd_national_rules *b = xjd_national_builtin(&n);
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_nonnull(b[1].doc);
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    /* the built-in document itself loads, and loading it twice keeps one copy */
    ck_assert_int_eq(xjd_options_load_national(o, b[1].doc, b[1].doc_len), 0);
    ck_assert_int_eq(xjd_options_load_national(o, b[1].doc, b[1].doc_len), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    ck_assert_uint_eq(xjd_engine_national_count(e), 2);
    const uint8_t *doc = NULL;
    size_t len = 0;
    ck_assert_int_eq(xjd_engine_national_document(&doc, &len, e, 1), 0);
    ck_assert_uint_eq(len, b[1].doc_len);
    ck_assert_mem_eq(doc, b[1].doc, len);
    ck_assert_int_eq(xjd_engine_national_document(&doc, &len, e, 2), XJD_ENOTFOUND);
    xjd_engine_free(e);
    xjd_options_free(o);
}
END_TEST

/* The built-in documents are deterministic CBOR (the generator's encoding) and say which law
 * their citations use. */
START_TEST(builtin_documents_are_deterministic)
{
    size_t n = 0;
    const xjd_national_rules *b = xjd_national_builtin(&n);
    for (size_t i = 0; i < n; i++) {
        xjd_cdoc doc;
        xjd_cdoc_init(&doc, NULL);
        xjd_allocator a;
        xjd_alloc_init(&a, NULL);
        doc.a = &a;
        ck_assert_int_eq(xjd_cbor_parse(&doc, b[i].doc, b[i].doc_len, NULL, 0), 0);
        ck_assert_int_eq(xjd_cbor_is_deterministic(&doc, 0), 1);
        xjd_cdoc_free(&doc);
        ck_assert_str_eq(b[i].law, b[i].id);
    }
}
END_TEST

static Suite *natdoc_suite(void)
{
    Suite *s = suite_create("natdoc");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, loaded_set_grounds_its_own_citations);
    tcase_add_test(tc, loaded_set_registers_its_law);
    tcase_add_test(tc, malformed_documents_name_the_member);
    tcase_add_test(tc, loaded_set_replaces_a_builtin_by_id);
    tcase_add_test(tc, builtin_documents_are_deterministic);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(natdoc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tu_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
