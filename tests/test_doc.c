/* SPDX-License-Identifier: MIT */
/* Suite: doc — descriptor tables, path setters, CBOR decoding and deterministic encoding. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_io.h"
#include "doc.h"
#include "xjdata.h"

/* ---- counting allocator that can fail the n-th allocation ---- */
typedef struct {
    long live;      /* outstanding blocks */
    long calls;     /* allocations attempted */
    long fail_at;   /* fail the allocation with this call number (1-based); 0 = never */
} ctr;

static void *c_malloc(void *ud, size_t n)
{
    ctr *c = ud;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(n);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    ctr *c = ud;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        c->live++;
    return q;
}

static void c_free(void *ud, void *p)
{
    ctr *c = ud;
    if (p)
        c->live--;
    free(p);
}

static xjd_allocator counting(ctr *c)
{
    xjd_allocator a = { c_malloc, c_realloc, c_free, c };
    return a;
}

/* ------------------------------------------------------------------------------------------ */

START_TEST(tables_are_consistent)
{
    ck_assert_int_eq(xjd_doc_check_tables(), 0);
    /* Every field of both tables is reachable by its own path. */
    for (int f = 0; f < RF__COUNT; f++)
        ck_assert_int_eq(xjd_request_field_id(xjd_request_fields[f].path), f);
    for (int f = 0; f < DF__COUNT; f++)
        ck_assert_int_eq(xjd_dataset_field_id(xjd_dataset_fields[f].path), f);
    ck_assert_int_eq(xjd_request_field_id("purpose.statutory_dty"), -1);
    ck_assert_int_eq(xjd_request_field_id("requester.id.x"), -1);
    ck_assert_int_eq(xjd_request_field_id("export."), -1);
    ck_assert_int_eq(xjd_request_field_id(""), -1);
    /* Enum names follow the enums of doc.h. */
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_ACTION], XJD_ACT_EXPORT), "export");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_RULEBOOK], XJD_RB_DRAFT2024), "xj-2024-draft");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_EXPORT_EXEMPTION], XJD_EX_FTZ_OUTSIDE_LIST),
                     "ftz_outside_list");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_EXPORT_LEGAL_BASIS], XJD_LB_STATUTORY_DUTY),
                     "statutory_duty");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_TRADE_PROVIDER_KIND], XJD_KIND_UNINCORPORATED_ORG),
                     "unincorporated_org");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_dataset_fields[DF_SHARE_TYPE], XJD_ST_NONE), "none");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_dataset_fields[DF_SECRET], XJD_SECRET_WORK), "work");
    ck_assert_ptr_null(xjd_field_enum_name(&xjd_dataset_fields[DF_SECRET], 4));
    ck_assert_ptr_null(xjd_field_enum_name(&xjd_dataset_fields[DF_SECRET], 0));
    ck_assert_ptr_null(xjd_field_enum_name(&xjd_dataset_fields[DF_ID], 1));
    ck_assert(xjd_request_fields[RF_ACTION].required);
    ck_assert(xjd_request_fields[RF_REQUESTER_ID].required);
    ck_assert(xjd_dataset_fields[DF_ID].required);
    ck_assert(xjd_dataset_fields[DF_SHARE_BASIS].nullable);
    ck_assert(xjd_dataset_fields[DF_OPEN_BASIS].nullable);
    ck_assert(!xjd_request_fields[RF_REQUESTER_ID].nullable);
}
END_TEST

START_TEST(setters_every_kind)
{
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_set_string(r, "action", "export"), 0);
    ck_assert_int_eq(XJD_I(r, RF_ACTION), XJD_ACT_EXPORT);
    ck_assert_int_eq(xjd_request_set_string(r, "at", "2026-03-02T10:00:00+08:00"), 0);
    ck_assert_int_eq(XJD_I(r, RF_AT), xjd_days_from_civil(2026, 3, 2) * 86400 + 2 * 3600);
    ck_assert_int_eq(r->v[RF_AT].aux, 480);
    ck_assert_int_eq(xjd_request_set_string(r, "requester.id", "xj-health-commission"), 0);
    ck_assert(XJD_HAS(r, RF_REQUESTER));
    ck_assert_str_eq(XJD_S(r, RF_REQUESTER_ID), "xj-health-commission");
    ck_assert_int_eq(xjd_request_set_string(r, "requester.name", "自治区卫生健康委员会"), 0);
    ck_assert_int_eq(xjd_request_set_bool(r, "requester.ciio", true), 0);
    ck_assert(XJD_TRUE(r, RF_REQUESTER_CIIO));
    ck_assert_int_eq(xjd_request_set_bool(r, "requester.state_organ", false), 0);
    ck_assert(XJD_FALSE(r, RF_REQUESTER_STATE_ORGAN));
    ck_assert_int_eq(xjd_request_set_int(r, "export.individuals_ytd", 120000), 0);
    ck_assert(XJD_HAS(r, RF_EXPORT));
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_INDIVIDUALS_YTD), 120000);
    ck_assert_int_eq(xjd_request_set_string(r, "export.assessment.status", "passed"), 0);
    ck_assert(XJD_HAS(r, RF_EXPORT_ASSESSMENT));
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_ASSESSMENT_STATUS), XJD_AS_PASSED);
    ck_assert_int_eq(xjd_request_set_string(r, "export.assessment.valid_until", "2027-05-01"), 0);
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_ASSESSMENT_VALID_UNTIL), xjd_days_from_civil(2027, 5, 1));
    /* received_at also takes a date-time: its calendar date in its own offset */
    ck_assert_int_eq(xjd_request_set_string(r, "share.received_at", "2026-03-02T01:00:00+08:00"), 0);
    ck_assert_int_eq(XJD_I(r, RF_SHARE_RECEIVED_AT), xjd_days_from_civil(2026, 3, 2));
    ck_assert_int_eq(xjd_request_set_string(r, "share.received_at", "2026-03-02T23:30:00-05:00"), 0);
    ck_assert_int_eq(XJD_I(r, RF_SHARE_RECEIVED_AT), xjd_days_from_civil(2026, 3, 2));
    ck_assert_int_eq(xjd_request_set_string(r, "trade.provider.kind", "legal_person"), 0);
    ck_assert(XJD_HAS(r, RF_TRADE) && XJD_HAS(r, RF_TRADE_PROVIDER));
    ck_assert_int_eq(XJD_I(r, RF_TRADE_PROVIDER_KIND), XJD_KIND_LEGAL_PERSON);
    ck_assert_str_eq(xjd_request_errmsg(r), "");
    /* unset of an object removes its subtree */
    ck_assert_int_eq(xjd_request_unset(r, "export"), 0);
    ck_assert(!r->v[RF_EXPORT].present);
    ck_assert(!r->v[RF_EXPORT_ASSESSMENT].present);
    ck_assert(!r->v[RF_EXPORT_ASSESSMENT_STATUS].present);
    ck_assert(!r->v[RF_EXPORT_INDIVIDUALS_YTD].present);
    ck_assert(XJD_HAS(r, RF_TRADE_PROVIDER_KIND));
    ck_assert_int_eq(xjd_request_unset(r, "requester.ciio"), 0);
    ck_assert(!r->v[RF_REQUESTER_CIIO].present);
    ck_assert(XJD_HAS(r, RF_REQUESTER));
    xjd_request_clear(r);
    for (int f = 0; f < RF__COUNT; f++)
        ck_assert(!r->v[f].present);
    ck_assert_int_eq(xjd_request_set_string(r, "requester.id", "x"), 0); /* reuse after clear */
    ck_assert_str_eq(XJD_S(r, RF_REQUESTER_ID), "x");
    xjd_request_free(r);
    xjd_request_free(NULL);
}
END_TEST

START_TEST(dataset_setters)
{
    xjd_dataset *d;
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "id", "xj-hc-0042"), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "share_type", "conditional"), 0);
    ck_assert_int_eq(XJD_I(d, DF_SHARE_TYPE), XJD_ST_CONDITIONAL);
    ck_assert_int_eq(xjd_dataset_add_string(d, "share_conditions", "仅用于疾病防控"), 0);
    for (int i = 0; i < 9; i++)
        ck_assert_int_eq(xjd_dataset_add_string(d, "share_conditions", "c"), 0);
    ck_assert_uint_eq(d->v[DF_SHARE_CONDITIONS].n, 10);
    ck_assert_str_eq(d->v[DF_SHARE_CONDITIONS].arr[0], "仅用于疾病防控");
    ck_assert_int_eq(xjd_dataset_set_null(d, "share_basis"), 0);
    ck_assert(d->v[DF_SHARE_BASIS].present && d->v[DF_SHARE_BASIS].is_null);
    ck_assert(!XJD_HAS(d, DF_SHARE_BASIS));
    ck_assert_int_eq(xjd_dataset_set_int(d, "personal_info.individuals", 52000), 0);
    ck_assert(XJD_HAS(d, DF_PERSONAL_INFO));
    ck_assert_int_eq(xjd_dataset_set_bool(d, "emergency.ended", false), 0);
    ck_assert(XJD_FALSE(d, DF_EMERGENCY_ENDED));
    ck_assert_int_eq(xjd_dataset_unset(d, "share_conditions"), 0);
    ck_assert(!d->v[DF_SHARE_CONDITIONS].present);
    ck_assert_uint_eq(d->v[DF_SHARE_CONDITIONS].n, 0);
    xjd_dataset_free(d);
    xjd_dataset_free(NULL);
}
END_TEST

START_TEST(setter_errors_name_the_path)
{
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_set_string(r, "action", "shar"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "action");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "share, open, export, trade"));
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "shar"));
    ck_assert(!r->v[RF_ACTION].present);

    ck_assert_int_eq(xjd_request_set_bool(r, "requester.id", true), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "requester.id");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "text"));
    ck_assert(!r->v[RF_REQUESTER].present); /* a failed set marks nothing */

    ck_assert_int_eq(xjd_request_set_string(r, "purpose.statutory_dty", "x"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "purpose.statutory_dty");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "unknown field"));

    ck_assert_int_eq(xjd_request_set_int(r, "export.individuals_ytd", -1), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "export.individuals_ytd");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), ">= 0"));

    ck_assert_int_eq(xjd_request_set_string(r, "share.received_at", "2026-02-30"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "share.received_at");
    ck_assert_int_eq(xjd_request_set_string(r, "at", "2026-03-02T10:00:00"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "at");
    ck_assert_int_eq(xjd_request_set_null(r, "requester.id"), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "null"));
    ck_assert_int_eq(xjd_request_set_bool(r, "export", true), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "export");
    ck_assert_int_eq(xjd_request_set_string(r, "requester.name", "bad\xff"), XJD_EINPUT);
    ck_assert_int_eq(xjd_request_set_string(r, NULL, "x"), XJD_EINVAL);
    ck_assert_int_eq(xjd_request_set_string(NULL, "action", "x"), XJD_EINVAL);

    /* dataset paths through the request, errors request-rooted */
    ck_assert_int_eq(xjd_request_set_string(r, "dataset.share_type", "sometimes"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "dataset.share_type");
    ck_assert_ptr_null(xjd_request_dataset(r));
    ck_assert_int_eq(xjd_request_set_string(r, "dataset.share_type", "none"), 0);
    ck_assert_ptr_nonnull(xjd_request_dataset(r));
    ck_assert_int_eq(XJD_I(xjd_request_dataset(r), DF_SHARE_TYPE), XJD_ST_NONE);
    ck_assert_str_eq(xjd_request_errmsg(r), ""); /* success clears the last error */

    xjd_dataset *d;
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "foo", "x"), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.foo");
    ck_assert_int_eq(xjd_dataset_set_string(d, "grade", "secret"), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.grade");
    ck_assert_ptr_nonnull(strstr(xjd_dataset_errmsg(d), "core, important, general"));
    ck_assert_int_eq(xjd_dataset_set_string(d, "share_conditions", "x"), XJD_EINPUT);
    ck_assert_int_eq(xjd_dataset_add_string(d, "title", "x"), XJD_EINPUT);
    ck_assert_int_eq(xjd_dataset_set_null(d, "title"), XJD_EINPUT);
    ck_assert_int_eq(xjd_dataset_set_int(d, "personal_info.individuals", -5), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.personal_info.individuals");
    ck_assert_int_eq(xjd_dataset_erroffset(d), -1);
    xjd_dataset_free(d);
    xjd_request_free(r);
}
END_TEST

START_TEST(set_dataset_copies)
{
    xjd_request *r;
    xjd_dataset *d;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "id", "ds-1"), 0);
    ck_assert_int_eq(xjd_dataset_add_string(d, "share_conditions", "a"), 0);
    ck_assert_int_eq(xjd_dataset_add_string(d, "share_conditions", "b"), 0);
    ck_assert_int_eq(xjd_dataset_set_null(d, "open_basis"), 0);
    ck_assert_int_eq(xjd_request_set_dataset(r, d), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "id", "changed"), 0); /* the request holds a copy */
    const xjd_dataset *e = xjd_request_dataset(r);
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_ne(e, d);
    ck_assert_str_eq(XJD_S(e, DF_ID), "ds-1");
    ck_assert_uint_eq(e->v[DF_SHARE_CONDITIONS].n, 2);
    ck_assert_str_eq(e->v[DF_SHARE_CONDITIONS].arr[1], "b");
    ck_assert(e->v[DF_OPEN_BASIS].is_null);
    /* setting from its own embedded dataset works */
    ck_assert_int_eq(xjd_request_set_dataset(r, e), 0);
    ck_assert_str_eq(XJD_S(xjd_request_dataset(r), DF_ID), "ds-1");
    ck_assert_int_eq(xjd_request_set_dataset(r, NULL), 0);
    ck_assert_ptr_null(xjd_request_dataset(r));
    ck_assert_int_eq(xjd_request_set_dataset(r, d), 0);
    ck_assert_int_eq(xjd_request_unset(r, "dataset"), 0);
    ck_assert_ptr_null(xjd_request_dataset(r));
    xjd_dataset_free(d);
    xjd_request_free(r);
}
END_TEST

START_TEST(set_ext_canonical)
{
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    /* {"b": 1, "a": [1.0 as double]} indefinite: stored as {"a": [1.0 as half], "b": 1} */
    const uint8_t in[] = { 0xbf, 0x61, 0x62, 0x01, 0x61, 0x61, 0x81, 0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0xff };
    const uint8_t want[] = { 0xa2, 0x61, 0x61, 0x81, 0xf9, 0x3c, 0x00, 0x61, 0x62, 0x01 };
    ck_assert_int_eq(xjd_request_set_ext(r, in, sizeof in), 0);
    ck_assert(XJD_HAS(r, RF_EXT));
    ck_assert_uint_eq(r->v[RF_EXT].len, sizeof want);
    ck_assert_mem_eq(r->v[RF_EXT].s, want, sizeof want);
    /* errors keep the previous value */
    const uint8_t arr[] = { 0x80 };
    ck_assert_int_eq(xjd_request_set_ext(r, arr, sizeof arr), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "ext");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "map"));
    const uint8_t trunc[] = { 0xa1, 0x61 };
    ck_assert_int_eq(xjd_request_set_ext(r, trunc, sizeof trunc), XJD_EINPUT);
    ck_assert_int_eq(xjd_request_erroffset(r), 0); /* the map declares more than the bytes left */
    const uint8_t dup[] = { 0xa2, 0x01, 0x00, 0x18, 0x01, 0x00 };
    ck_assert_int_eq(xjd_request_set_ext(r, dup, sizeof dup), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "duplicate"));
    ck_assert_uint_eq(r->v[RF_EXT].len, sizeof want);
    ck_assert_int_eq(xjd_request_unset(r, "ext"), 0);
    ck_assert(!XJD_HAS(r, RF_EXT));

    xjd_dataset *d;
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    const uint8_t empty[] = { 0xa0 };
    ck_assert_int_eq(xjd_dataset_set_ext(d, empty, 1), 0);
    ck_assert(XJD_HAS(d, DF_EXT));
    ck_assert_uint_eq(d->v[DF_EXT].len, 1);
    ck_assert_int_eq(xjd_dataset_set_ext(d, arr, 1), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.ext");
    xjd_dataset_free(d);
    xjd_request_free(r);
}
END_TEST

/* Every allocation failure leaves the objects usable and leaks nothing. */
START_TEST(setters_out_of_memory)
{
    for (long k = 1; k < 200; k++) {
        ctr c = { 0, 0, k };
        xjd_allocator a = counting(&c);
        xjd_request *r = NULL;
        xjd_dataset *d = NULL;
        int rc = xjd_request_new(&r, &a);
        if (rc) {
            ck_assert_int_eq(rc, XJD_ENOMEM);
            ck_assert_int_eq(c.live, 0);
            continue;
        }
        rc = xjd_dataset_new(&d, &a);
        if (rc) {
            ck_assert_int_eq(rc, XJD_ENOMEM);
            xjd_request_free(r);
            ck_assert_int_eq(c.live, 0);
            continue;
        }
        int fails = 0;
        rc = xjd_request_set_string(r, "requester.id", "abc");
        fails += rc == XJD_ENOMEM;
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        if (rc)
            ck_assert(!r->v[RF_REQUESTER_ID].present);
        rc = xjd_request_set_string(r, "dataset.title", "t");
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        fails += rc == XJD_ENOMEM;
        rc = xjd_dataset_add_string(d, "share_conditions", "a");
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        fails += rc == XJD_ENOMEM;
        rc = xjd_dataset_set_string(d, "id", "x");
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        fails += rc == XJD_ENOMEM;
        rc = xjd_request_set_dataset(r, d);
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        fails += rc == XJD_ENOMEM;
        if (rc)
            ck_assert_str_eq(xjd_request_errpath(r), "dataset");
        /* still usable after the failure */
        long calls = c.calls;
        c.fail_at = 0;
        ck_assert_int_eq(xjd_request_set_string(r, "action", "share"), 0);
        ck_assert_int_eq(xjd_request_set_string(r, "purpose.scenario", "s"), 0);
        xjd_dataset_free(d);
        xjd_request_free(r);
        ck_assert_int_eq(c.live, 0);
        if (!fails && calls < k)
            break; /* every allocation point has been failed once */
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("setters");
    tcase_add_test(tc, tables_are_consistent);
    tcase_add_test(tc, setters_every_kind);
    tcase_add_test(tc, dataset_setters);
    tcase_add_test(tc, setter_errors_name_the_path);
    tcase_add_test(tc, set_dataset_copies);
    tcase_add_test(tc, setters_out_of_memory);
    tcase_add_test(tc, set_ext_canonical);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
